"""Filters by level, year and issuer; facets; sorting by date; paging; phrase and exclusion."""

from __future__ import annotations

import pytest

HECHUAN = "chongqing-hechuan-2024"


def _search(client, **params) -> dict:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _error(client, **params) -> str:
    response = client.get("/api/search", params=params)
    assert response.status_code == 422, response.text
    return response.json()["detail"]


def _plans(client) -> dict[str, dict]:
    return {d["doc_id"]: d for d in client.get("/api/documents").json()["documents"]}


def test_level_filter_keeps_only_plans_of_that_level(client) -> None:
    plans = _plans(client)
    body = _search(client, q="质量品牌", level="省级", k=20)
    assert body["results"] and {plans[h["doc_id"]]["level"] for h in body["results"]} == {"省级"}
    assert body["filters"]["level"] == ["省级"]
    assert [f["value"] for f in body["facets"]["level"]] == ["省级"]


def test_year_range_keeps_plans_published_within_it(client) -> None:
    plans = _plans(client)
    body = _search(client, q="质量品牌", year_from=2023, year_to=2023, k=20)
    years = {plans[h["doc_id"]]["published"][:4] for h in body["results"]}
    assert years == {"2023"}
    assert [f["value"] for f in body["facets"]["year"]] == ["2023"]
    assert _search(client, q="质量品牌", year_from=2030)["total"] == 0


def test_issuer_filter_matches_part_of_the_name(client) -> None:
    plans = _plans(client)
    body = _search(client, q="质量品牌", issuer="合川区人民政府", k=20)
    assert {h["doc_id"] for h in body["results"]} == {HECHUAN}
    assert "合川区人民政府" in plans[HECHUAN]["issuer"]


def test_facets_count_every_matching_passage_not_only_the_page(client) -> None:
    body = _search(client, q="首席质量官", k=3)
    assert len(body["results"]) == 3 and body["total"] > 3
    assert body["total_relation"] == "eq"  # the index folder counts every match
    for name in ("region", "level", "year"):
        assert sum(f["count"] for f in body["facets"][name]) == body["total"], name
    # A facet's count is the total its filter gives. (In hybrid and dense mode the passages
    # found by meaning alone are the nearest among those searched, so a filter can bring in
    # others; with words alone the count is exact.)
    words = _search(client, q="首席质量官", mode="lexical", k=3)
    by_region = {f["value"]: f["count"] for f in words["facets"]["region"]}
    filtered = _search(client, q="首席质量官", mode="lexical", region="重庆市合川区", k=3)
    assert filtered["total"] == by_region["重庆市合川区"]
    assert [f["value"] for f in filtered["facets"]["region"]] == ["重庆市合川区"]


def test_lexical_total_is_the_passages_holding_a_query_word(client, documents) -> None:
    body = _search(client, q="首席质量官", mode="lexical", k=1)
    holding = sum("首席质量官" in p.text for d in documents.values() for p in d.passages)
    assert body["total"] >= holding > 1


def test_pages_follow_each_other_without_gaps_or_repeats(client) -> None:
    first_twenty = [h["passage_id"] for h in _search(client, q="质量提升", k=20)["results"]]
    page_one = _search(client, q="质量提升", k=10)
    page_two = _search(client, q="质量提升", k=10, page=2)
    by_offset = _search(client, q="质量提升", k=10, offset=10)
    assert [h["passage_id"] for h in page_one["results"] + page_two["results"]] == first_twenty
    assert by_offset["results"] == page_two["results"]
    assert [h["rank"] for h in page_two["results"]] == list(range(11, 21))
    assert (page_two["page"], page_two["offset"], page_two["k"]) == (2, 10, 10)
    assert page_one["total"] == page_two["total"]


def test_a_page_past_the_last_result_is_empty(client) -> None:
    body = _search(client, q="首席质量官", mode="lexical", k=10, page=40)
    assert body["results"] == [] and body["total"] > 0


def test_sort_by_date_puts_the_newest_plans_first(client) -> None:
    plans = _plans(client)
    query = {"q": '"首席质量官"', "k": 50}
    body = _search(client, sort="date", **query)
    dates = [plans[h["doc_id"]]["published"] for h in body["results"]]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 2
    assert body["sort"] == "date"
    relevance = _search(client, **query)
    assert body["total"] == relevance["total"] == len(body["results"])
    assert {h["passage_id"] for h in body["results"]} == {
        h["passage_id"] for h in relevance["results"]
    }


def test_a_quoted_phrase_must_be_in_every_result_and_is_marked(client) -> None:
    body = _search(client, q='"质量月"', k=50)
    assert body["results"] and body["syntax"]["phrases"] == ["质量月"]
    for hit in body["results"]:
        assert "质量月" in hit["text"]
        assert "<mark>质量月</mark>" in hit["highlight"]
    assert body["total"] == len(body["results"])


def test_an_excluded_word_is_in_no_result_and_never_marked(client) -> None:
    plain = _search(client, q="人才培养", k=50)
    assert any("培训" in h["text"] for h in plain["results"])
    body = _search(client, q="人才培养 -培训", k=50)
    assert body["results"] and body["syntax"]["excluded"] == ["培训"]
    assert not any("培训" in h["text"] for h in body["results"])
    assert not any("培训" in h["highlight"] for h in body["results"])
    assert body["total"] < plain["total"]


def test_the_context_of_a_passage_never_marks_an_excluded_word(client, documents) -> None:
    passage = next(
        p for d in documents.values() for p in d.passages if "培训" in p.text and "人才" in p.text
    )
    shown = client.get(f"/api/passages/{passage.passage_id}", params={"q": "人才 -培训"}).json()
    assert "<mark>人才</mark>" in shown["highlight"]
    assert "<mark>培训" not in shown["highlight"]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"level": "乡镇级"}, "unknown level '乡镇级'; use one of 省级, 市级, 区县级, 国家级新区"),
        ({"year_from": 2025, "year_to": 2023}, "year_from 2025 is after year_to 2023; swap them"),
        ({"issuer": "北京市人民政府"}, "no plan issued by '北京市人民政府'; known issuers:"),
        ({"sort": "newest"}, "sort: Input should be 'relevance' or 'date' (got 'newest')"),
        ({"page": 0}, "page: Input should be greater than or equal to 1 (got '0')"),
        ({"page": 2, "offset": 5}, "page 2 and offset 5 disagree for k=10; give one of them"),
        ({"page": 51}, "results 501-510 are past the first 500, the deepest that can be paged"),
        ({"q": "-培训"}, "the query only excludes words (-培训); add the words to search for"),
    ],
)
def test_bad_refinements_say_what_to_fix(client, params, detail) -> None:
    assert _error(client, **{"q": "质量", **params}).startswith(detail)


def test_a_phrase_typed_in_traditional_characters_matches_the_plans_simplified_text(
    client,
) -> None:
    simplified = _search(client, q='"质量月"', k=50)
    traditional = _search(client, q='"質量月"', k=50)
    assert traditional["syntax"]["phrases"] == ["质量月"]
    assert [h["passage_id"] for h in traditional["results"]] == [
        h["passage_id"] for h in simplified["results"]
    ]
