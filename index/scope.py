"""What a search is scoped to: the caller's filters and the places its query names, and
the rows left by quoted phrases and excluded words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.filters import select_documents
from index.places import BOOST, RESTRICT
from index.query import ParsedQuery
from index.results import AppliedFilters, Filters, IndexedDocument
from index.storage import Storage
from index.syntax import QuerySyntax


@dataclass(frozen=True)
class Scope:
    applied: AppliedFilters  # what restricted or boosted the results, as shown
    allowed: frozenset[str] | None  # the doc_ids searched; None for all
    boosted: frozenset[str]  # the doc_ids raised


def scope_of(
    documents: Sequence[IndexedDocument], parsed: ParsedQuery, filters: Filters, use_places: bool
) -> Scope:
    """The plans a search is restricted to and those it boosts: the filters restrict; a
    place the query names restricts when no filter does, and boosts otherwise."""
    allowed = select_documents(documents, filters) if filters else None
    detected = parsed.places if use_places else ()
    boosted: set[str] = set()
    if detected:
        restricting = {d for p in detected if p.mode == RESTRICT for d in p.doc_ids}
        boosted = {d for p in detected if p.mode == BOOST for d in p.doc_ids}
        if allowed is None and restricting:
            allowed = restricting
        elif restricting:
            boosted |= restricting
    applied = AppliedFilters(
        regions=filters.regions,
        doc_ids=filters.doc_ids,
        detected_places=tuple(detected),
        restricted_to=tuple(sorted(allowed)) if allowed is not None else (),
        boosted=tuple(sorted(boosted & allowed if allowed is not None else boosted)),
        unindexed=parsed.unindexed if use_places else (),
        levels=filters.levels,
        issuers=filters.issuers,
        year_from=filters.year_from,
        year_to=filters.year_to,
    )
    return Scope(applied, None if allowed is None else frozenset(allowed), frozenset(boosted))


def rows_with_syntax(storage: Storage, rows: np.ndarray | None, syntax: QuerySyntax) -> np.ndarray:
    """The rows (of `rows`, or all) that hold every quoted phrase and none of the excluded
    words."""
    kept = rows
    for phrase in syntax.phrases:
        found = storage.rows_containing(phrase)
        kept = found if kept is None else np.intersect1d(kept, found, assume_unique=True)
    if kept is None:
        kept = np.arange(storage.size, dtype=np.int64)
    for word in syntax.excluded:
        kept = np.setdiff1d(kept, storage.rows_containing(word), assume_unique=True)
    return kept
