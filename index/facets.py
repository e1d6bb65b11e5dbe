"""Facet counts: how many of the matching passages (and of their plans) each region, level
and year of publication has, as search portals show beside their results."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from index.types import DocumentMeta, year_of


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int  # matching passages
    documents: int  # plans they come from


@dataclass(frozen=True)
class Facets:
    region: tuple[FacetValue, ...] = ()
    level: tuple[FacetValue, ...] = ()
    year: tuple[FacetValue, ...] = ()


def _facet(
    counts: Mapping[str, int],
    metas: Mapping[str, DocumentMeta],
    value_of: Callable[[DocumentMeta], str | None],
    newest_first: bool = False,
) -> tuple[FacetValue, ...]:
    passages: dict[str, int] = {}
    plans: dict[str, int] = {}
    for doc_id, count in counts.items():
        value = value_of(metas[doc_id]) if count else None
        if value:
            passages[value] = passages.get(value, 0) + count
            plans[value] = plans.get(value, 0) + 1
    if newest_first:
        order = sorted(passages, reverse=True)
    else:
        order = sorted(passages, key=lambda value: (-passages[value], value))
    return tuple(FacetValue(value, passages[value], plans[value]) for value in order)


def count_facets(counts: Mapping[str, int], metas: Mapping[str, DocumentMeta]) -> Facets:
    """Facets of the passages matched, given per plan (`counts`: doc_id → passages).

    Regions and levels are listed by count, most first; years newest first. Plans without
    a region, level or date are left out of that facet.
    """
    return Facets(
        region=_facet(counts, metas, lambda meta: meta.region),
        level=_facet(counts, metas, lambda meta: meta.level),
        year=_facet(
            counts,
            metas,
            lambda meta: str(year) if (year := year_of(meta.published)) else None,
            newest_first=True,
        ),
    )
