"""Search a built index: the query rewritten and understood, scoped by filters and places,
ranked (index.ranking) over the stored data (index.storage) and shown as hits (index.hits).

The searcher is the public face of one loaded build: compare, ask, targets and the
service use its typed methods, never its parts.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from index.answers import AnswerWeights
from index.coverage import coverage_of
from index.embedders import EmbedderConfig
from index.embedders.base import Embedder
from index.errors import InvalidQuery, UnknownDocument, UnknownPassage
from index.facets import count_facets
from index.filters import select_documents
from index.fusion import Fusion
from index.highlight import Highlighter
from index.hits import highlighter, make_hits
from index.loaded import load_index
from index.query import ParsedQuery, parse_query, visible
from index.ranking import MODES, NO_ROWS, Ranked, Ranking
from index.ranking import Ranker as _Ranker
from index.results import AppliedFilters, Filters, Hit, IndexedDocument, SearchResult
from index.results_page import SORTS, by_date, check_page, window
from index.rewrite import Rewrite, rewrite_query
from index.scope import rows_with_syntax, scope_of
from index.sentences import split_sentences
from index.storage import Storage, neighbours
from index.store import IndexFolder
from index.syntax import QuerySyntax, parse_syntax
from index.traditional import to_simplified
from index.tuning import answer_weights_for, fusion_for
from index.types import DocumentMeta, Passage, Target

__all__ = [
    "MODES",
    "SORTS",
    "AppliedFilters",
    "Filters",
    "Hit",
    "PassageInContext",
    "Ranked",
    "Ranking",
    "SearchResult",
    "Searcher",
]


@dataclass(frozen=True)
class PassageInContext:
    """A passage, its plan, and the ids of the passages before and after it in that plan."""

    passage: Passage
    document: DocumentMeta
    previous: str | None
    following: str | None


class Searcher:
    """Reads one index folder; safe to share between threads."""

    def __init__(
        self,
        index_root: Path,
        embedder_config: EmbedderConfig | None = None,
        threads: int = 2,
        verify: bool = True,
        build: Path | None = None,
        fusion: Fusion | None = None,
        storage: Storage | None = None,
        folder: IndexFolder | None = None,
    ) -> None:
        """Open the current build under `index_root`, or `build` (one folder under it) if
        given; or, given `storage` (Milvus), that storage with the build's other files in
        `folder`. Hybrid search fuses with `fusion`, by default the one chosen on the dev
        split for the build's embedder (index/data/fusion.toml)."""
        loaded = load_index(index_root, embedder_config, threads, verify, build, storage, folder)
        self.folder: IndexFolder = loaded.folder
        self.manifest: dict[str, Any] = loaded.manifest
        self.storage: Storage = loaded.storage
        self.tokenizer = loaded.tokenizer
        self.places = loaded.places
        self.spelling = loaded.spelling
        self.glossary = loaded.glossary
        self.embedder: Embedder = loaded.embedder
        self.answer_weights: AnswerWeights = answer_weights_for(self.embedder.kind)
        self._ranker = _Ranker(
            self.storage, self.embedder, fusion or fusion_for(self.embedder.kind)
        )
        self.documents: tuple[IndexedDocument, ...] = self.storage.documents
        self._by_doc = {d.meta.doc_id: d for d in self.documents}
        self._doc_position = {d.meta.doc_id: i for i, d in enumerate(self.documents)}

    # -- the build -----------------------------------------------------------------------
    @property
    def build_id(self) -> str:
        return self.folder.build_id

    @property
    def fusion(self) -> Fusion:
        """The fusion hybrid search uses unless a call passes its own."""
        return self._ranker.fusion

    @property
    def passage_count(self) -> int:
        return self.storage.size

    @property
    def targets(self) -> tuple[Target, ...]:
        return self.storage.targets

    @property
    def target_vectors(self) -> np.ndarray:
        """One vector per target's metric, in the order of `targets`."""
        return self.storage.target_vectors

    def target_rows(self) -> tuple[tuple[int, ...], ...]:
        """The metric × plan table's rows (positions in `targets`), as the build grouped them."""
        return self.storage.target_rows()

    # -- documents and passages --------------------------------------------------------
    def document(self, doc_id: str) -> IndexedDocument:
        if doc_id not in self._by_doc:
            raise UnknownDocument(doc_id)
        return self._by_doc[doc_id]

    def plan_passages(self, doc_id: str) -> list[Passage]:
        """The passages of a plan, in reading order."""
        self.document(doc_id)
        rows = self.storage.rows_of_documents([self._doc_position[doc_id]])
        return self.storage.passages(rows.tolist())

    def passage(self, passage_id: str) -> PassageInContext:
        """The passage, its plan, and the ids of the passages before and after it in that plan."""
        row = self.storage.row_of(passage_id)
        if row is None:
            raise UnknownPassage(passage_id)
        around = neighbours(self.storage, row)
        wanted = [row, *(r for r in (around.previous, around.following) if r is not None)]
        found = dict(zip(wanted, self.storage.passages(wanted), strict=True))
        passage = found[row]
        previous, following = (
            None if other is None else found[other].passage_id
            for other in (around.previous, around.following)
        )
        return PassageInContext(passage, self._by_doc[passage.doc_id].meta, previous, following)

    def doc_ids_of(self, rows: np.ndarray) -> list[str]:
        """The plan of each row."""
        return [self.documents[p].meta.doc_id for p in self.storage.doc_positions(rows).tolist()]

    def docs_for_filters(self, filters: Filters) -> set[str]:
        return select_documents(self.documents, filters)

    def _rows_of(self, doc_ids: frozenset[str] | None) -> np.ndarray | None:
        if doc_ids is None:
            return None
        positions = [self._doc_position[d] for d in doc_ids if d in self._doc_position]
        return self.storage.rows_of_documents(positions)

    # -- understanding the query ---------------------------------------------------------
    def rewrite(self, query: str, correct: bool = True) -> Rewrite:
        """What to search for `query`: simplified characters, pinyin typos corrected."""
        return rewrite_query(query, self.spelling, self.tokenizer, self.glossary, correct)

    def parse(self, query: str, use_synonyms: bool = True, use_places: bool = True) -> ParsedQuery:
        """The query understood: its words (quotes and -excluded words taken out), synonyms
        and places."""
        return parse_query(
            parse_syntax(query).searched or query,
            self.tokenizer.tokens,
            self.places,
            use_synonyms,
            self.tokenizer.phrase_tokens,
            use_places,
            self.tokenizer.analyse,
            self.glossary.translate,
        )

    # -- ranking -----------------------------------------------------------------------
    def rank(
        self,
        parsed: ParsedQuery,
        mode: str,
        k: int,
        allowed_rows: np.ndarray | None = None,
        fusion: Fusion | None = None,
    ) -> tuple[Ranked, ...]:
        """The best k passages among `allowed_rows` (all when None), best first."""
        return self._ranker.rank(parsed, mode, k, allowed_rows, (), fusion).ranked

    def query_vector(self, parsed: ParsedQuery) -> np.ndarray | None:
        """The query's vector (None when the embedder knows none of its words)."""
        return self._ranker.query_vector(parsed)

    def embed_query(self, text: str) -> np.ndarray:
        """The embedder's vector of a short text, as queries are embedded."""
        return self.embedder.embed_query(text)

    def idf(self, token: str) -> float:
        """The idf of a word of the passages; 0 for a word none has."""
        return self.storage.idf(token)

    def coverage_of(self, parsed: ParsedQuery, rows: np.ndarray) -> np.ndarray:
        """For each passage, the share of the query's word weight (idf) it contains."""
        return coverage_of(self.storage, parsed, rows)

    def sentence_similarities(self, passage_id: str, vector: np.ndarray) -> np.ndarray:
        """The embedder's cosine of each sentence of the passage (index.sentences) to `vector`:
        from the stored sentence vectors of a model, computed now by the built-in LSA."""
        row = self.storage.row_of(passage_id)
        if row is None:
            raise UnknownPassage(passage_id)
        sentences = self.storage.sentence_vectors(row)
        if sentences is not None:
            return np.dot(sentences, vector)
        texts = [sentence.text for sentence in split_sentences(self.storage.passage(row).text)]
        if not texts:
            return np.zeros(0, np.float32)
        return np.dot(self.embedder.embed_passages(texts), vector)

    # -- hits --------------------------------------------------------------------------
    def highlighter(self, parsed: ParsedQuery, syntax: QuerySyntax | None = None) -> Highlighter:
        """What a hit of this query highlights (index.hits)."""
        return highlighter(parsed, syntax)

    def hits(
        self,
        ranked: Sequence[Ranked],
        parsed: ParsedQuery,
        first_rank: int = 1,
        syntax: QuerySyntax | None = None,
    ) -> tuple[Hit, ...]:
        plans = {doc_id: document.meta for doc_id, document in self._by_doc.items()}
        return make_hits(self.storage, plans, ranked, parsed, first_rank, syntax)

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        filters: Filters | None = None,
        use_synonyms: bool = True,
        use_places: bool = True,
        correct: bool = True,
        fusion: Fusion | None = None,
        offset: int = 0,
        sort: str = "relevance",
    ) -> SearchResult:
        """The k best passages for `query` after the first `offset`, best (or newest) first,
        with the number of passages matching and their facets; `correct=False` searches the
        query's words as typed (traditional characters are still made simplified)."""
        started = time.perf_counter()
        if not query or not visible(query):
            raise InvalidQuery("the query is empty; type what to search for")
        check_page(k, offset, sort)
        syntax = parse_syntax(query.strip())
        if not visible(syntax.searched):
            raise InvalidQuery(
                f"the query only excludes words ({' '.join('-' + w for w in syntax.excluded)}); "
                "add the words to search for"
            )
        rewrite = self.rewrite(syntax.searched, correct)
        # Phrases and excluded words are matched exactly, but in the plans' characters.
        syntax = replace(
            syntax,
            phrases=tuple(map(to_simplified, syntax.phrases)),
            excluded=tuple(map(to_simplified, syntax.excluded)),
        )
        parsed = self.parse(rewrite.searched, use_synonyms, use_places)
        scope = scope_of(self.documents, parsed, filters or Filters(), use_places)
        rows = self._rows_of(scope.allowed)
        if syntax.restricts:
            rows = rows_with_syntax(self.storage, rows, syntax)
        boosted = [self._doc_position[d] for d in scope.boosted if d in self._doc_position]
        ranking = self._ranker.rank(
            parsed,
            mode,
            window(k, offset, sort),
            rows,
            boosted,
            fusion,
            with_matches=True,
        )
        ranked = ranking.ranked
        if sort == "date":
            ranked = by_date(ranked, self.storage.doc_positions, self._published_rank)
        matched = ranking.matched if ranking.matched is not None else NO_ROWS
        per_doc = np.bincount(self.storage.doc_positions(matched), minlength=len(self.documents))
        counts = {d.meta.doc_id: int(n) for d, n in zip(self.documents, per_doc, strict=True)}
        return SearchResult(
            query=query,
            mode=mode,
            hits=self.hits(ranked[offset : offset + k], parsed, offset + 1, syntax),
            filters=scope.applied,
            parsed=parsed,
            took_ms=(time.perf_counter() - started) * 1000,
            rewrite=rewrite if rewrite.changed else None,
            total=len(matched),
            total_exact=ranking.complete,
            offset=offset,
            k=k,
            sort=sort,
            facets=count_facets(counts, {d.meta.doc_id: d.meta for d in self.documents}),
            syntax=syntax,
        )

    @cached_property
    def _published_rank(self) -> np.ndarray:
        """For each plan (by position in `documents`), its publication date as a sortable
        number (YYYYMMDD), 0 when unknown."""
        return np.array(
            [int((d.meta.published or "").replace("-", "") or 0) for d in self.documents],
            dtype=np.int64,
        )
