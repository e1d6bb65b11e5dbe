"""Choose the hybrid fusion on the dev split only (the held-out split is never looked at here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eval.gold import KINDS, load_queries
from eval.metrics import mean_scores, score_ranking
from index.fusion import Fusion
from index.search import Searcher

WEIGHTS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
BIGRAM_WEIGHTS = (0.0, 0.3, 0.6)


@dataclass(frozen=True)
class Trial:
    fusion: Fusion
    mrr_by_kind: dict[str, float]
    ndcg: float
    mrr: float
    recall10: float

    @property
    def worst_kind_gap(self) -> float:
        """How far the weakest kind falls below lexical (0: no kind is worse)."""
        return min(0.0, *self.mrr_by_kind.values())


def _run(searcher: Searcher, fusion: Fusion) -> tuple[dict[str, float], float, float, float]:
    queries = [q for q in load_queries() if q.split == "dev"]
    mode = "lexical" if fusion.method == "weighted" and fusion.dense_weight == 0 else "hybrid"
    scores = {}
    for query in queries:
        hits = searcher.search(query.query, k=10, mode=mode, fusion=fusion).hits
        scores[query.id] = score_ranking(query, [(h.passage.doc_id, h.passage.text) for h in hits])
    by_kind = {
        kind: mean_scores([scores[q.id] for q in queries if q.kind == kind]).mrr_at_10
        for kind in KINDS
    }
    overall = mean_scores(list(scores.values()))
    return by_kind, overall.ndcg_at_10, overall.mrr_at_10, overall.recall_at_10


def tune(
    searcher: Searcher,
    weights: Sequence[float] = WEIGHTS,
    bigram_weights: Sequence[float] = BIGRAM_WEIGHTS,
) -> list[Trial]:
    """Every candidate fusion scored on dev; MRR per kind is given relative to lexical alone
    (with the same bigram weight: the lexical side hybrid is held against)."""
    lexical_by_bigram = {
        b: _run(searcher, Fusion("weighted", 0.0, adaptive=False, bigram_weight=b))[0]
        for b in bigram_weights
    }
    trials = []
    candidates = [
        Fusion("weighted", w, adaptive, b)
        for b in bigram_weights
        for adaptive in (True, False)
        for w in weights
        if w > 0
    ] + [Fusion("rrf", 0.0, bigram_weight=b) for b in bigram_weights]
    for fusion in candidates:
        by_kind, ndcg, mrr, recall = _run(searcher, fusion)
        lexical_by_kind = lexical_by_bigram[fusion.bigram_weight]
        gaps = {kind: by_kind[kind] - lexical_by_kind[kind] for kind in KINDS}
        trials.append(Trial(fusion, gaps, ndcg, mrr, recall))
    return trials


def choose(trials: Sequence[Trial]) -> Trial:
    """The best dev nDCG@10 among fusions no worse than lexical in any kind (MRR@10)."""
    safe = [t for t in trials if t.worst_kind_gap >= 0] or list(trials)
    return max(safe, key=lambda t: (round(t.ndcg, 3), round(t.mrr, 3), -t.fusion.dense_weight))


def format_trials(trials: Sequence[Trial]) -> str:
    lines = [
        "| fusion | adaptive | dense weight | bigram weight | dev MRR@10 | dev nDCG@10 | dev Recall@10 | "
        + " | ".join(f"ΔMRR {k}" for k in KINDS)
        + " |",
        "|---|---|---:|---:|---:|---:|---:|" + "---:|" * len(KINDS),
    ]
    for t in trials:
        gaps = " | ".join(f"{t.mrr_by_kind[k]:+.3f}" for k in KINDS)
        adaptive = "yes" if t.fusion.adaptive and t.fusion.method == "weighted" else "no"
        lines.append(
            f"| {t.fusion.method} | {adaptive} | {t.fusion.dense_weight:.1f} | "
            f"{t.fusion.bigram_weight:.1f} | {t.mrr:.3f} | "
            f"{t.ndcg:.3f} | {t.recall10:.3f} | {gaps} |"
        )
    return "\n".join(lines)
