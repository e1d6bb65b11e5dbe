"""What was searched: traditional characters, pinyin typos and English place names, said in the
response, and the words as typed on request."""

from __future__ import annotations


def test_traditional_characters_are_searched_as_simplified(client) -> None:
    body = client.get("/api/search", params={"q": "首席質量官"}).json()

    assert body["query"] == "首席質量官"
    assert body["searched"] == "首席质量官"
    assert body["rewrites"] == [
        {"kind": "simplified", "typed": "首席質量官", "searched": "首席质量官"}
    ]
    assert body["results"] and all("首席质量官" in hit["text"] for hit in body["results"][:3])
    assert "<mark>首席质量官</mark>" in body["results"][0]["highlight"]


def test_a_pinyin_typo_is_corrected_and_said(client) -> None:
    body = client.get("/api/search", params={"q": "质量巡诊邦扶"}).json()

    assert body["searched"] == "质量巡诊帮扶"
    assert {"kind": "spelling", "typed": "邦扶", "searched": "帮扶"} in body["rewrites"]
    assert any("帮扶" in hit["text"] for hit in body["results"][:3])


def test_correct_false_searches_the_words_as_typed(client) -> None:
    body = client.get("/api/search", params={"q": "质量巡诊邦扶", "correct": "false"}).json()

    assert body["searched"] == "质量巡诊邦扶"
    assert body["rewrites"] == []


def test_a_place_named_in_pinyin_restricts_like_its_chinese_name(client) -> None:
    body = client.get("/api/search", params={"q": "Hechuan food sampling"}).json()

    assert {"kind": "place", "typed": "Hechuan", "searched": "合川"} in body["rewrites"]
    assert [place["name"] for place in body["filters"]["detected"]] == ["合川"]
    assert {hit["doc_id"] for hit in body["results"]} == {"chongqing-hechuan-2024"}


def test_compare_and_ask_say_what_they_searched(client) -> None:
    compared = client.get("/api/compare", params={"q": "手席质量官"}).json()
    asked = client.get("/api/ask", params={"q": "首席質量官制度"}).json()

    assert compared["searched"] == "首席质量官"
    assert compared["rewrites"][0]["kind"] == "spelling"
    assert asked["searched"] == "首席质量官制度"
    assert asked["answer"] and "首席质量官" in asked["answer"][0]["text"]


def test_an_unchanged_query_has_no_rewrites(client) -> None:
    body = client.get("/api/search", params={"q": "首席质量官制度要求"}).json()

    assert body["searched"] == "首席质量官制度要求"
    assert body["rewrites"] == []
