"""Ranking metrics over passages judged by verbatim evidence (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from eval.gold import GoldQuery

CUTOFF = 10


@dataclass(frozen=True)
class QueryScores:
    hit_at_1: float
    mrr_at_10: float
    recall_at_5: float
    recall_at_10: float
    ndcg_at_10: float


def score_ranking(gold: GoldQuery, ranked: Sequence[tuple[str, str]]) -> QueryScores:
    """Scores of a ranked list of (doc_id, passage text) against the gold evidence.

    Hit@1 and MRR@10: the first passage holding any evidence. Recall@k: the share of
    relevant plans with at least one evidence-holding passage in the top k. nDCG@10:
    gain 1 for each passage that holds an evidence entry not credited before.
    """
    first = None
    plans_at: dict[int, set[str]] = {5: set(), 10: set()}
    credited: set[int] = set()
    dcg = 0.0
    for rank, (doc_id, text) in enumerate(ranked[:CUTOFF], start=1):
        found = gold.matches(doc_id, text)
        if not found:
            continue
        if first is None:
            first = rank
        for cutoff, plans in plans_at.items():
            if rank <= cutoff:
                plans.add(doc_id)
        new = [i for i in found if i not in credited]
        if new:
            credited.update(new)
            dcg += 1.0 / math.log2(rank + 1)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(len(gold.evidence), CUTOFF) + 1))
    relevant = len(gold.relevant_docs)
    return QueryScores(
        hit_at_1=1.0 if first == 1 else 0.0,
        mrr_at_10=1.0 / first if first else 0.0,
        recall_at_5=len(plans_at[5]) / relevant,
        recall_at_10=len(plans_at[10]) / relevant,
        ndcg_at_10=dcg / ideal if ideal else 0.0,
    )


def mean_scores(scores: Sequence[QueryScores]) -> QueryScores:
    if not scores:
        return QueryScores(0, 0, 0, 0, 0)
    n = len(scores)
    return QueryScores(
        *(sum(getattr(s, f) for s in scores) / n for f in QueryScores.__dataclass_fields__)
    )
