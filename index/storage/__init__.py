"""The storage contract: what searching, comparing, asking and targets read from a built index.

A backend answers these questions about stored data and nothing more; ranking, fusion,
coverage, highlighting and answers are our own code on top (index/search.py), so two
backends that answer alike give byte-identical results. `index/storage/local.py` answers
them from the files of one index folder (bm25s, FAISS, the passage store).

Rows are passage numbers 0..size-1 in the order the builder wrote them: the plans in the
order of `documents`, each plan's passages contiguous and in reading order, so the passages
before and after a row in its plan are its neighbouring rows (see `neighbours`). Arrays of
rows are int64; scores are float32.

Lexical fields hold precomputed BM25 term weights per passage (bm25s, method "lucene",
k1 1.2, b 0.75): the score of a passage is the sum, over the distinct query tokens, of
the token's weight in the passage times the token's query weight, that is an inner
product of a sparse query vector with the passage's sparse vector. "words" holds the
tokenizer's jieba tokens, "bigrams" the character bigrams of the Chinese text
(index.bigrams); a field the build has not got answers no candidates.

Dense vectors are L2-normalised, one per passage; with a sentence-transformers model each
passage also has the vectors of its sentences and its dense score is
(1 - SENTENCE_SHARE) × its own cosine + SENTENCE_SHARE × its best sentence's
(index.dense). Scores of the same vector and row must be the same number whichever of
`dense_knn` and `dense_scores` gives them.

What is not storage stays files of the index folder (index/layout.py), read when a build
is opened: the manifest, the tokenizer's words, places, spelling, glossary and the fitted
built-in embedder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from index.results import IndexedDocument
from index.types import Passage, Target

__all__ = ["FIELDS", "Candidates", "LexicalField", "Neighbours", "Storage", "neighbours"]

LexicalField = Literal["words", "bigrams"]
FIELDS: tuple[LexicalField, ...] = ("words", "bigrams")


@dataclass(frozen=True)
class Candidates:
    """Rows and their scores, position by position (rows int64, scores float32).
    `complete` is False when the backend returned only the best of more matching rows
    (Milvus answers at most 16,384): every row it did return is right, others are missing."""

    rows: np.ndarray
    scores: np.ndarray
    complete: bool = True

    def __post_init__(self) -> None:
        if self.rows.shape != self.scores.shape:
            raise ValueError(f"{len(self.rows)} rows but {len(self.scores)} scores")

    def __len__(self) -> int:
        return len(self.rows)

    def dense_array(self, size: int) -> np.ndarray:
        """The scores spread over all `size` rows, 0 where a row is not a candidate."""
        full = np.zeros(size, np.float32)
        full[self.rows] = self.scores
        return full


@dataclass(frozen=True)
class Neighbours:
    """The rows before and after a passage in its plan (None at the plan's ends)."""

    previous: int | None
    following: int | None


class Storage(Protocol):
    """Stored passages, documents, lexical and dense indexes and targets of one build."""

    @property
    def size(self) -> int:
        """The number of passages (rows)."""
        ...

    @property
    def documents(self) -> tuple[IndexedDocument, ...]:
        """Every plan with its metadata, passage count and outline, in row order."""
        ...

    # -- passages ----------------------------------------------------------------------
    def passage(self, row: int) -> Passage: ...

    def passages(self, rows: Sequence[int]) -> list[Passage]:
        """The passages of these rows, in their order (one round trip on a remote backend)."""
        ...

    def row_of(self, passage_id: str) -> int | None:
        """The row of a passage id, None for an id the build has not got."""
        ...

    def doc_positions(self, rows: np.ndarray) -> np.ndarray:
        """For each row, the position of its plan in `documents`."""
        ...

    # -- allowed rows: filters, phrases and exclusions, priors ------------------------
    def rows_of_documents(self, positions: Sequence[int]) -> np.ndarray:
        """The sorted rows of the plans at these positions in `documents`."""
        ...

    def rows_containing(self, text: str) -> np.ndarray:
        """The sorted rows whose text contains `text` exactly (Latin letters in any case)."""
        ...

    def rows_in_section(self, section: tuple[str, ...]) -> np.ndarray:
        """The sorted rows whose section path is exactly `section`."""
        ...

    # -- lexical -----------------------------------------------------------------------
    def lexical(
        self,
        field: LexicalField,
        tokens: Sequence[str],
        weights: Sequence[float] | None = None,
        allowed: np.ndarray | None = None,
    ) -> Candidates:
        """Every row (among `allowed`, sorted rows, when given) with a non-zero BM25 score
        for the tokens in `field`, rows ascending; a backend with a cap on its answers
        gives the best rows and says it is not `complete`. A token counts once (its first
        weight; weight 1 when none are given); tokens the field does not know and weights
        <= 0 are ignored."""
        ...

    def idf(self, token: str) -> float:
        """log((size + 1) / (df + 0.5)) of a token of the "words" field; 0 if unknown."""
        ...

    def term_presence(self, tokens: Sequence[str], rows: np.ndarray) -> np.ndarray:
        """(len(rows), len(tokens)) booleans: which rows hold each "words" token."""
        ...

    def vocabulary(self) -> frozenset[str]:
        """The tokens of the "words" field."""
        ...

    # -- dense -------------------------------------------------------------------------
    def dense_knn(self, vector: np.ndarray, k: int, allowed: np.ndarray | None) -> Candidates:
        """Up to k rows (among `allowed`, sorted rows, when given) nearest to the query
        vector, with their dense scores, in no particular order."""
        ...

    def dense_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The exact dense score of the query vector with each of the rows."""
        ...

    def sentence_vectors(self, row: int) -> np.ndarray | None:
        """The vectors of the passage's sentences (index.sentences order); None when the
        build stores none (the built-in LSA)."""
        ...

    # -- targets -----------------------------------------------------------------------
    @property
    def targets(self) -> tuple[Target, ...]: ...

    @property
    def target_vectors(self) -> np.ndarray:
        """One normalised vector per target's metric, in the order of `targets`."""
        ...

    def target_rows(self) -> tuple[tuple[int, ...], ...]:
        """The metric × plan table's rows (positions in `targets`), as the build grouped them."""
        ...


def neighbours(storage: Storage, row: int) -> Neighbours:
    """The rows before and after `row` in its plan, from the contract's row order."""
    candidates = np.array([max(row - 1, 0), row, min(row + 1, storage.size - 1)], np.int64)
    before, own, after = storage.doc_positions(candidates).tolist()
    return Neighbours(
        row - 1 if row > 0 and before == own else None,
        row + 1 if row + 1 < storage.size and after == own else None,
    )
