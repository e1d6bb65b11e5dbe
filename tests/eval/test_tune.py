"""Choosing the fusion on the dev split: every candidate scored, the rule applied, the table."""

from __future__ import annotations

from eval.gold import KINDS
from eval.tune import Trial, choose, format_trials, tune
from index.fusion import Fusion


def trial(weight: float, ndcg: float, worst: float = 0.0) -> Trial:
    gaps = {kind: 0.0 for kind in KINDS} | {KINDS[0]: worst}
    return Trial(Fusion("weighted", weight), gaps, ndcg, 0.9, 0.9)


def test_every_candidate_is_scored_and_the_served_fusion_is_left_alone(searcher) -> None:
    served = searcher.fusion
    trials = tune(searcher, weights=(0.3,), bigram_weights=(0.0, 0.5))
    assert searcher.fusion == served
    assert [t.fusion for t in trials] == [
        Fusion("weighted", 0.3, True, 0.0),
        Fusion("weighted", 0.3, False, 0.0),
        Fusion("weighted", 0.3, True, 0.5),
        Fusion("weighted", 0.3, False, 0.5),
        Fusion("rrf", 0.0, bigram_weight=0.0),
        Fusion("rrf", 0.0, bigram_weight=0.5),
    ]
    for t in trials:
        assert set(t.mrr_by_kind) == set(KINDS)
        assert 0 < t.ndcg <= 1 and 0 < t.mrr <= 1 and 0 < t.recall10 <= 1
        assert t.worst_kind_gap <= 0


def test_the_best_fusion_no_worse_than_lexical_in_any_kind_is_chosen() -> None:
    risky = trial(0.8, ndcg=0.95, worst=-0.05)
    safe = trial(0.4, ndcg=0.90)
    safer = trial(0.2, ndcg=0.85)
    assert choose([risky, safe, safer]) is safe


def test_when_every_fusion_loses_a_kind_the_best_ndcg_is_chosen() -> None:
    assert choose([trial(0.2, 0.8, -0.1), trial(0.6, 0.9, -0.2)]).fusion.dense_weight == 0.6


def test_ties_go_to_the_smaller_dense_weight() -> None:
    assert choose([trial(0.6, 0.9), trial(0.3, 0.9)]).fusion.dense_weight == 0.3


def test_the_table_has_a_row_per_trial_and_a_column_per_kind() -> None:
    table = format_trials([trial(0.4, 0.9), trial(0.8, 0.95, -0.05)]).splitlines()
    assert len(table) == 4
    assert table[0].count("ΔMRR") == len(KINDS)
    assert "| 0.4 | 0.0 |" in table[2] and "-0.050" in table[3]
