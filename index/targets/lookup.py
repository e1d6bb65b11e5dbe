"""Answer /api/targets: the plans' numeric goals matching a query, as a metric × plan table."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from index.search import Searcher
from index.synonyms import expand_synonyms
from index.targets.match import MATCH_THRESHOLD, metric_score
from index.targets.rows import TargetGroup, browse, matching
from index.tokenize import fold
from index.types import DocumentMeta


@dataclass(frozen=True)
class TargetTable:
    query: str
    plans: tuple[DocumentMeta, ...]  # the columns
    groups: tuple[TargetGroup, ...]  # the rows
    took_ms: float


def query_variants(query: str) -> list[str]:
    """The query and its synonym substitutions (吃的 → 食品 …)."""
    folded = fold(query)
    variants = [folded]
    for term, others in expand_synonyms(folded):
        variants += [variant.replace(term, other) for variant in list(variants) for other in others]
    return variants[:32]


def find_targets(searcher: Searcher, query: str = "", regions: tuple[str, ...] = ()) -> TargetTable:
    """Targets whose metric matches `query` (all targets when it is empty), grouped across plans."""
    started = time.perf_counter()
    query = query.strip()
    allowed = {d.meta.doc_id for d in searcher.documents}
    if regions:
        from index.search import Filters

        allowed = searcher.docs_for_filters(Filters(regions=regions))
    text = query
    if query:
        parsed = searcher.parse(query)
        named = {d for place in parsed.places for d in place.doc_ids}
        if named and not regions:
            allowed &= named
        for place in parsed.places:
            text = text.replace(place.alias, "")
    targets = searcher.targets
    rows = searcher.target_rows()
    if query and text.strip():
        positions = [i for i, t in enumerate(targets) if t.doc_id in allowed]
        cosines = np.zeros(len(positions), np.float32)
        if positions:
            vector = searcher.embed_query(text)
            cosines = np.dot(searcher.target_vectors[positions], vector)
        variants = query_variants(text)
        scores = {
            i: metric_score(variants, targets[i].metric, float(c))
            for i, c in zip(positions, cosines, strict=True)
        }
        groups = matching(targets, rows, scores, MATCH_THRESHOLD)
    else:
        groups = browse(targets, rows, allowed)
    plans = tuple(d.meta for d in searcher.documents if d.meta.doc_id in allowed)
    return TargetTable(query, plans, tuple(groups), (time.perf_counter() - started) * 1000)
