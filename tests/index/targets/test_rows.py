"""Rows of the targets table: one metric and one unit per row, the same rows browsed or queried."""

from __future__ import annotations

from index.targets.match import MATCH_THRESHOLD
from index.targets.rows import browse, matching, same_metric, table_rows
from index.types import Target


def target(doc_id: str, metric: str, value: float, unit: str = "%", year: int = 2025) -> Target:
    return Target(
        metric, value, unit, "达到", True, year, doc_id, f"{doc_id}-p", f"{metric}达到{value}{unit}"
    )


def metrics(targets: list[Target], row: tuple[int, ...]) -> list[str]:
    return [targets[p].metric for p in row]


def test_the_same_metric_across_plans_is_one_row_most_shared_first() -> None:
    targets = [
        target("a", "食品抽检合格率", 98),
        target("b", "食品抽检合格率", 98.2),
        target("a", "高标准农田", 4.4, "万亩"),
        target("c", "食品抽检合格率", 97),
    ]
    rows = table_rows(targets)
    assert rows == [(0, 1, 3), (2,)]


def test_one_subject_measured_alike_is_one_row() -> None:
    assert same_metric("食品抽检合格率", "食品评价性抽检合格率")
    assert same_metric("工业产品质量合格率", "工业产品质量监督抽查合格率")
    assert not same_metric("食品抽检合格率", "药品抽检合格率")


def test_other_works_never_share_a_row_with_major_works() -> None:
    assert not same_metric("其他工程一次验收合格率", "重大工程一次验收合格率")
    rows = table_rows(
        [target("a", "其他工程一次验收合格率", 100), target("b", "重大工程一次验收合格率", 100)]
    )
    assert len(rows) == 2


def test_a_row_never_mixes_units() -> None:
    targets = [
        target("a", "实行首席质量官制度企业", 50, "家"),
        target("b", "实行首席质量官制度企业", 80, "%"),
        target("c", "实行首席质量官制度企业", 60, "家"),
    ]
    rows = table_rows(targets)
    assert [{targets[p].unit for p in row} for row in rows] == [{"家"}, {"%"}]


def test_a_value_stated_twice_is_listed_once_and_two_values_share_the_cell() -> None:
    targets = [
        target("a", "实施智改数转项目", 100, "个"),
        target("a", "实施智改数转项目", 100, "个"),
        target("a", "实施智改数转项目", 150, "个", year=2027),
    ]
    assert table_rows(targets) == [(0, 2)]


def test_a_query_shows_the_browsed_rows_with_only_their_matches() -> None:
    targets = [
        target("a", "食品抽检合格率", 98.2),
        target("b", "食品评价性抽检合格率", 98.5),
        target("a", "农产品质量安全例行监测合格率", 98.3),
        target("b", "高标准农田", 4.4, "万亩"),
    ]
    rows = table_rows(targets)
    browsed = browse(targets, rows, {"a", "b"})
    queried = matching(targets, rows, {0: 1.0, 1: 0.7, 2: 0.5, 3: 0.1}, MATCH_THRESHOLD)
    assert [[t.metric for t in g.targets] for g in queried] == [
        ["食品抽检合格率", "食品评价性抽检合格率"],
        ["农产品质量安全例行监测合格率"],
    ]
    assert queried[0].targets in [g.targets for g in browsed]
    assert queried[0].score == 1.0
    assert matching(targets, rows, {0: 0.0, 1: 0.1, 2: 0.2, 3: 0.3}, MATCH_THRESHOLD) == []


def test_the_plans_browsed_and_queried_group_alike(searcher) -> None:
    from index.targets.lookup import find_targets

    browsed = {
        (t.doc_id, t.metric, t.value): group.metric
        for group in find_targets(searcher, "").groups
        for t in group.targets
    }
    rows = {}
    for group in find_targets(searcher, "").groups:
        for t in group.targets:
            rows[(t.doc_id, t.metric, t.value)] = id(group)
    for query in ("食品抽检合格率", "制造业产品质量合格率", "工程验收合格率", "满意度"):
        for group in find_targets(searcher, query).groups:
            keys = [(t.doc_id, t.metric, t.value) for t in group.targets]
            assert len({rows[key] for key in keys}) == 1, (query, keys)
            assert all(key in browsed for key in keys)


def test_the_browse_all_table_has_one_unit_per_row_and_no_repeated_value(searcher) -> None:
    from index.targets.lookup import find_targets

    for group in find_targets(searcher, "").groups:
        assert len({t.unit for t in group.targets}) == 1, group.metric
        values = [(t.doc_id, t.metric, t.value, t.year) for t in group.targets]
        assert len(values) == len(set(values)), group.metric
        assert not (
            any("其他" in t.metric for t in group.targets)
            and any("重大" in t.metric for t in group.targets)
        ), group.metric
