"""Search a built index: lexical, dense or hybrid ranking with filters and place detection."""

from __future__ import annotations

import json
import time
import tomllib
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from index.answers import AnswerWeights
from index.bigrams import bigrams
from index.bilingual import Glossary
from index.dense import set_threads
from index.embedders import EmbedderConfig, load_query_embedder
from index.errors import InvalidQuery, UnknownDocument, UnknownPassage
from index.facets import count_facets
from index.filters import select_documents
from index.fusion import Fusion, fuse, lexical_blend
from index.highlight import Highlighter
from index.layout import (
    PLACES_FILE,
    USER_TERMS_FILE,
)
from index.manifest import check_searchable
from index.query import BOOST, RESTRICT, ParsedQuery, Place, parse_query, visible
from index.results import AppliedFilters, Document, Filters, Hit, SearchResult
from index.results_page import SORTS, by_date, check_page, window
from index.rewrite import Rewrite, rewrite_query
from index.sentences import split_sentences
from index.spelling import SpellingIndex
from index.storage import Storage, neighbours
from index.storage.local import LocalStorage
from index.store import IndexFolder, open_build, open_index
from index.syntax import QuerySyntax, parse_syntax, without_excluded
from index.tokenize import Tokenizer
from index.traditional import to_simplified
from index.types import NOTICE_SECTION, DocumentMeta, Passage

__all__ = [
    "MODES",
    "SORTS",
    "AppliedFilters",
    "Document",
    "Filters",
    "Hit",
    "Ranking",
    "SearchResult",
    "Searcher",
]

MODES = ("hybrid", "lexical", "dense")
MIN_CANDIDATES = 100
PLACE_BOOST = 0.15
# The notice that publishes a plan repeats its title and little else; its passage ranks
# below the plan's own text unless nothing else matches (chosen on the dev split).
NOTICE_PRIOR = 0.6
COVERAGE_PASSAGES = 5


@cache
def _ranking_table(embedder_kind: str) -> dict[str, Any]:
    text = resources.files("index.data").joinpath("fusion.toml").read_text("utf-8")
    table = tomllib.loads(text)
    return dict(table.get(embedder_kind, table["builtin"]))


def answer_weights_for(embedder_kind: str) -> AnswerWeights:
    """How /api/ask scores sentences for this kind of embedder (index/data/fusion.toml)."""
    return AnswerWeights(**_ranking_table(embedder_kind)["answers"])


def fusion_for(embedder_kind: str) -> Fusion:
    """The fusion chosen on the dev split for this kind of embedder (index/data/fusion.toml)."""
    entry = _ranking_table(embedder_kind)
    return Fusion(
        method=entry["method"],
        dense_weight=float(entry["dense_weight"]),
        adaptive=bool(entry.get("adaptive", True)),
        bigram_weight=float(entry.get("bigram_weight", 0.0)),
    )


@lru_cache(maxsize=4096)
def _compounds(typed: tuple[str, ...]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(token, its parts) for each token spelled entirely by other tokens of the query."""
    out = []
    for column, token in enumerate(typed):
        parts = tuple(i for i, other in enumerate(typed) if other != token and other in token)
        if parts and _spelled_by(token, [typed[i] for i in parts]):
            out.append((column, parts))
    return tuple(out)


def _spelled_by(word: str, parts: list[str]) -> bool:
    """Whether the parts cover every character of the word (质量+品牌 spell 质量品牌;
    首席+质量 do not spell 首席质量官)."""
    covered = [False] * len(word)
    for part in parts:
        start = word.find(part)
        while start != -1:
            covered[start : start + len(part)] = [True] * len(part)
            start = word.find(part, start + 1)
    return all(covered)


_NO_ROWS = np.zeros(0, np.int64)
_NO_ROWS.flags.writeable = False


def _union(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The sorted distinct rows of both (np.union1d, without its generic machinery)."""
    rows = np.concatenate((first, second))
    rows.sort()
    if len(rows) > 1:
        rows = rows[np.concatenate(([True], rows[1:] != rows[:-1]))]
    return rows


def _only(values: np.ndarray, rows: np.ndarray, fill: float) -> np.ndarray:
    kept = np.full_like(values, fill)
    kept[rows] = values[rows]
    return kept


def _top(values: np.ndarray, count: int, positive_only: bool = False) -> np.ndarray:
    """Positions of the `count` largest finite values (unordered); positive ones only if asked."""
    candidates = (
        np.flatnonzero(values > 0) if positive_only else np.flatnonzero(np.isfinite(values))
    )
    if len(candidates) > count:
        candidates = candidates[np.argpartition(-values[candidates], count - 1)[:count]]
    return candidates


@dataclass(frozen=True)
class Ranking:
    """The best candidates, best first, and every passage that matches the query."""

    ranked: list[tuple[int, float, float, float]]  # (row, score, lexical, dense)
    matched: np.ndarray | None = None  # sorted rows; None unless asked for


class Searcher:
    """Reads one index folder; safe to share between threads."""

    def __init__(
        self,
        index_root: Path,
        embedder_config: EmbedderConfig | None = None,
        threads: int = 2,
        verify: bool = True,
        build: Path | None = None,
        storage: Storage | None = None,
        folder: IndexFolder | None = None,
    ) -> None:
        """Open the current build under `index_root`, or `build` (one folder under it) if given;
        or, given `storage` (e.g. Milvus), that storage with the build's other files in
        `folder`."""
        set_threads(threads)
        if folder is None:
            folder = (
                open_index(index_root, verify=verify)
                if build is None
                else open_build(build, verify)
            )
        self.folder: IndexFolder = folder
        path = self.folder.path
        self.manifest = self.folder.manifest
        check_searchable(self.manifest, path)
        self.storage: Storage = storage if storage is not None else LocalStorage.open(path)
        self.documents = self.storage.documents
        self._by_doc = {d.meta.doc_id: d for d in self.documents}
        # The folder format's parts, for the benchmarks that compare against them.
        self.store: Any = getattr(self.storage, "store", None)
        self.lexical: Any = getattr(self.storage, "words", None)
        self.dense: Any = getattr(self.storage, "dense", None)
        self.spelling = SpellingIndex.load(path, self.storage.vocabulary())
        self.glossary = Glossary.load(path)
        user_terms = (path / USER_TERMS_FILE).read_text("utf-8").split("\n")
        self.tokenizer = Tokenizer([t for t in user_terms if t])
        self.places = tuple(
            Place(p["alias"], tuple(p["doc_ids"]), p["mode"])
            for p in json.loads((path / PLACES_FILE).read_text("utf-8"))
        )
        self.embedder = load_query_embedder(
            self.manifest, path, embedder_config or EmbedderConfig(), self.tokenizer, threads
        )
        self.fusion = fusion_for(self.embedder.kind)
        self.answer_weights = answer_weights_for(self.embedder.kind)
        self.targets = self.storage.targets
        self.target_vectors = self.storage.target_vectors
        self._doc_position = {d.meta.doc_id: i for i, d in enumerate(self.documents)}
        size = self.storage.size
        self._unseen_idf = float(np.log((size + 1) / 0.5))  # a word no passage has
        self._prior = np.ones(size, np.float32)
        self._prior[self.storage.rows_in_section((NOTICE_SECTION,))] = NOTICE_PRIOR

    # -- documents and passages --------------------------------------------------------
    @property
    def build_id(self) -> str:
        return self.folder.build_id

    def document(self, doc_id: str) -> Document:
        if doc_id not in self._by_doc:
            raise UnknownDocument(doc_id)
        return self._by_doc[doc_id]

    def passage(self, passage_id: str) -> tuple[Passage, DocumentMeta, str | None, str | None]:
        """The passage, its plan, and the ids of the passages before and after it in that plan."""
        i = self.storage.row_of(passage_id)
        if i is None:
            raise UnknownPassage(passage_id)
        around = neighbours(self.storage, i)
        previous, following = (
            None if row is None else self.storage.passage(row).passage_id
            for row in (around.previous, around.following)
        )
        passage = self.storage.passage(i)
        return passage, self._by_doc[passage.doc_id].meta, previous, following

    def regions(self) -> list[str]:
        return sorted({d.meta.region for d in self.documents if d.meta.region})

    # -- filters -----------------------------------------------------------------------
    def docs_for_filters(self, filters: Filters) -> set[str]:
        return select_documents(self.documents, filters)

    def _scope(
        self, parsed: ParsedQuery, filters: Filters, use_places: bool
    ) -> tuple[AppliedFilters, set[str] | None, set[str]]:
        """(what was applied, doc_ids to search or None for all, doc_ids to boost)."""
        allowed = self.docs_for_filters(filters) if filters else None
        detected = parsed.places if use_places else ()
        boosted: set[str] = set()
        if detected:
            restricting = {d for p in detected if p.mode == RESTRICT for d in p.doc_ids}
            boosted = {d for p in detected if p.mode == BOOST for d in p.doc_ids}
            if allowed is None and restricting:
                allowed = restricting
            elif restricting:
                boosted |= restricting
        applied = AppliedFilters(
            regions=filters.regions,
            doc_ids=filters.doc_ids,
            detected_places=tuple(detected),
            restricted_to=tuple(sorted(allowed)) if allowed is not None else (),
            boosted=tuple(sorted(boosted & allowed if allowed is not None else boosted)),
            unindexed=parsed.unindexed if use_places else (),
            levels=filters.levels,
            issuers=filters.issuers,
            year_from=filters.year_from,
            year_to=filters.year_to,
        )
        return applied, allowed, boosted

    def _allowed_rows(self, doc_ids: set[str] | None) -> np.ndarray | None:
        if doc_ids is None:
            return None
        positions = [self._doc_position[d] for d in doc_ids if d in self._doc_position]
        return self.storage.rows_of_documents(positions)

    # -- ranking -----------------------------------------------------------------------
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

    def rank(
        self,
        parsed: ParsedQuery,
        mode: str,
        k: int,
        allowed_rows: np.ndarray | None,
        boosted: set[str] = frozenset(),  # type: ignore[assignment]
        fusion: Fusion | None = None,
    ) -> list[tuple[int, float, float, float]]:
        """(row, score, lexical, dense) of the best k passages among `allowed_rows`."""
        return self.ranking(parsed, mode, k, allowed_rows, boosted, fusion).ranked

    def ranking(
        self,
        parsed: ParsedQuery,
        mode: str,
        k: int,
        allowed_rows: np.ndarray | None,
        boosted: set[str] = frozenset(),  # type: ignore[assignment]
        fusion: Fusion | None = None,
        with_matches: bool = False,
    ) -> Ranking:
        """The best k passages among `allowed_rows` and, if asked, every passage matching:
        those holding a query word (lexical, hybrid) and the candidates found by meaning
        that score above nothing (dense, hybrid)."""
        if mode not in MODES:
            raise InvalidQuery(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        typed = parsed.typed_tokens
        if not typed:  # only stopwords or punctuation: nothing to look for
            return Ranking([], _NO_ROWS if with_matches else None)
        wanted = max(MIN_CANDIDATES, 5 * k)
        fusion = fusion or self.fusion
        lexical_all = self.lexical_scores(parsed, fusion)
        if allowed_rows is not None:
            lexical_all = _only(lexical_all, allowed_rows, 0.0)
        lexical_rows = _top(lexical_all, wanted, positive_only=True)
        query_vector = None
        dense_rows = _NO_ROWS
        if mode != "lexical":
            query_vector = self.query_vector(parsed)
            if query_vector is not None:
                dense_rows = self.storage.dense_knn(query_vector, wanted, allowed_rows).rows
        if mode == "lexical":
            rows = lexical_rows
        elif mode == "dense":
            rows = dense_rows
        else:
            rows = _union(lexical_rows, dense_rows)
        if not len(rows):
            return Ranking([], _NO_ROWS if with_matches else None)
        lexical = lexical_all[rows]
        if query_vector is None:
            dense = np.zeros(len(rows), np.float32)
        else:
            dense = self.storage.dense_scores(query_vector, rows)
        if mode == "lexical":
            scores = lexical
        elif mode == "dense":
            scores = dense
        else:
            scores = fuse(lexical, dense, fusion, self._coverage(parsed, rows, lexical))
        scores = scores * self._prior[rows]
        if boosted:
            positions = [self._doc_position[d] for d in boosted if d in self._doc_position]
            in_boosted = np.isin(self.storage.doc_positions(rows), positions)
            scores = scores + np.where(in_boosted, PLACE_BOOST * max(float(scores.max()), 1e-6), 0)
        order = np.lexsort((rows, -scores))[:k]
        order = order[scores[order] > 0]  # a passage that matches nothing is not a result
        ranked = [
            (int(rows[i]), float(scores[i]), float(lexical[i]), float(dense[i])) for i in order
        ]
        if not with_matches:
            return Ranking(ranked)
        found = rows[scores > 0]
        if mode != "dense":
            found = _union(np.flatnonzero(lexical_all > 0), found)
        return Ranking(ranked, found)

    def lexical_scores(self, parsed: ParsedQuery, fusion: Fusion | None = None) -> np.ndarray:
        """BM25 of every passage: jieba words, plus character bigrams when the fusion asks."""
        size = self.storage.size
        words = self.storage.lexical("words", parsed.tokens, parsed.weights).dense_array(size)
        weight = (fusion or self.fusion).bigram_weight
        if weight <= 0:
            return words
        searched = bigrams(parsed.searched or parsed.text)
        return lexical_blend(
            words, self.storage.lexical("bigrams", searched).dense_array(size), weight
        )

    def query_vector(self, parsed: ParsedQuery) -> np.ndarray | None:
        """The query's vector (None when the embedder knows none of its words)."""
        vector = self.embedder.embed_query(
            parsed.searched or parsed.text, list(parsed.typed_tokens)
        )
        return vector if vector.any() else None

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

    def coverage_of(self, parsed: ParsedQuery, rows: np.ndarray) -> np.ndarray:
        """For each passage, the share of the query's word weight (idf) it contains."""
        typed = parsed.distinct_typed_tokens
        if not typed or not len(rows):
            return np.zeros(len(rows), np.float32)
        idf = self.storage.idf
        weights = np.array([idf(t) or self._unseen_idf for t in typed], np.float32)
        found = self.storage.term_presence(typed, rows)
        # A compound (质量品牌) counts as present where parts that spell all of it are
        # (质量和品牌建设), so one rare compound does not outweigh the words it is made of.
        for column, parts in _compounds(tuple(typed)):
            found[:, column] |= found[:, list(parts)].all(axis=1)
        return (found @ weights / weights.sum()).astype(np.float32)

    def _coverage(self, parsed: ParsedQuery, rows: np.ndarray, lexical: np.ndarray) -> float:
        """How much of the query the best lexical passages contain (0..1).

        1 when some passage holds every word typed: the lexical ranking is then trusted and
        the dense side only breaks ties; low when the words are not in the plans (a
        paraphrase), which is when the embedder is given its weight.
        """
        if not len(rows) or float(lexical.max()) <= 0:
            return 0.0
        best = np.argsort(-lexical)[:COVERAGE_PASSAGES]
        best = best[lexical[best] > 0]
        return float(self.coverage_of(parsed, rows[best]).max())

    def highlighter(self, parsed: ParsedQuery, syntax: QuerySyntax | None = None) -> Highlighter:
        """Quoted phrases, whole words of the query and its synonyms, then the finer tokens
        of the words typed (a synonym's fragments, such as 负责 of 质量负责人, are not worth
        a highlight); never a word the query excludes."""
        syntax = syntax or parse_syntax(parsed.text)
        words = [*syntax.phrases, *parsed.words]
        for _, others in parsed.synonyms:
            words += others
        return Highlighter(without_excluded([*words, *parsed.typed_tokens], syntax.excluded))

    def hits(
        self,
        ranked: list[tuple[int, float, float, float]],
        parsed: ParsedQuery,
        first_rank: int = 1,
        syntax: QuerySyntax | None = None,
    ) -> tuple[Hit, ...]:
        highlighter = self.highlighter(parsed, syntax)
        out = []
        for rank, (row, score, lexical, dense) in enumerate(ranked, start=first_rank):
            passage = self.storage.passage(row)
            out.append(
                Hit(
                    rank,
                    round(score, 6),
                    passage,
                    self._by_doc[passage.doc_id].meta,
                    lexical,
                    dense,
                    highlighter,
                )
            )
        return tuple(out)

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
        applied, allowed, boosted = self._scope(parsed, filters or Filters(), use_places)
        rows = self._allowed_rows(allowed)
        if syntax.restricts:
            rows = self._with_syntax(rows, syntax)
        ranking = self.ranking(
            parsed, mode, window(k, offset, sort), rows, boosted, fusion, with_matches=True
        )
        ranked = ranking.ranked
        if sort == "date":
            ranked = by_date(ranked, self.storage.doc_positions, self._published_rank)
        matched = ranking.matched if ranking.matched is not None else _NO_ROWS
        per_doc = np.bincount(self.storage.doc_positions(matched), minlength=len(self.documents))
        counts = {d.meta.doc_id: int(n) for d, n in zip(self.documents, per_doc, strict=True)}
        return SearchResult(
            query=query,
            mode=mode,
            hits=self.hits(ranked[offset : offset + k], parsed, offset + 1, syntax),
            filters=applied,
            parsed=parsed,
            took_ms=(time.perf_counter() - started) * 1000,
            rewrite=rewrite if rewrite.changed else None,
            total=len(matched),
            offset=offset,
            k=k,
            sort=sort,
            facets=count_facets(counts, {d.meta.doc_id: d.meta for d in self.documents}),
            syntax=syntax,
        )

    def _with_syntax(self, rows: np.ndarray | None, syntax: QuerySyntax) -> np.ndarray:
        """The rows that hold every quoted phrase and none of the excluded words."""
        kept = rows
        for phrase in syntax.phrases:
            found = self.storage.rows_containing(phrase)
            kept = found if kept is None else np.intersect1d(kept, found, assume_unique=True)
        if kept is None:
            kept = np.arange(self.storage.size, dtype=np.int64)
        for word in syntax.excluded:
            kept = np.setdiff1d(kept, self.storage.rows_containing(word), assume_unique=True)
        return kept

    @cached_property
    def _published_rank(self) -> np.ndarray:
        """For each plan (by position in the store), its publication date as a sortable
        number (YYYYMMDD), 0 when unknown."""
        return np.array(
            [int((d.meta.published or "").replace("-", "") or 0) for d in self.documents],
            dtype=np.int64,
        )
