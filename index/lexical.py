"""BM25 over jieba tokens, scored by bm25s; the index is a folder of bm25s files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

BM25_K1 = 1.2
BM25_B = 0.75


class LexicalIndex:
    """Scores every passage for a query; weights let synonyms count less than the words typed."""

    def __init__(self, retriever: object) -> None:
        self._bm25 = retriever
        self.size = int(retriever.scores["num_docs"])  # type: ignore[attr-defined]

    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]]) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B, method="lucene")
        retriever.index([list(tokens) for tokens in token_lists], show_progress=False)
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

    def known(self, tokens: Sequence[str]) -> list[str]:
        vocab = self._bm25.vocab_dict  # type: ignore[attr-defined]
        return [token for token in dict.fromkeys(tokens) if token in vocab and token]

    def scores(self, tokens: Sequence[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """BM25 score of every passage; each distinct token counts once, times its weight."""
        total = np.zeros(self.size, dtype=np.float32)
        by_weight: dict[float, list[str]] = {}
        for position, token in enumerate(tokens):
            weight = 1.0 if weights is None else float(weights[position])
            by_weight.setdefault(weight, []).append(token)
        counted: set[str] = set()
        for weight, group in sorted(by_weight.items(), reverse=True):
            ids = [
                self._bm25.vocab_dict[token]  # type: ignore[attr-defined]
                for token in self.known(group)
                if token not in counted
            ]
            counted.update(group)
            if ids and weight > 0:
                part = self._bm25.get_scores_from_ids(ids)  # type: ignore[attr-defined]
                total += part if weight == 1.0 else weight * part
        return total

    def idf(self, token: str) -> float:
        """log(N / df) of a token; 0 for a token the corpus does not have."""
        vocab = self._bm25.vocab_dict  # type: ignore[attr-defined]
        if token not in vocab:
            return 0.0
        indptr = self._bm25.scores["indptr"]  # type: ignore[attr-defined]
        column = vocab[token]
        frequency = int(indptr[column + 1] - indptr[column])
        return float(np.log((self.size + 1) / (frequency + 0.5)))
