"""Hybrid fusion of lexical and dense scores over a shared candidate set (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RRF_K = 60


@dataclass(frozen=True)
class Fusion:
    """How hybrid mode combines the two rankings; chosen on the eval dev split (docs/eval.md)."""

    method: str = "weighted"  # weighted | rrf
    dense_weight: float = 0.3
    adaptive: bool = True  # scale the dense weight by how much of the query BM25 failed to find
    bigram_weight: float = 0.0  # weight of character-bigram BM25 beside jieba-word BM25


def lexical_blend(words: np.ndarray, bigram: np.ndarray | None, weight: float) -> np.ndarray:
    """Word BM25 plus `weight` × bigram BM25, each scaled by its best passage first (the two
    scales differ); in the word field's units, so a caller's thresholds keep their meaning."""
    if bigram is None or weight <= 0:
        return words
    word_top, bigram_top = float(words.max(initial=0.0)), float(bigram.max(initial=0.0))
    if bigram_top <= 0:
        return words
    unit = word_top if word_top > 0 else 1.0
    return (words + weight * bigram * (unit / bigram_top)).astype(np.float32)


def _minmax(values: np.ndarray) -> np.ndarray:
    if not len(values):
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return (
            np.where(values > 0, 1.0, 0.0).astype(np.float32) if high > 0 else np.zeros_like(values)
        )
    return ((values - low) / (high - low)).astype(np.float32)


def _ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float32)
    ranks[order] = np.arange(1, len(values) + 1)
    return ranks


def fuse(
    lexical: np.ndarray, dense: np.ndarray, fusion: Fusion, coverage: float = 0.0
) -> np.ndarray:
    """Fused score of each candidate, from its lexical (BM25) and dense (cosine) scores.

    `weighted` rescales BM25 by the best candidate's score and cosine by min-max over the
    candidates, then mixes them with `dense_weight`; a candidate with no query word gets
    lexical 0, so a weak embedder can only reorder, never flood, the lexical results.
    `coverage` (0..1, the share of the query's words the best lexical passages hold)
    scales the dense weight down: when the plans contain the words typed, BM25 decides.
    `rrf` is reciprocal-rank fusion.
    """
    if fusion.method == "rrf":
        lexical_ranks = np.where(lexical > 0, _ranks(lexical), np.inf)
        return (1.0 / (RRF_K + lexical_ranks) + 1.0 / (RRF_K + _ranks(dense))).astype(np.float32)
    top = float(lexical.max()) if len(lexical) else 0.0
    lexical_part = lexical / top if top > 0 else np.zeros_like(lexical)
    weight = fusion.dense_weight * (1.0 - coverage) if fusion.adaptive else fusion.dense_weight
    return ((1.0 - weight) * lexical_part + weight * _minmax(dense)).astype(np.float32)
