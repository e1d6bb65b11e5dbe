"""Targets written as the plans write them, and values no plan can mean, on the five plans."""

from __future__ import annotations

import pytest

from index.targets.wording import implausible, number, written
from index.types import Target


def target(**fields: object) -> Target:
    base: dict[str, object] = {
        "metric": "食品抽检合格率",
        "value": 98.2,
        "unit": "%",
        "comparator": "达到",
        "at_least": True,
        "year": 2027,
        "doc_id": "d",
        "passage_id": "p",
        "text": "食品抽检合格率达到98.2%以上",
        "bound": "以上",
    }
    return Target(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("食品抽检合格率", "2027年达到98.2%以上"),
        ("社会研发经费投入", "年均增长20%"),
        ("城镇调查失业率", "控制在5.5%"),
        ("城镇新增就业", "1.7万人以上"),
        ("实施智改数转项目", "2025年不少于100个"),
        ("高标准农田", "累计建成4.4万亩"),
        ("制造业质量竞争力指数", "2027年达到92以上"),
    ],
)
def test_every_target_of_the_plans_is_written_as_the_plan_writes_it(
    searcher, metric: str, expected: str
) -> None:
    found = [t for t in searcher.targets if t.metric == metric]
    assert found, metric
    assert written(found[0]) == expected
    # what the plan says, apart from the year put in front
    assert expected.split("年", 1)[-1] in found[0].text or expected in found[0].text


def test_numbers_never_show_an_exponent_or_trailing_zeros() -> None:
    assert [number(v) for v in (98.2, 95.0, 100, 1000000, 0.5, 0)] == [
        "98.2",
        "95",
        "100",
        "1000000",
        "0.5",
        "0",
    ]


def test_a_share_above_100_percent_is_flagged_and_still_shown_as_published(searcher) -> None:
    forest = [t for t in searcher.targets if t.metric == "森林覆盖率" and t.value == 265]
    assert forest
    assert written(forest[0]) == "2027年超265%"
    assert implausible(forest[0]) == "森林覆盖率不会超过100%，原文数值疑为录入错误，请核对原句"
    flagged = [t.metric for t in searcher.targets if implausible(t)]
    assert flagged == ["森林覆盖率"]


def test_growth_and_plausible_values_are_not_flagged() -> None:
    assert implausible(target()) is None
    assert (
        implausible(target(metric="研发经费投入增长率", comparator="年均增长", value=120)) is None
    )
    assert implausible(target(metric="公共服务质量满意度", unit="分", value=82)) is None
    assert implausible(target(metric="公共服务质量满意度", unit="分", value=820)) is not None
