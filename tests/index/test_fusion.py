"""Hybrid fusion: pure properties of the weighted (adaptive) and reciprocal-rank fusions."""

from __future__ import annotations

import numpy as np
import pytest

from index.fusion import RRF_K, Fusion, fuse

WEIGHTED = Fusion("weighted", dense_weight=0.6, adaptive=True)
FIXED = Fusion("weighted", dense_weight=0.6, adaptive=False)
RRF = Fusion("rrf", dense_weight=0.0)


def order(scores: np.ndarray) -> list[int]:
    return np.argsort(-scores, kind="stable").tolist()


@pytest.mark.parametrize("seed", range(5))
def test_full_coverage_reproduces_the_lexical_order(seed):
    rng = np.random.default_rng(seed)
    lexical = rng.uniform(0.1, 12, 40)
    dense = rng.uniform(-0.2, 0.9, 40)
    assert order(fuse(lexical, dense, WEIGHTED, coverage=1.0)) == order(lexical)


@pytest.mark.parametrize("seed", range(5))
def test_with_full_coverage_a_dense_only_candidate_never_outranks_a_lexical_match(seed):
    rng = np.random.default_rng(seed)
    lexical = np.concatenate([rng.uniform(0.5, 9, 10), np.zeros(10)])
    dense = np.concatenate([np.full(10, -0.1), rng.uniform(0.5, 1.0, 10)])  # dense favours the rest
    fused = fuse(lexical, dense, WEIGHTED, coverage=1.0)
    assert fused[:10].min() > fused[10:].max()


def test_without_coverage_the_dense_side_can_reorder_lexical_matches():
    lexical = np.array([10.0, 9.0])
    dense = np.array([0.1, 0.9])
    assert order(fuse(lexical, dense, WEIGHTED, coverage=0.0)) == [1, 0]
    assert order(fuse(lexical, dense, WEIGHTED, coverage=1.0)) == [0, 1]


def test_the_dense_weight_shrinks_as_coverage_grows():
    lexical = np.array([10.0, 9.0, 0.0])
    dense = np.array([0.1, 0.5, 0.9])
    dense_only = [fuse(lexical, dense, WEIGHTED, coverage=c)[2] for c in (0.0, 0.5, 0.9, 1.0)]
    assert dense_only == sorted(dense_only, reverse=True)
    assert dense_only[-1] == 0


def test_a_fixed_weight_ignores_coverage():
    lexical = np.array([10.0, 9.0, 0.0])
    dense = np.array([0.1, 0.5, 0.9])
    np.testing.assert_array_equal(
        fuse(lexical, dense, FIXED, coverage=0.0), fuse(lexical, dense, FIXED, coverage=1.0)
    )


def test_weighted_scores_are_between_zero_and_one():
    rng = np.random.default_rng(3)
    fused = fuse(rng.uniform(0, 20, 50), rng.uniform(-1, 1, 50), FIXED, coverage=0.3)
    assert fused.min() >= 0 and fused.max() <= 1 + 1e-6


def test_rrf_puts_the_candidate_first_in_both_rankings_first():
    lexical = np.array([3.0, 9.0, 1.0, 0.0])
    dense = np.array([0.2, 0.8, 0.5, 0.9])
    fused = fuse(lexical, dense, RRF)
    assert order(fused)[0] == 1
    # candidate 1 is first lexically and second densely
    assert fused[1] == pytest.approx(1 / (RRF_K + 1) + 1 / (RRF_K + 2))


def test_rrf_gives_a_candidate_without_query_words_only_its_dense_share():
    lexical = np.array([3.0, 0.0])
    dense = np.array([0.1, 0.9])
    fused = fuse(lexical, dense, RRF)
    assert fused[1] == pytest.approx(1 / (RRF_K + 1))  # first densely, absent lexically
    assert fused[0] == pytest.approx(1 / (RRF_K + 1) + 1 / (RRF_K + 2))
    assert fused[0] > fused[1]


def test_rrf_ranks_agree_with_both_sides_when_they_agree():
    lexical = np.array([5.0, 4.0, 3.0, 2.0])
    dense = np.array([0.9, 0.8, 0.7, 0.6])
    assert order(fuse(lexical, dense, RRF)) == [0, 1, 2, 3]


@pytest.mark.parametrize("fusion", [WEIGHTED, FIXED, RRF], ids=["adaptive", "fixed", "rrf"])
@pytest.mark.parametrize(
    ("lexical", "dense"),
    [
        (np.zeros(5), np.zeros(5)),
        (np.full(5, 2.5), np.full(5, 0.3)),
        (np.zeros(5), np.full(5, 0.7)),
        (np.full(5, 1.0), np.full(5, -0.2)),
        (np.array([1.0]), np.array([0.5])),
    ],
)
@pytest.mark.parametrize("coverage", [0.0, 1.0])
def test_constant_inputs_give_finite_scores(fusion, lexical, dense, coverage):
    fused = fuse(lexical.astype(np.float32), dense.astype(np.float32), fusion, coverage)
    assert fused.shape == lexical.shape
    assert np.all(np.isfinite(fused))


def test_no_candidates_give_no_scores():
    empty = np.zeros(0, np.float32)
    assert len(fuse(empty, empty, WEIGHTED)) == 0
    assert len(fuse(empty, empty, RRF)) == 0


def test_equal_lexical_scores_are_separated_by_the_dense_side():
    lexical = np.array([4.0, 4.0, 4.0])
    dense = np.array([0.1, 0.9, 0.5])
    assert order(fuse(lexical, dense, WEIGHTED, coverage=0.5)) == [1, 2, 0]
