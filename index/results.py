"""What a search returns: filters asked for and applied, hits, results, indexed plans."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.highlight import Highlighter
from index.query import ParsedQuery, Place
from index.rewrite import Rewrite
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
    unindexed: tuple[str, ...] = ()  # regions the query names that no indexed plan covers

    @property
    def notice(self) -> str | None:
        """What the results are when the query names a region with no plan: 未收录北京市的方案…"""
        if not self.unindexed:
            return None
        return f"未收录{'、'.join(self.unindexed)}的方案，以下是其他地区最相近的内容。"


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    passage: Passage
    document: DocumentMeta
    lexical: float
    dense: float
    highlighter: Highlighter = field(default_factory=Highlighter, compare=False, repr=False)

    @property
    def terms(self) -> tuple[str, ...]:
        """The query words (and synonyms) this passage contains."""
        return self.highlighter.found(self.passage.text)

    @property
    def highlight(self) -> str:
        """The passage as safe HTML with those words in <mark>."""
        return self.highlighter.mark(self.passage.text)


@dataclass(frozen=True)
class SearchResult:
    query: str
    mode: str
    hits: tuple[Hit, ...]
    filters: AppliedFilters
    parsed: ParsedQuery
    took_ms: float
    rewrite: Rewrite | None = None  # what was searched, when it differs from the query typed

    @property
    def meaning_only(self) -> bool:
        """Results found by meaning alone: no passage holds any of the words searched."""
        return bool(self.hits) and all(hit.lexical <= 0 for hit in self.hits)


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    passages: int
    parts: int
    outline: tuple[OutlineNode, ...] = field(default=())
