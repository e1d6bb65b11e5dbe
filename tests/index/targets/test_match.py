"""Matching metrics to a query (pure functions)."""

from __future__ import annotations

import pytest

from index.targets.match import (
    DENSE_SHARE,
    MATCH_THRESHOLD,
    dice,
    metric_score,
    split_metric,
    wording_score,
)
from index.types import Target


def target(doc_id: str, metric: str, value: float, year: int | None = 2025) -> Target:
    return Target(
        metric, value, "%", "达到", True, year, doc_id, f"{doc_id}-p", f"{metric}达到{value}%"
    )


def test_dice_of_character_bigrams():
    assert dice("食品抽检合格率", "食品抽检合格率") == 1.0
    assert dice("食品抽检合格率", "高标准农田") == 0.0
    assert 0 < dice("食品抽检合格率", "食品评价性抽检合格率") < 1
    assert dice("", "食品") == 0.0


def test_dice_ignores_width_and_punctuation():
    assert dice("ＧＤＰ比重", "gdp比重") == 1.0
    assert dice("“津农精品”", "津农精品") == 1.0


@pytest.mark.parametrize(
    ("metric", "subject", "measure"),
    [
        ("制造业产品质量合格率", "制造业产品", "合格率"),
        ("食品抽检合格率", "食品", "抽检合格率"),
        ("工业产品质量监督抽查合格率", "工业产品", "监督抽查合格率"),
        ("公共服务质量满意度", "公共服务", "满意度"),
        ("农产品质量安全例行监测合格率", "农产品", "例行监测合格率"),
        ("满意度", "", "满意度"),
        ("高标准农田", "高标准农田", ""),
    ],
)
def test_split_metric_into_subject_and_measure(metric, subject, measure):
    assert split_metric(metric) == (subject, measure)


def test_a_different_subject_does_not_match():
    assert wording_score("食品抽检合格率", "工业产品质量监督抽查合格率") is None
    assert wording_score("食品抽检合格率", "流通领域药品抽检合格率") is None


def test_the_same_subject_with_another_wording_of_the_measure_matches():
    score = wording_score("食品抽检合格率", "食品评价性抽检合格率")
    assert score is not None and score >= MATCH_THRESHOLD


def test_a_measure_alone_matches_every_metric_of_that_measure():
    for metric in ("公共服务质量满意度", "生活性服务业质量满意度"):
        assert wording_score("满意度", metric) == 1.0
    assert wording_score("满意度", "食品抽检合格率") == 0.0


def test_metric_score_takes_the_best_variant():
    assert metric_score(["吃的抽检合格率", "食品抽检合格率"], "食品抽检合格率") == pytest.approx(
        1 - DENSE_SHARE  # full wording, no meaning score
    )
    assert metric_score(["吃的抽检合格率", "食品抽检合格率"], "食品抽检合格率", cosine=1.0) == (
        pytest.approx(1.0)
    )


def test_a_subject_mismatch_is_overruled_only_by_a_near_certain_meaning():
    assert metric_score(["食品抽检合格率"], "工业产品质量监督抽查合格率", cosine=0.5) == 0.0
    assert metric_score(["食品抽检合格率"], "工业产品质量监督抽查合格率", cosine=0.9) > 0
