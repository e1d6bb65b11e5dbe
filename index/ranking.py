"""Ranking passages for a parsed query over the storage contract: lexical, dense or hybrid."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from index.bigrams import bigrams
from index.coverage import best_coverage
from index.embedders.base import Embedder
from index.errors import InvalidQuery
from index.fusion import Fusion, fuse, lexical_blend
from index.query import ParsedQuery
from index.storage import Candidates, LexicalField, Storage
from index.types import NOTICE_SECTION

MODES = ("hybrid", "lexical", "dense")
MIN_CANDIDATES = 100
PLACE_BOOST = 0.15
# The notice that publishes a plan repeats its title and little else; its passage ranks
# below the plan's own text unless nothing else matches (chosen on the dev split).
NOTICE_PRIOR = 0.6

NO_ROWS = np.zeros(0, np.int64)
NO_ROWS.flags.writeable = False


@dataclass(frozen=True)
class Ranked:
    """One ranked passage: its row, its score and the two scores it was fused from."""

    row: int
    score: float
    lexical: float
    dense: float


@dataclass(frozen=True)
class Ranking:
    """The best candidates, best first, and every passage that matches the query."""

    ranked: tuple[Ranked, ...]
    matched: np.ndarray | None = None  # sorted rows; None unless asked for
    # False when the storage gave only the best of more lexical matches (Milvus's cap):
    # `matched` is then a lower bound of the passages matching
    complete: bool = True


def _union(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The sorted distinct rows of both (np.union1d, without its generic machinery)."""
    rows = np.concatenate((first, second))
    rows.sort()
    if len(rows) > 1:
        rows = rows[np.concatenate(([True], rows[1:] != rows[:-1]))]
    return rows


def _top_positive(values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` largest positive values (unordered)."""
    candidates = np.flatnonzero(values > 0)
    if len(candidates) > count:
        candidates = candidates[np.argpartition(-values[candidates], count - 1)[:count]]
    return candidates


class Ranker:
    """Ranks the passages of one storage with one embedder; safe to share between threads.
    `fusion` is the hybrid fusion used unless a call passes its own."""

    def __init__(self, storage: Storage, embedder: Embedder, fusion: Fusion) -> None:
        self.storage = storage
        self.embedder = embedder
        self.fusion = fusion
        self._prior = np.ones(storage.size, np.float32)
        self._prior[storage.rows_in_section((NOTICE_SECTION,))] = NOTICE_PRIOR

    def rank(
        self,
        parsed: ParsedQuery,
        mode: str,
        k: int,
        allowed_rows: np.ndarray | None = None,
        boosted: Collection[int] = (),
        fusion: Fusion | None = None,
        with_matches: bool = False,
    ) -> Ranking:
        """The best k passages among `allowed_rows` (all when None), passages of the plans
        at the `boosted` positions raised, and, if asked, every passage matching: those
        holding a query word (lexical, hybrid) and the candidates found by meaning that
        score above nothing (dense, hybrid)."""
        if mode not in MODES:
            raise InvalidQuery(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        nothing = Ranking((), NO_ROWS if with_matches else None)
        if not parsed.typed_tokens:  # only stopwords or punctuation: nothing to look for
            return nothing
        wanted = max(MIN_CANDIDATES, 5 * k)
        fusion = fusion or self.fusion
        whole: dict[str, Candidates] = {}  # each field's answer for the whole corpus
        lexical_all, complete = self.lexical_scores(parsed, fusion, allowed_rows, whole)
        lexical_rows = _top_positive(lexical_all, wanted)
        query_vector = None
        dense_rows = NO_ROWS
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
            return nothing
        lexical = lexical_all[rows]
        if not complete:  # the storage capped its answer: score the candidates themselves
            lexical = self.lexical_scores(parsed, fusion, rows, whole)[0][rows]
        if query_vector is None:
            dense = np.zeros(len(rows), np.float32)
        else:
            dense = self.storage.dense_scores(query_vector, rows)
        if mode == "lexical":
            scores = lexical
        elif mode == "dense":
            scores = dense
        else:
            coverage = best_coverage(self.storage, parsed, rows, lexical)
            scores = fuse(lexical, dense, fusion, coverage)
        scores = scores * self._prior[rows]
        if boosted:
            in_boosted = np.isin(self.storage.doc_positions(rows), list(boosted))
            scores = scores + np.where(in_boosted, PLACE_BOOST * max(float(scores.max()), 1e-6), 0)
        order = np.lexsort((rows, -scores))[:k]
        order = order[scores[order] > 0]  # a passage that matches nothing is not a result
        ranked = tuple(
            Ranked(int(rows[i]), float(scores[i]), float(lexical[i]), float(dense[i]))
            for i in order
        )
        if not with_matches:
            return Ranking(ranked)
        found = rows[scores > 0]
        if mode != "dense":
            found = _union(np.flatnonzero(lexical_all > 0), found)
        return Ranking(ranked, found, complete or mode == "dense")

    def lexical_scores(
        self,
        parsed: ParsedQuery,
        fusion: Fusion | None = None,
        allowed: np.ndarray | None = None,
        whole: dict[str, Candidates] | None = None,
    ) -> tuple[np.ndarray, bool]:
        """BM25 of every passage (0 outside `allowed`): jieba words, plus character bigrams
        when the fusion asks, each scaled by its best passage in the whole corpus; and
        whether the storage gave every matching passage. `whole` keeps each field's
        answer for the whole corpus between calls for the same query."""
        whole = {} if whole is None else whole
        words, complete = self._field("words", parsed.tokens, parsed.weights, allowed, whole)
        weight = (fusion or self.fusion).bigram_weight
        if weight > 0:
            searched = bigrams(parsed.searched or parsed.text)
            pairs, pairs_complete = self._field("bigrams", searched, None, allowed, whole)
            words = lexical_blend(words, pairs, weight)
            complete = complete and pairs_complete
        if allowed is not None:
            kept = np.zeros_like(words)
            kept[allowed] = words[allowed]
            words = kept
        return words, complete

    def _field(
        self,
        field: LexicalField,
        tokens: Sequence[str],
        weights: Sequence[float] | None,
        allowed: np.ndarray | None,
        whole: dict[str, Candidates],
    ) -> tuple[np.ndarray, bool]:
        """One field's scores of the whole corpus, the best passage's always among them; a
        storage that capped its answer is asked again for the allowed rows alone."""
        if field not in whole:
            whole[field] = self.storage.lexical(field, tokens, weights)
        found = whole[field]
        scores = found.dense_array(self.storage.size)
        if found.complete or allowed is None:
            return scores, found.complete
        inside = self.storage.lexical(field, tokens, weights, allowed)
        scores[inside.rows] = inside.scores
        return scores, inside.complete

    def query_vector(self, parsed: ParsedQuery) -> np.ndarray | None:
        """The query's vector (None when the embedder knows none of its words)."""
        vector = self.embedder.embed_query(
            parsed.searched or parsed.text, list(parsed.typed_tokens)
        )
        return vector if vector.any() else None
