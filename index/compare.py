"""Compare plans: each plan's best passages for one query, every plan exactly once."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from index.query import ParsedQuery
from index.rewrite import Rewrite
from index.search import Hit, Searcher
from index.types import DocumentMeta

# A passage counts as addressing the query when it holds this share of the query's word
# weight (idf) relative to the passage that holds most of it, or when its fused score (the
# search's own) is this close to the best one: a plan that says the same thing in other
# words keeps its column. Chosen on the eval dev split (docs/eval.md).
COVERAGE_SHARE = 0.5
SCORE_SHARE = 0.7
POOL = 500


@dataclass(frozen=True)
class PlanColumn:
    document: DocumentMeta
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class Comparison:
    query: str
    parsed: ParsedQuery
    columns: tuple[PlanColumn, ...]
    took_ms: float
    rewrite: Rewrite | None = None  # what was searched, when it differs from the query


def compare(
    searcher: Searcher, query: str, per_doc: int = 1, mode: str = "hybrid", correct: bool = True
) -> Comparison:
    """Every plan once, ordered by its best passage; a plan with nothing relevant has no hits."""
    started = time.perf_counter()
    rewrite = searcher.rewrite(query.strip(), correct)
    parsed = searcher.parse(rewrite.searched)
    ranked = searcher.rank(parsed, mode, POOL, None)
    rows = np.array([row for row, *_ in ranked], dtype=np.int64)
    coverage = searcher.coverage_of(parsed, rows)
    best_coverage = float(coverage.max()) if len(rows) else 0.0
    best_score = max((score for _, score, *_ in ranked), default=0.0)
    documents = searcher.storage.doc_positions(rows) if len(rows) else rows
    chosen: dict[int, list[tuple[int, float, float, float]]] = {}
    for position, entry in enumerate(ranked):
        relevant = (best_coverage > 0 and coverage[position] >= COVERAGE_SHARE * best_coverage) or (
            best_score > 0 and entry[1] >= SCORE_SHARE * best_score
        )
        column = chosen.setdefault(int(documents[position]), [])
        if relevant and len(column) < per_doc:
            column.append(entry)
    doc_ids = [d.meta.doc_id for d in searcher.documents]
    hits = {doc_ids[d]: searcher.hits(entries, parsed) for d, entries in chosen.items() if entries}
    best = {doc_id: found[0].score for doc_id, found in hits.items()}
    order = sorted(
        searcher.documents, key=lambda d: (-best.get(d.meta.doc_id, -np.inf), d.meta.doc_id)
    )
    columns = tuple(PlanColumn(d.meta, hits.get(d.meta.doc_id, ())) for d in order)
    return Comparison(
        query,
        parsed,
        columns,
        (time.perf_counter() - started) * 1000,
        rewrite if rewrite.changed else None,
    )
