"""The targets table for a query over the five plans: rows of one metric, a column per plan."""

from __future__ import annotations

import pytest

from index.errors import InvalidQuery
from index.targets.lookup import find_targets, query_variants

HECHUAN = "chongqing-hechuan-2024"
SHAPOTOU = "ningxia-shapotou-2022"
PROVINCE = "sichuan-province-2023"
TIANFU = "sichuan-tianfu-2024"
DONGLI = "tianjin-dongli-2024"


def cells(group) -> set[tuple[str, str, float, str, int | None]]:
    return {(t.doc_id, t.metric, t.value, t.unit, t.year) for t in group.targets}


def test_the_food_inspection_row(searcher):
    table = find_targets(searcher, "食品抽检合格率")
    assert table.groups
    assert {
        (HECHUAN, "食品抽检合格率", 98.2, "%", 2027),
        (PROVINCE, "食品抽检合格率", 98, "%", 2025),
        (DONGLI, "食品评价性抽检合格率", 98.5, "%", 2025),
    } <= cells(table.groups[0])
    # no plan's metric about another subject (农产品, 药品, 工业产品 …) comes in
    for group in table.groups:
        for target in group.targets:
            assert "食品" in target.metric, target.metric


def test_the_manufacturing_row_holds_all_five_plans(searcher):
    row = find_targets(searcher, "制造业产品质量合格率").groups[0]
    assert {t.doc_id for t in row.targets} == {HECHUAN, SHAPOTOU, PROVINCE, TIANFU, DONGLI}
    by_plan = {t.doc_id: t for t in row.targets}
    assert by_plan[TIANFU].metric.startswith("工业产品")
    assert by_plan[SHAPOTOU].metric.startswith("工业产品")
    assert (by_plan[PROVINCE].value, by_plan[PROVINCE].year) == (94, 2025)
    assert (by_plan[HECHUAN].value, by_plan[HECHUAN].year) == (95, 2027)


def test_the_public_service_satisfaction_row(searcher):
    row = find_targets(searcher, "公共服务质量满意度").groups[0]
    assert {
        (HECHUAN, "公共服务质量满意度", 82, "分", 2027),
        (PROVINCE, "公共服务质量满意度", 80, "分", 2025),
    } == cells(row)


def test_every_plan_is_a_column(searcher):
    table = find_targets(searcher, "食品抽检合格率")
    assert [p.doc_id for p in table.plans] == [d.meta.doc_id for d in searcher.documents]


def test_a_place_in_the_query_keeps_to_its_plan(searcher):
    table = find_targets(searcher, "合川 食品抽检合格率")
    assert [p.doc_id for p in table.plans] == [HECHUAN]
    assert cells(table.groups[0]) == {(HECHUAN, "食品抽检合格率", 98.2, "%", 2027)}


def test_a_region_filter_keeps_to_its_plans(searcher):
    table = find_targets(searcher, "食品抽检合格率", regions=("四川",))
    assert {p.doc_id for p in table.plans} == {PROVINCE, TIANFU}
    assert all(t.doc_id in {PROVINCE, TIANFU} for g in table.groups for t in g.targets)
    assert (PROVINCE, "食品抽检合格率", 98, "%", 2025) in cells(table.groups[0])


def test_an_unknown_region_is_refused(searcher):
    with pytest.raises(InvalidQuery, match="北京"):
        find_targets(searcher, "食品抽检合格率", regions=("北京",))


def test_everyday_words_find_the_metric_through_synonyms(searcher):
    assert "食品抽检合格率" in query_variants("吃的抽检合格率")
    row = find_targets(searcher, "吃的抽检合格率").groups[0]
    assert (HECHUAN, "食品抽检合格率", 98.2, "%", 2027) in cells(row)


def test_no_query_lists_every_target_once(searcher):
    table = find_targets(searcher, "")
    listed = [t for g in table.groups for t in g.targets]

    def stated(t):
        return (t.doc_id, t.metric, t.value, t.unit, t.comparator, t.year)

    assert (
        len(listed)
        == len({stated(t) for t in listed})
        == len({stated(t) for t in searcher.targets})
    )
    # 东丽's plan states 实施智改数转项目 不少于100个 and 津农精品 累计培育9个 twice each
    assert len(searcher.targets) == len(listed) + 2
    rows = [len({t.doc_id for t in g.targets}) for g in table.groups]
    assert rows == sorted(rows, reverse=True)  # metrics most plans share first


def test_a_query_no_metric_matches_gives_no_rows(searcher):
    assert find_targets(searcher, "电梯维保").groups == ()
