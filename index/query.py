"""Query understanding: synonym expansion and place names that restrict or boost plans."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from index.regions import (
    Division,
    NamedRegion,
    covered,
    divisions_named,
    region_units,
    regions_in,
    short_name,
)
from index.tokenize import fold

SYNONYM_WEIGHT = 0.5
RESTRICT, BOOST = "restrict", "boost"


def visible(text: str) -> str:
    """The text without white space and invisible format characters (zero-width spaces)."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


# -- synonyms --------------------------------------------------------------------------
@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    text = resources.files("index.data").joinpath("synonyms.txt").read_text("utf-8")
    groups = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms = tuple(
                dict.fromkeys(fold(term.strip()) for term in line.split(",") if term.strip())
            )
            if len(terms) > 1:
                groups.append(terms)
    return tuple(groups)


@cache
def _synonym_index() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], dict[str, int]]:
    """One pattern of every synonym term, longest first; each term's group and its position."""
    group_of: dict[str, tuple[str, ...]] = {}
    position_of: dict[str, int] = {}
    for position, group in enumerate(synonym_groups()):
        for term in group:
            group_of.setdefault(term, group)
            position_of.setdefault(term, position)
    terms = sorted(group_of, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms)), group_of, position_of


def synonym_concepts(folded: str) -> list[int]:
    """Positions of the synonym groups any of whose terms the text contains."""
    pattern, _, position_of = _synonym_index()
    return sorted({position_of[term] for term in pattern.findall(folded)})


def expand_synonyms(folded_query: str) -> list[tuple[str, tuple[str, ...]]]:
    """(term found in the query, its synonyms not already in the query), longest terms first."""
    pattern, group_of, _ = _synonym_index()
    found: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for match in pattern.finditer(folded_query):
        term = match[0]
        if term in seen:
            continue
        seen.add(term)
        others = tuple(o for o in group_of[term] if o != term and o not in folded_query)
        if others:
            found.append((term, others))
    return sorted(found, key=lambda pair: -len(pair[0]))


# -- places ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    alias: str  # as it may appear in a query: 合川, 合川区, 天府新区, 四川 …
    doc_ids: tuple[str, ...]
    mode: str  # restrict: only these plans; boost: these plans first (the name is also common text)


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


# -- the parsed query ------------------------------------------------------------------
@dataclass(frozen=True)
class ParsedQuery:
    text: str
    tokens: tuple[str, ...]  # the words typed, as tokenized
    weights: tuple[float, ...]  # 1 for typed words, SYNONYM_WEIGHT for expansions
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    places: tuple[Place, ...] = field(default=())
    searched: str = ""  # the text searched for: the query without restricting place names
    words: tuple[str, ...] = ()  # whole words of `searched` (tokens also hold their sub-words)
    unindexed: tuple[str, ...] = ()  # regions named in the query that no indexed plan covers

    @cached_property
    def typed_tokens(self) -> tuple[str, ...]:
        """The tokens of the words typed (synonym expansions left out), repeats kept."""
        return tuple(t for t, w in zip(self.tokens, self.weights, strict=True) if w == 1.0)

    @cached_property
    def distinct_typed_tokens(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.typed_tokens))


def parse_query(
    text: str,
    tokenize: Callable[[str], list[str]],
    places: Sequence[Place] = (),
    use_synonyms: bool = True,
    tokenize_phrase: Callable[[str], list[str]] | None = None,
    use_places: bool = True,
    analyse: Callable[[str], tuple[list[str], list[str]]] | None = None,
    translate: Callable[[str], list[tuple[str, tuple[str, ...]]]] | None = None,
) -> ParsedQuery:
    """Tokens to search for, synonyms, and places named in the query.

    A place that restricts the search (合川区) has done its work as a filter, so its name
    is not also searched for as a word: "沙坡头区首席质量官" looks for 首席质量官 within
    沙坡头's plan, not for passages that repeat 沙坡头区. A region no plan covers (北京市)
    is reported in `unindexed` and not searched for either.
    """
    folded = fold(text)
    found = detect_places(folded, places) if use_places else []
    missing = unindexed_regions(folded, places) if use_places else []
    searched = folded
    for place in found:
        if place.mode == RESTRICT:
            searched = searched.replace(place.alias, " ")
    # A region with no plan matches no passage; the rest of the query finds the nearest ones.
    for region in missing:
        searched = searched.replace(region.written, " ")
    if not searched.strip():  # the query is only a place name: search for the name
        searched = folded
    if analyse is not None:
        typed, words = analyse(searched)
    else:
        typed, words = tokenize(searched), []
    tokenize_phrase = tokenize_phrase or tokenize
    tokens, weights = list(typed), [1.0] * len(typed)
    synonyms = expand_synonyms(searched) if use_synonyms else []
    if use_synonyms and translate is not None:  # English phrases and their Chinese words
        synonyms += translate(searched)
    for _, others in synonyms:
        for other in others:
            for token in tokenize_phrase(other):
                if token not in tokens:
                    tokens.append(token)
                    weights.append(SYNONYM_WEIGHT)
    return ParsedQuery(
        text=text,
        tokens=tuple(tokens),
        weights=tuple(weights),
        synonyms=tuple(synonyms),
        places=tuple(found),
        searched=searched.strip(),
        words=tuple(words),
        unindexed=tuple(dict.fromkeys(region.name for region in missing)),
    )
