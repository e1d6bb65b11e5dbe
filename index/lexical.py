"""BM25 over jieba tokens, scored by bm25s; the index is a folder of bm25s files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.tokenize import TokenizedCorpus

BM25_K1 = 1.2
BM25_B = 0.75


class LexicalIndex:
    """Scores every passage for a query; weights let synonyms count less than the words typed.

    bm25s builds and stores the index (a token-major sparse matrix of precomputed BM25
    term scores). Scoring sums the query tokens' columns with one `np.bincount`, which
    gives bm25s's scores (tests check it) at a fraction of the cost of its per-call path.
    """

    def __init__(self, retriever: object) -> None:
        self._bm25 = retriever
        matrix = retriever.scores  # type: ignore[attr-defined]
        self.size = int(matrix["num_docs"])
        self._data = matrix["data"]
        self._indices = matrix["indices"]
        self._indptr = matrix["indptr"]
        self._vocab: dict[str, int] = retriever.vocab_dict  # type: ignore[attr-defined]
        self._nonoccurrence = getattr(retriever, "nonoccurrence_array", None)
        frequency = np.diff(np.asarray(self._indptr, dtype=np.float64))
        self._idf = np.log((self.size + 1.0) / (frequency + 0.5)).astype(np.float32)

    @classmethod
    def build(cls, tokens: TokenizedCorpus) -> LexicalIndex:
        """Index token ids (bm25s's id path: no second pass over a million lists of strings)."""
        import bm25s

        retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B, method="lucene")
        retriever.index((tokens.ids, dict(tokens.vocabulary)), show_progress=False)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> LexicalIndex:
        import bm25s

        return cls(bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False, verbosity=0))

    @property
    def retriever(self) -> object:
        """The bm25s object itself, for benchmarks that compare against bm25s alone."""
        return self._bm25

    def document_frequencies(self) -> dict[str, int]:
        """Each token and the number of passages holding it."""
        counts = np.diff(np.asarray(self._indptr, dtype=np.int64))
        return {token: int(counts[c]) for token, c in self._vocab.items() if c < len(counts)}

    def columns(self) -> dict[str, int]:
        """Each token and its column: the key of its weight in a passage's sparse vector."""
        return {token: int(c) for token, c in self._vocab.items() if c < len(self._indptr) - 1}

    def frequencies(self) -> np.ndarray:
        """The number of passages holding each column's token."""
        return np.diff(np.asarray(self._indptr, dtype=np.int64))

    def passage_weights(self) -> Any:
        """The BM25 term weights passage by passage (scipy CSR, passages x columns): a
        passage's sparse vector, whose inner product with the query's token weights is
        `scores`."""
        from scipy.sparse import csc_matrix

        shape = (self.size, len(self._indptr) - 1)
        matrix = csc_matrix((self._data, self._indices, self._indptr), shape=shape).tocsr()
        matrix.sort_indices()
        return matrix

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self._vocab)

    def known(self, tokens: Sequence[str]) -> list[str]:
        return [token for token in dict.fromkeys(tokens) if token and token in self._vocab]

    def _column(self, token: str) -> int | None:
        column = self._vocab.get(token) if token else None
        return column if column is not None and column < len(self._indptr) - 1 else None

    def scores(self, tokens: Sequence[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """BM25 score of every passage; each distinct token counts once, times its weight."""
        seen: dict[int, float] = {}
        for position, token in enumerate(tokens):
            column = self._column(token)
            weight = 1.0 if weights is None else float(weights[position])
            if column is not None and weight > 0 and column not in seen:
                seen[column] = weight
        if not seen:
            return np.zeros(self.size, dtype=np.float32)
        passages, values = [], []
        for column, weight in seen.items():
            start, end = self._indptr[column], self._indptr[column + 1]
            passages.append(self._indices[start:end])
            part = self._data[start:end]
            values.append(part if weight == 1.0 else part * weight)
        total = np.bincount(
            np.concatenate(passages), weights=np.concatenate(values), minlength=self.size
        ).astype(np.float32)
        if self._nonoccurrence is not None:  # bm25l / bm25+ variants only
            total += sum(w * float(self._nonoccurrence[c]) for c, w in seen.items())
        return total

    def idf(self, token: str) -> float:
        """log((N + 1) / (df + 0.5)) of a token; 0 for a token the corpus does not have."""
        column = self._column(token)
        return float(self._idf[column]) if column is not None else 0.0

    def presence(self, tokens: Sequence[str], rows: np.ndarray) -> np.ndarray:
        """(len(rows), len(tokens)) booleans: which of the passages contain each token.

        One binary search of the rows per token in its posting (passage numbers, ascending;
        never copied, so a common token in a million passages costs about what a rare one
        does), then one gather for every (passage, token) pair.
        """
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros((len(rows), len(tokens)), dtype=bool)
        known = [(p, c) for p, c in enumerate(map(self._column, tokens)) if c is not None]
        if not known or not len(rows):
            return out
        positions = [p for p, _ in known]
        columns = np.array([c for _, c in known], dtype=np.int64)
        starts, ends = self._indptr[columns], self._indptr[columns + 1]
        # Rows in the postings' own type: a search for int64 rows in int32 postings would
        # first copy the whole posting to int64.
        needles = rows.astype(self._indices.dtype, copy=False)
        at = np.stack(
            [
                np.searchsorted(self._indices[start:end], needles)
                for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
            ],
            axis=1,
        )
        last = np.maximum(ends - 1, 0)
        candidates = self._indices[np.minimum(at + starts, last)]
        out[:, positions] = (candidates == rows[:, None]) & (ends > starts)
        return out
