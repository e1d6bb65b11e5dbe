"""Paging and sorting a ranking: which window to rank, and the order by date."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from index.errors import InvalidQuery
from index.ranking import Ranked

SORTS = ("relevance", "date")
# Results can be paged this deep, as search engines cap theirs (Elasticsearch's
# max_result_window); a search sorted by date orders the best this many by date.
MAX_WINDOW = 500


def check_page(k: int, offset: int, sort: str) -> None:
    if k < 1:
        raise InvalidQuery(f"k must be at least 1, got {k}")
    if offset < 0:
        raise InvalidQuery(f"offset must be 0 or more, got {offset}")
    if sort not in SORTS:
        raise InvalidQuery(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if offset and offset + k > MAX_WINDOW:
        raise InvalidQuery(
            f"results {offset + 1}-{offset + k} are past the first {MAX_WINDOW}, the deepest "
            "that can be paged; narrow the search with filters or more words"
        )


def window(k: int, offset: int, sort: str) -> int:
    """How many passages to rank for this page: all of the pages up to it, or for a sort by
    date every passage that can be shown."""
    return max(MAX_WINDOW, k) if sort == "date" else offset + k


def by_date(
    ranked: Sequence[Ranked],
    doc_positions: Callable[[np.ndarray], np.ndarray],
    published: np.ndarray,
) -> tuple[Ranked, ...]:
    """The ranking with the newest plans first; the more relevant first within a date, and
    plans without a date last."""
    rows = np.array([entry.row for entry in ranked], np.int64)
    newest = published[doc_positions(rows)] if len(rows) else rows
    order = sorted(
        range(len(ranked)), key=lambda i: (-int(newest[i]), -ranked[i].score, ranked[i].row)
    )
    return tuple(ranked[i] for i in order)
