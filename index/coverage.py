"""How much of a query a passage holds: the share of the query's word weight (idf) in it."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from index.query import ParsedQuery
from index.storage import Storage

# The best lexical passages looked at for the coverage of a whole ranking.
COVERAGE_PASSAGES = 5


@lru_cache(maxsize=4096)
def _compounds(typed: tuple[str, ...]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(token, its parts) for each token spelled entirely by other tokens of the query."""
    out = []
    for column, token in enumerate(typed):
        parts = tuple(i for i, other in enumerate(typed) if other != token and other in token)
        if parts and _spelled_by(token, [typed[i] for i in parts]):
            out.append((column, parts))
    return tuple(out)


def _spelled_by(word: str, parts: list[str]) -> bool:
    """Whether the parts cover every character of the word (质量+品牌 spell 质量品牌;
    首席+质量 do not spell 首席质量官)."""
    covered = [False] * len(word)
    for part in parts:
        start = word.find(part)
        while start != -1:
            covered[start : start + len(part)] = [True] * len(part)
            start = word.find(part, start + 1)
    return all(covered)


def coverage_of(storage: Storage, parsed: ParsedQuery, rows: np.ndarray) -> np.ndarray:
    """For each passage, the share of the query's word weight (idf) it contains."""
    typed = parsed.distinct_typed_tokens
    if not typed or not len(rows):
        return np.zeros(len(rows), np.float32)
    unseen = float(np.log((storage.size + 1) / 0.5))  # the idf of a word no passage has
    weights = np.array([storage.idf(t) or unseen for t in typed], np.float32)
    found = storage.term_presence(typed, rows)
    # A compound (质量品牌) counts as present where parts that spell all of it are
    # (质量和品牌建设), so one rare compound does not outweigh the words it is made of.
    for column, parts in _compounds(tuple(typed)):
        found[:, column] |= found[:, list(parts)].all(axis=1)
    return (found @ weights / weights.sum()).astype(np.float32)


def best_coverage(
    storage: Storage, parsed: ParsedQuery, rows: np.ndarray, lexical: np.ndarray
) -> float:
    """How much of the query the best lexical passages contain (0..1).

    1 when some passage holds every word typed: the lexical ranking is then trusted and
    the dense side only breaks ties; low when the words are not in the plans (a
    paraphrase), which is when the embedder is given its weight.
    """
    if not len(rows) or float(lexical.max()) <= 0:
        return 0.0
    best = np.argsort(-lexical)[:COVERAGE_PASSAGES]
    best = best[lexical[best] > 0]
    return float(coverage_of(storage, parsed, rows[best]).max())
