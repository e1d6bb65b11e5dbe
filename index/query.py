"""The query understood: its words, their synonyms (index.synonyms) and the places it names
(index.places), as one `ParsedQuery`."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from index.places import RESTRICT, Place, detect_places, unindexed_regions
from index.synonyms import expand_synonyms
from index.tokenize import fold

SYNONYM_WEIGHT = 0.5


def visible(text: str) -> str:
    """The text without white space and invisible format characters (zero-width spaces)."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


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
