"""Target extraction precision and recall against the gold list read from the plans."""

from __future__ import annotations

from eval.gold import GoldTarget, load_targets, normalise
from index.search import Searcher
from index.targets.match import dice
from index.types import Target

SAME_METRIC = 0.5


def _same(gold: GoldTarget, found: Target) -> bool:
    """Same plan, value, unit and year, and the metric worded alike (one contains the other,
    or character-bigram Dice ≥ 0.5)."""
    if gold.doc_id != found.doc_id or abs(gold.value - found.value) > 1e-9:
        return False
    if gold.unit.replace("％", "%") != found.unit or gold.year != found.year:
        return False
    a, b = normalise(gold.metric), normalise(found.metric)
    return a in b or b in a or dice(a, b) >= SAME_METRIC


def match_targets(gold: list[GoldTarget], found: list[Target]) -> list[tuple[GoldTarget, Target]]:
    """Pairs of gold and extracted targets, each used at most once (greedy, in reading order)."""
    pairs = []
    used: set[int] = set()
    for expected in gold:
        for i, candidate in enumerate(found):
            if i not in used and _same(expected, candidate):
                used.add(i)
                pairs.append((expected, candidate))
                break
    return pairs


def score_targets(searcher: Searcher) -> dict[str, float]:
    gold = list(load_targets())
    found = list(searcher.targets)
    matched = len(match_targets(gold, found))
    return {
        "gold": len(gold),
        "extracted": len(found),
        "matched": matched,
        "precision": matched / len(found) if found else 0.0,
        "recall": matched / len(gold) if gold else 0.0,
    }
