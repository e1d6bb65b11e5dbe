"""Ranking metrics on hand-made rankings: Hit@1, MRR@10, Recall@k over plans, nDCG per evidence."""

from __future__ import annotations

import math

import pytest

from eval.gold import Evidence, GoldQuery
from eval.metrics import QueryScores, mean_scores, score_ranking

GOLD = GoldQuery(
    "t1",
    "首席质量官",
    "shared",
    "dev",
    (
        Evidence("a", "推行首席质量官制度"),
        Evidence("a", "首席质量官培训"),
        Evidence("b", "设立首席质量官"),
    ),
)
OTHER = ("c", "与本问题无关的段落")


def dcg(ranks: list[int]) -> float:
    return sum(1 / math.log2(rank + 1) for rank in ranks)


def test_a_perfect_ranking():
    ranked = [
        ("a", "推行首席质量官制度。"),
        ("a", "组织首席质量官培训。"),
        ("b", "鼓励企业设立首席质量官。"),
    ]
    assert score_ranking(GOLD, ranked) == QueryScores(1.0, 1.0, 1.0, 1.0, 1.0)


def test_hit_at_1_and_mrr_follow_the_first_relevant_passage():
    ranked = [OTHER, OTHER, ("b", "鼓励企业设立首席质量官。")]
    scores = score_ranking(GOLD, ranked)
    assert scores.hit_at_1 == 0.0
    assert scores.mrr_at_10 == pytest.approx(1 / 3)


def test_a_relevant_passage_past_ten_does_not_count():
    ranked = [OTHER] * 10 + [("a", "推行首席质量官制度。")]
    assert score_ranking(GOLD, ranked) == QueryScores(0.0, 0.0, 0.0, 0.0, 0.0)


def test_recall_counts_relevant_plans_not_passages():
    # two evidence passages of plan a, none of plan b: one of two plans
    ranked = [("a", "推行首席质量官制度。"), ("a", "组织首席质量官培训。")]
    scores = score_ranking(GOLD, ranked)
    assert scores.recall_at_5 == 0.5
    assert scores.recall_at_10 == 0.5


def test_recall_at_5_and_at_10_differ_by_where_a_plan_first_appears():
    ranked = [("a", "推行首席质量官制度。"), *[OTHER] * 5, ("b", "设立首席质量官。")]
    scores = score_ranking(GOLD, ranked)
    assert scores.recall_at_5 == 0.5
    assert scores.recall_at_10 == 1.0


def test_evidence_must_come_from_its_own_plan():
    ranked = [("b", "推行首席质量官制度。")]  # plan a's evidence phrase, found in plan b
    assert score_ranking(GOLD, ranked).mrr_at_10 == 0.0


def test_evidence_matches_across_width_and_white_space():
    ranked = [("b", "鼓励企业设立 首席质量官。"), ("a", "推行首席质量官制度")]
    assert score_ranking(GOLD, ranked).hit_at_1 == 1.0
    gold = GoldQuery("t2", "q", "keyword", "dev", (Evidence("a", "GDP比重超过3.8%"),))
    assert score_ranking(gold, [("a", "占ＧＤＰ比重超过３.８％")]).hit_at_1 == 1.0


def test_ndcg_credits_each_evidence_once():
    repeated = [("a", "推行首席质量官制度。")] * 3
    scores = score_ranking(GOLD, repeated)
    assert scores.ndcg_at_10 == pytest.approx(dcg([1]) / dcg([1, 2, 3]))


def test_ndcg_credits_a_passage_holding_two_evidences_once():
    both = ("a", "推行首席质量官制度,组织首席质量官培训。")
    scores = score_ranking(GOLD, [both, ("b", "设立首席质量官")])
    assert scores.ndcg_at_10 == pytest.approx(dcg([1, 2]) / dcg([1, 2, 3]))


def test_ndcg_rewards_an_earlier_relevant_passage():
    early = score_ranking(GOLD, [("a", "推行首席质量官制度"), OTHER])
    late = score_ranking(GOLD, [OTHER, ("a", "推行首席质量官制度")])
    assert early.ndcg_at_10 > late.ndcg_at_10 > 0


def test_the_ideal_is_capped_at_ten_evidences():
    many = GoldQuery(
        "t3", "q", "keyword", "dev", tuple(Evidence("a", f"证据{i:02d}号") for i in range(12))
    )
    ranked = [("a", f"证据{i:02d}号") for i in range(10)]
    assert score_ranking(many, ranked).ndcg_at_10 == pytest.approx(1.0)


def test_an_empty_ranking_scores_zero():
    assert score_ranking(GOLD, []) == QueryScores(0.0, 0.0, 0.0, 0.0, 0.0)


def test_mean_scores_average_each_metric():
    first = QueryScores(1.0, 1.0, 0.5, 1.0, 0.8)
    second = QueryScores(0.0, 0.5, 0.5, 0.0, 0.4)
    mean = mean_scores([first, second])
    assert tuple(vars(mean).values()) == pytest.approx((0.5, 0.75, 0.5, 0.5, 0.6))
    assert mean_scores([]) == QueryScores(0, 0, 0, 0, 0)
