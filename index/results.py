"""What a search returns: filters asked for and applied, hits, results, indexed plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from index.highlight import terms_in
from index.query import ParsedQuery, Place
from index.types import DocumentMeta, OutlineNode, Passage


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any(r.strip() for r in self.regions) or bool(self.doc_ids)


@dataclass(frozen=True)
class AppliedFilters:
    """What restricted or boosted the results: the caller's filters and places found in the query."""

    regions: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    detected_places: tuple[Place, ...] = ()
    restricted_to: tuple[str, ...] = ()  # doc_ids searched, when anything restricted them
    boosted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    passage: Passage
    document: DocumentMeta
    lexical: float
    dense: float
    query_terms: tuple[str, ...] = ()  # the query's words, synonyms and sub-words

    @cached_property
    def terms(self) -> tuple[str, ...]:
        """The query words (and synonyms) this passage contains, for highlighting."""
        return terms_in(self.passage.text, self.query_terms)


@dataclass(frozen=True)
class SearchResult:
    query: str
    mode: str
    hits: tuple[Hit, ...]
    filters: AppliedFilters
    parsed: ParsedQuery
    took_ms: float


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    passages: int
    parts: int
    outline: tuple[OutlineNode, ...] = field(default=())
