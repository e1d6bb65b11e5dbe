"""GET /api/compare: every plan once, best match first, an empty column for a silent plan."""

from __future__ import annotations

import pytest

from tests.support.contract import DOC_IDS, HIT_FIELDS


def _compare(client, **params) -> dict:
    response = client.get("/api/compare", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _best_score(plan: dict) -> float:
    return plan["passages"][0]["score"] if plan["passages"] else float("-inf")


def test_response_has_the_query_and_one_column_per_plan(client) -> None:
    body = _compare(client, q="首席质量官")

    assert set(body) == {"query", "searched", "rewrites", "took_ms", "documents"}
    assert body["query"] == "首席质量官"
    assert body["took_ms"] >= 0
    assert [set(plan) for plan in body["documents"]] == [
        {"doc_id", "doc_title", "region", "passages"}
    ] * 5


@pytest.mark.parametrize("query", ["首席质量官", "商标品牌", "计量", "天府", "海河", "沙漠", "的"])
@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_every_plan_appears_exactly_once_best_match_first(client, query: str, mode: str) -> None:
    plans = _compare(client, q=query, mode=mode)["documents"]

    assert sorted(plan["doc_id"] for plan in plans) == sorted(DOC_IDS)
    best = [_best_score(plan) for plan in plans]
    assert best == sorted(best, reverse=True)


def test_plans_carry_their_title_and_region(client) -> None:
    summaries = {plan["doc_id"]: plan for plan in client.get("/api/documents").json()["documents"]}

    for plan in _compare(client, q="商标品牌")["documents"]:
        assert plan["doc_title"] == summaries[plan["doc_id"]]["title"]
        assert plan["region"] == summaries[plan["doc_id"]]["region"]


def test_every_plan_speaks_of_chief_quality_officers(client) -> None:
    plans = _compare(client, q="首席质量官")["documents"]

    for plan in plans:
        assert len(plan["passages"]) == 1
        assert "首席质量官" in plan["passages"][0]["text"]


def test_plans_that_say_nothing_relevant_have_empty_columns_at_the_end(client) -> None:
    plans = _compare(client, q="天府")["documents"]

    answering = [plan["doc_id"] for plan in plans if plan["passages"]]
    assert "sichuan-tianfu-2024" in answering
    assert "tianjin-dongli-2024" not in answering
    assert [bool(plan["passages"]) for plan in plans] == [True] * len(answering) + [False] * (
        5 - len(answering)
    )


def test_a_query_no_plan_answers_lists_every_plan_empty(client) -> None:
    plans = _compare(client, q="沙漠")["documents"]

    assert [plan["passages"] for plan in plans] == [[]] * 5


@pytest.mark.parametrize("per_doc", [1, 3, 5])
def test_each_column_holds_at_most_per_doc_of_its_own_passages(client, per_doc: int) -> None:
    plans = _compare(client, q="质量品牌建设", per_doc=per_doc)["documents"]

    assert any(len(plan["passages"]) == per_doc for plan in plans)
    for plan in plans:
        hits = plan["passages"]
        assert len(hits) <= per_doc
        assert [hit["rank"] for hit in hits] == list(range(1, len(hits) + 1))
        scores = [hit["score"] for hit in hits]
        assert scores == sorted(scores, reverse=True)
        for hit in hits:
            assert set(hit) == HIT_FIELDS
            assert hit["doc_id"] == plan["doc_id"]
            assert hit["doc_title"] == plan["doc_title"]


def test_default_is_one_passage_per_plan(client) -> None:
    plans = _compare(client, q="质量品牌建设")["documents"]

    assert max(len(plan["passages"]) for plan in plans) == 1
