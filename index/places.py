"""Places a query names: the build's place table (index/place_tables.py) matched against the
query, and regions named that no indexed plan covers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from index.regions import Division, NamedRegion, covered, divisions_named, regions_in

RESTRICT, BOOST = "restrict", "boost"


@dataclass(frozen=True)
class Place:
    alias: str  # as it may appear in a query: 合川, 合川区, 天府新区, 四川 …
    doc_ids: tuple[str, ...]
    mode: str  # restrict: only these plans; boost: these plans first (the name is also common text)


def detect_places(query: str, places: Sequence[Place]) -> list[Place]:
    """Places named in the query, longest names first, never two overlapping."""
    if not places:
        return []
    pattern, by_alias = _place_index(tuple(places))
    found: list[Place] = []
    for match in pattern.finditer(query):
        place = by_alias[match[0]]
        if place not in found:
            found.append(place)
    return found


@cache
def _place_index(places: tuple[Place, ...]) -> tuple[re.Pattern[str], dict[str, Place]]:
    by_alias = {place.alias: place for place in places}
    aliases = sorted(by_alias, key=len, reverse=True)  # leftmost, then longest, wins
    return re.compile("|".join(re.escape(a) for a in aliases)), by_alias


@cache
def _indexed_divisions(places: tuple[Place, ...]) -> tuple[Division, ...]:
    """The divisions the indexed plans' place names stand for."""
    return tuple(dict.fromkeys(d for place in places for d in divisions_named(place.alias)))


def unindexed_regions(query: str, places: Sequence[Place]) -> list[NamedRegion]:
    """Regions the query names that no indexed plan covers: 北京市 in 北京市首席质量官
    when no plan of 北京 (or of a place in it, or containing it) is indexed."""
    aliases = {place.alias for place in places}
    indexed = _indexed_divisions(tuple(places))
    return [
        region
        for region in regions_in(query)
        if region.written not in aliases and not covered(region, indexed)
    ]
