"""Compare: every plan once, the plans that address a query first, the rest left empty."""

from __future__ import annotations

import pytest

from index.compare import compare


def test_every_plan_appears_exactly_once(searcher):
    comparison = compare(searcher, "首席质量官制度")
    ids = [column.document.doc_id for column in comparison.columns]
    assert sorted(ids) == sorted(d.meta.doc_id for d in searcher.documents)
    assert len(ids) == len(set(ids)) == 5


def test_plans_addressing_a_shared_slogan_show_it_in_their_first_passage(searcher, documents):
    comparison = compare(searcher, "内外贸产品同线同标同质")
    addressing = {doc_id for doc_id, d in documents.items() if "同线同标同质" in d.text}
    assert len(addressing) >= 4
    for column in comparison.columns:
        if column.document.doc_id in addressing:
            assert column.hits, column.document.doc_id
            assert "同线同标同质" in column.hits[0].passage.text, column.document.doc_id


def test_a_query_only_one_plan_answers_leaves_most_others_empty(searcher, documents):
    query = "公园城市标准化综合试点"
    comparison = compare(searcher, query)
    first = comparison.columns[0]
    assert first.document.doc_id == "sichuan-tianfu-2024"
    assert "公园城市" in first.hits[0].passage.text
    others = comparison.columns[1:]
    assert not any("公园城市" in documents[c.document.doc_id].text for c in others)
    assert sum(1 for column in others if not column.hits) >= 3


def test_columns_are_ordered_by_their_best_passage(searcher):
    comparison = compare(searcher, "食品抽检合格率")
    best = [column.hits[0].score for column in comparison.columns if column.hits]
    assert best == sorted(best, reverse=True)
    filled = [bool(column.hits) for column in comparison.columns]
    assert filled == sorted(filled, reverse=True)  # empty plans come last


@pytest.mark.parametrize("per_doc", [1, 3])
def test_per_doc_limits_each_column(searcher, per_doc):
    comparison = compare(searcher, "质量品牌建设", per_doc=per_doc)
    for column in comparison.columns:
        assert len(column.hits) <= per_doc
        assert [hit.rank for hit in column.hits] == list(range(1, len(column.hits) + 1))
        assert all(hit.passage.doc_id == column.document.doc_id for hit in column.hits)
    assert any(len(column.hits) == per_doc for column in comparison.columns)


def test_a_query_no_plan_answers_leaves_every_column_empty(searcher):
    comparison = compare(searcher, "zzqxv")
    assert len(comparison.columns) == 5
    assert all(not column.hits for column in comparison.columns)
