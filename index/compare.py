"""Compare plans: each plan's best passages for one query, every plan exactly once."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from index.query import ParsedQuery
from index.search import Hit, Searcher
from index.types import DocumentMeta

# A passage counts as addressing the query when its BM25 score reaches this share of the
# best passage's in the whole corpus (or, with no word in common anywhere, when its
# cosine is this close to the best cosine). Chosen on the eval dev split.
LEXICAL_SHARE = 0.45
DENSE_SHARE = 0.9
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


def _relevant(hit: Hit, best_lexical: float, best_dense: float) -> bool:
    if best_lexical > 0:
        return hit.lexical >= LEXICAL_SHARE * best_lexical
    return best_dense > 0 and hit.dense >= DENSE_SHARE * best_dense


def compare(searcher: Searcher, query: str, per_doc: int = 1, mode: str = "hybrid") -> Comparison:
    """Every plan once, ordered by its best passage; a plan with nothing relevant has no hits."""
    started = time.perf_counter()
    parsed = searcher.parse(query.strip())
    pool = searcher.hits(searcher.rank(parsed, mode, POOL, None), parsed)
    best_lexical = max((h.lexical for h in pool), default=0.0)
    best_dense = max((h.dense for h in pool), default=0.0)
    by_doc: dict[str, list[Hit]] = {}
    for hit in pool:
        if (
            _relevant(hit, best_lexical, best_dense)
            and len(by_doc.get(hit.passage.doc_id, [])) < per_doc
        ):
            by_doc.setdefault(hit.passage.doc_id, []).append(hit)
    best = {doc_id: hits[0].score for doc_id, hits in by_doc.items()}
    order = sorted(
        searcher.documents,
        key=lambda d: (-best.get(d.meta.doc_id, -np.inf), d.meta.doc_id),
    )
    columns = tuple(
        PlanColumn(
            d.meta,
            tuple(
                Hit(rank, h.score, h.passage, h.document, h.lexical, h.dense, h.query_terms)
                for rank, h in enumerate(by_doc.get(d.meta.doc_id, []), start=1)
            ),
        )
        for d in order
    )
    return Comparison(query, parsed, columns, (time.perf_counter() - started) * 1000)
