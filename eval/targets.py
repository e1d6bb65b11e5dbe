"""Target extraction precision and recall against the gold list read from the plans."""

from __future__ import annotations

import json

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


def precision_recall(gold: list[GoldTarget], found: list[Target]) -> dict[str, float]:
    matched = len(match_targets(gold, found))
    return {
        "gold": len(gold),
        "extracted": len(found),
        "matched": matched,
        "precision": matched / len(found) if found else 0.0,
        "recall": matched / len(gold) if gold else 0.0,
    }


def score_targets(searcher: Searcher) -> dict[str, float]:
    gold = list(load_targets())
    found = list(searcher.targets)
    return precision_recall(gold, found)


# Sentences composed in the plans' style by someone who had not seen the extractor:
# targets_composed.jsonl was measured once, then used to fix the extractor (docs/eval.md
# gives both figures); targets_heldout.jsonl has never been used to change it.
COMPOSED = "targets_composed.jsonl"
HELDOUT = "targets_heldout.jsonl"


def load_sentences(name: str) -> list[dict[str, object]]:
    from importlib import resources

    path = resources.files("eval").joinpath(name)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def score_sentences(name: str) -> dict[str, float] | None:
    """Extraction precision and recall on a set of composed sentences."""
    from index.structure.passages import passage_id
    from index.targets.extract import extract_targets
    from index.types import Passage

    items = load_sentences(name)
    if not items:
        return None
    gold: list[GoldTarget] = []
    found: list[Target] = []
    section = ("一、总体要求", "(二)主要目标")
    for item in items:
        doc_id = str(item["id"])
        passages = []
        if item.get("context_year"):
            opening = f"(二)主要目标。{item['context_year']}年,各项工作取得新进展。"
            passages.append(
                Passage(passage_id(doc_id, opening, {}), doc_id, 0, section, opening, 0, 0)
            )
        text = str(item["text"])
        passages.append(Passage(passage_id(doc_id, text, {}), doc_id, 1, section, text, 0, 0))
        found += extract_targets(passages)
        gold += [
            GoldTarget(
                doc_id, t["metric"], float(t["value"]), t["unit"], t["comparator"], t["year"], text
            )
            for t in item["targets"]  # type: ignore[attr-defined]
        ]
    return precision_recall(gold, found)


def score_lookup(searcher: Searcher) -> dict[str, float]:
    """/api/targets asked for each metric of the gold list, as the plans word it: the share of
    that metric's gold targets the table shows (recall) and of the shown targets that are gold
    targets of that metric (precision), averaged over the distinct metrics."""
    from index.targets.lookup import find_targets

    gold = list(load_targets())
    metrics = list(dict.fromkeys(normalise(g.metric) for g in gold))
    recalls, precisions = [], []
    for metric in metrics:
        wanted = [g for g in gold if normalise(g.metric) == metric]
        shown = [t for group in find_targets(searcher, metric).groups for t in group.targets]
        found = match_targets(wanted, shown)
        recalls.append(len(found) / len(wanted))
        precisions.append(len(found) / len(shown) if shown else 0.0)
    return {
        "metrics": len(metrics),
        "recall": sum(recalls) / len(recalls),
        "precision": sum(precisions) / len(precisions),
    }
