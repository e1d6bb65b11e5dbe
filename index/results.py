"""What a search returns: filters asked for and applied, hits, results, indexed plans."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.facets import Facets
from index.highlight import Highlighter
from index.places import Place
from index.query import ParsedQuery
from index.rewrite import Rewrite
from index.syntax import QuerySyntax
from index.types import DocumentMeta, OutlineNode, Passage


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def __bool__(self) -> bool:
        return (
            any(r.strip() for r in (*self.regions, *self.levels, *self.issuers))
            or bool(self.doc_ids)
            or self.year_from is not None
            or self.year_to is not None
        )


@dataclass(frozen=True)
class AppliedFilters:
    """What restricted or boosted the results: the caller's filters and places found in the query."""

    regions: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    detected_places: tuple[Place, ...] = ()
    restricted_to: tuple[str, ...] = ()  # doc_ids searched, when anything restricted them
    boosted: tuple[str, ...] = ()
    unindexed: tuple[str, ...] = ()  # regions the query names that no indexed plan covers
    levels: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

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

    total: int = 0  # passages matching, of which `hits` is one page
    total_exact: bool = True  # False: `total` and the facets are lower bounds (Milvus's cap)
    offset: int = 0  # hits skipped before this page
    k: int = 10  # the page size asked for
    sort: str = "relevance"
    facets: Facets = field(default_factory=Facets)
    syntax: QuerySyntax | None = None


@dataclass(frozen=True)
class IndexedDocument:
    """A plan as the index folder lists it (documents.json): its metadata, passage and part
    counts and heading tree; `index.types.Document` is the plan as read from the corpus."""

    meta: DocumentMeta
    passages: int
    parts: int
    outline: tuple[OutlineNode, ...] = field(default=())
