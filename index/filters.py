"""Which plans a search may look in: by doc_id, region, level, issuer and year of publication."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index.errors import InvalidQuery, shown
from index.results import Filters, IndexedDocument
from index.tokenize import fold
from index.types import DocumentMeta, year_of

LEVELS = ("省级", "市级", "区县级", "国家级新区")
SHOWN = 20  # known values listed in an error message


def _listed(values: Sequence[str]) -> str:
    listed = ", ".join(values[:SHOWN])
    return listed + (f" … ({len(values)} in all)" if len(values) > SHOWN else "")


def select_documents(documents: Sequence[IndexedDocument], filters: Filters) -> set[str]:
    """doc_ids the filters allow. doc_id and region add plans (either may name them); level,
    issuer and years then narrow those down. A value that names no plan is refused with the
    values that would."""
    by_id = {d.meta.doc_id: d for d in documents}
    unknown = [doc_id for doc_id in filters.doc_ids if doc_id not in by_id]
    if unknown:
        raise InvalidQuery(
            f"unknown doc_id {', '.join(shown(d) for d in unknown[:3])}; "
            f"known ids: {_listed(list(by_id))}"
        )
    chosen = set(filters.doc_ids)
    regions = [r for r in filters.regions if r.strip()]
    chosen |= _named(
        documents, regions, lambda m: m.region, "no plan from region {}; known regions: "
    )
    if not chosen and not regions:
        chosen = set(by_id)
    levels = [level for level in filters.levels if level.strip()]
    if levels:
        present = sorted({d.meta.level for d in documents if d.meta.level})
        for level in levels:
            if level not in LEVELS:
                raise InvalidQuery(
                    f"unknown level {shown(level)}; use one of {', '.join(LEVELS)} "
                    f"(levels of the indexed plans: {', '.join(present) or 'none'})"
                )
        chosen = {doc_id for doc_id in chosen if by_id[doc_id].meta.level in levels}
    issuers = [issuer for issuer in filters.issuers if issuer.strip()]
    if issuers:
        chosen &= _named(
            documents, issuers, lambda m: m.issuer, "no plan issued by {}; known issuers: "
        )
    if (
        filters.year_from is not None
        and filters.year_to is not None
        and filters.year_from > filters.year_to
    ):
        raise InvalidQuery(
            f"year_from {filters.year_from} is after year_to {filters.year_to}; swap them"
        )
    if filters.year_from is not None or filters.year_to is not None:
        low = filters.year_from if filters.year_from is not None else -1
        high = filters.year_to if filters.year_to is not None else 10_000
        chosen = {
            doc_id
            for doc_id in chosen
            if (year := year_of(by_id[doc_id].meta.published)) is not None and low <= year <= high
        }
    return chosen


def _named(
    documents: Sequence[IndexedDocument],
    values: Sequence[str],
    field: Callable[[DocumentMeta], str | None],
    refusal: str,
) -> set[str]:
    """doc_ids of the plans whose `field` contains any of the values (folded); a value that
    names no plan is refused with the values that would."""
    found: set[str] = set()
    for value in values:
        wanted = fold(value)
        matching = {
            d.meta.doc_id for d in documents if (text := field(d.meta)) and wanted in fold(text)
        }
        if not matching:
            known = sorted({text for d in documents if (text := field(d.meta))})
            raise InvalidQuery(refusal.format(shown(value)) + _listed(known))
        found |= matching
    return found
