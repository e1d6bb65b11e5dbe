"""GET /api/passages/{passage_id}: one passage in context, with its neighbours in the plan."""

from __future__ import annotations

import html

import pytest

from tests.support.contract import DOC_IDS, PASSAGE_FIELDS


def _passage(client, passage_id: str) -> dict:
    response = client.get(f"/api/passages/{passage_id}")
    assert response.status_code == 200, response.text
    return response.json()


def _any_passage_of(client, doc_id: str) -> str:
    hits = client.get("/api/search", params={"q": "质量", "doc_id": doc_id}).json()["results"]
    return hits[0]["passage_id"]


def test_passage_repeats_the_search_hit_without_rank_or_score(client) -> None:
    hit = client.get("/api/search", params={"q": "首席质量官"}).json()["results"][0]

    passage = _passage(client, hit["passage_id"])

    assert set(passage) == PASSAGE_FIELDS
    assert passage["rank"] is None and passage["score"] is None
    for name in (
        "passage_id",
        "doc_id",
        "doc_title",
        "region",
        "section",
        "responsible_units",
        "text",
    ):
        assert passage[name] == hit[name]
    assert passage["highlight"] == html.escape(passage["text"], quote=False)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_neighbours_walk_the_whole_plan_in_order(client, doc_id: str) -> None:
    plan = client.get(f"/api/documents/{doc_id}").json()
    first = _any_passage_of(client, doc_id)
    while (previous := _passage(client, first)["prev_id"]) is not None:
        first = previous

    walked, current, before = [], first, None
    while current is not None:
        passage = _passage(client, current)
        assert passage["doc_id"] == doc_id
        assert passage["prev_id"] == before
        walked.append(current)
        before, current = current, passage["next_id"]

    assert len(walked) == plan["passages"]
    assert len(set(walked)) == len(walked)


def test_first_passage_of_hechuan_is_its_notice(client) -> None:
    first = _any_passage_of(client, "chongqing-hechuan-2024")
    while (previous := _passage(client, first)["prev_id"]) is not None:
        first = previous

    passage = _passage(client, first)

    assert passage["prev_id"] is None
    assert passage["section"] == ["印发通知"]
    assert passage["text"].startswith(
        "重庆市合川区人民政府关于印发《合川区质量强区建设实施方案》的通知"
    )


@pytest.mark.parametrize(
    "passage_id",
    ["nope", "chongqing-hechuan-2024", "首席质量官", "😀", "chongqing-hechuan-2024-0000000000"],
)
def test_unknown_passage_is_404_saying_where_ids_come_from(client, passage_id: str) -> None:
    response = client.get(f"/api/passages/{passage_id}")

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"no passage with passage_id {passage_id!r}; ids come from search results"
    }


# -- ?q= marks the query's words ---------------------------------------------------------------
def test_q_marks_the_words_as_the_search_did(client) -> None:
    hit = client.get("/api/search", params={"q": "首席质量官制度"}).json()["results"][0]
    marked = client.get(f"/api/passages/{hit['passage_id']}", params={"q": "首席质量官制度"})
    assert marked.status_code == 200
    assert marked.json()["highlight"] == hit["highlight"]
    assert "<mark>首席质量官</mark>" in hit["highlight"]
    assert "<mark>" not in _passage(client, hit["passage_id"])["highlight"]


@pytest.mark.parametrize("q", ["", "   ", "\u200b"])
def test_a_blank_q_marks_nothing(client, q: str) -> None:
    passage_id = _any_passage_of(client, "chongqing-hechuan-2024")
    response = client.get(f"/api/passages/{passage_id}", params={"q": q})
    assert response.status_code == 200
    body = response.json()
    assert body["highlight"] == html.escape(body["text"], quote=False)


def test_markup_in_q_is_never_echoed_into_the_highlight(client) -> None:
    hit = client.get("/api/search", params={"q": "首席质量官"}).json()["results"][0]
    body = client.get(
        f"/api/passages/{hit['passage_id']}", params={"q": "<script>alert(1)</script>首席质量官"}
    ).json()
    assert "<script" not in body["highlight"]
    assert "<mark>首席质量官</mark>" in body["highlight"]


def test_a_q_too_long_is_refused_with_its_limit(client) -> None:
    passage_id = _any_passage_of(client, "chongqing-hechuan-2024")
    response = client.get(f"/api/passages/{passage_id}", params={"q": "质" * 201})
    assert response.status_code == 422
    assert "200" in response.json()["detail"]
