"""The place table a build writes (places.json): every alias of every plan's region, and
whether naming it restricts a search to those plans or only boosts them."""

from __future__ import annotations

from collections.abc import Iterable

from index.places import BOOST, RESTRICT, Place
from index.regions import region_units, short_name


def aliases_of(region: str) -> set[str]:
    """重庆市合川区 → the region, each of its units, and their short names (合川, 重庆)."""
    aliases = {region}
    for unit in region_units(region):
        aliases |= {unit, short_name(unit)}
    return {alias for alias in aliases if len(alias) >= 2}


def build_places(
    regions: dict[str, str | None], texts_by_doc: dict[str, Iterable[str]]
) -> tuple[Place, ...]:
    """Every alias of every plan's region, restricting unless other plans' text also uses it."""
    docs_by_alias: dict[str, set[str]] = {}
    for doc_id, region in regions.items():
        for alias in aliases_of(region or ""):
            docs_by_alias.setdefault(alias, set()).add(doc_id)
    joined = {doc_id: "\n".join(texts) for doc_id, texts in texts_by_doc.items()}
    places = []
    for alias, doc_ids in sorted(docs_by_alias.items()):
        elsewhere = any(alias in text for doc_id, text in joined.items() if doc_id not in doc_ids)
        places.append(Place(alias, tuple(sorted(doc_ids)), BOOST if elsewhere else RESTRICT))
    return tuple(places)
