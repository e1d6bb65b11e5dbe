"""The storage contract answered from one index folder: bm25s, FAISS and the passage store."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.dense import DenseIndex
from index.layout import (
    BIGRAM_FOLDER,
    BM25_FOLDER,
    DOCUMENTS_FILE,
    TARGET_ROWS_FILE,
    TARGET_VECTORS_FILE,
    TARGETS_FILE,
)
from index.lexical import LexicalIndex
from index.passage_store import PassageStore
from index.results import IndexedDocument
from index.storage import Candidates, LexicalField
from index.targets.rows import table_rows
from index.types import DocumentMeta, OutlineNode, Passage, Target

__all__ = ["LocalStorage"]

_NO_ROWS = np.zeros(0, np.int64)
_NO_ROWS.flags.writeable = False


def _outline(nodes: list[dict[str, Any]]) -> tuple[OutlineNode, ...]:
    return tuple(OutlineNode(n["heading"], _outline(n.get("children", []))) for n in nodes)


def read_documents(path: Path) -> tuple[IndexedDocument, ...]:
    """The plans of documents.json: metadata, passage and part counts, outline."""
    meta_fields = set(DocumentMeta.__dataclass_fields__)
    return tuple(
        IndexedDocument(
            DocumentMeta(**{k: v for k, v in d.items() if k in meta_fields}),
            int(d["passages"]),
            int(d["parts"]),
            _outline(d["outline"]),
        )
        for d in json.loads(path.read_text("utf-8"))
    )


def _top(values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` largest finite values (unordered)."""
    candidates = np.flatnonzero(np.isfinite(values))
    if len(candidates) > count:
        candidates = candidates[np.argpartition(-values[candidates], count - 1)[:count]]
    return candidates


class LocalStorage:
    """One index folder in memory (large files memory-mapped); safe to share between threads."""

    def __init__(
        self,
        documents: tuple[IndexedDocument, ...],
        store: PassageStore,
        words: LexicalIndex,
        bigrams: LexicalIndex | None,
        dense: DenseIndex,
        targets: tuple[Target, ...],
        target_vectors: np.ndarray,
        target_rows: tuple[tuple[int, ...], ...] | None = None,
    ) -> None:
        self._documents = documents
        self.store = store
        self.words = words
        self.bigrams = bigrams
        self.dense = dense
        self._targets = targets
        self._target_vectors = target_vectors
        self._target_rows = target_rows
        # The last query vector's scores with every passage, per thread: on an exact index one
        # matrix-vector product gives the kNN and the scores of the lexical candidates too.
        self._last = threading.local()

    @classmethod
    def open(cls, path: Path) -> LocalStorage:
        """The storage of the build folder at `path` (its files already verified)."""
        rows_file = path / TARGET_ROWS_FILE
        return cls(
            read_documents(path / DOCUMENTS_FILE),
            PassageStore.load(path),
            LexicalIndex.load(path / BM25_FOLDER),
            LexicalIndex.load(path / BIGRAM_FOLDER) if (path / BIGRAM_FOLDER).is_dir() else None,
            DenseIndex.load(path),
            tuple(
                Target(**json.loads(line))
                for line in (path / TARGETS_FILE).read_text("utf-8").splitlines()
                if line.strip()
            ),
            np.load(path / TARGET_VECTORS_FILE),
            # A build from before the rows were written has them grouped when first asked.
            tuple(tuple(row) for row in json.loads(rows_file.read_text("utf-8")))
            if rows_file.is_file()
            else None,
        )

    @property
    def size(self) -> int:
        return len(self.store)

    @property
    def documents(self) -> tuple[IndexedDocument, ...]:
        return self._documents

    # -- passages ----------------------------------------------------------------------
    def passage(self, row: int) -> Passage:
        return self.store.get(row)

    def passages(self, rows: Sequence[int]) -> list[Passage]:
        return [self.store.get(int(row)) for row in rows]

    def row_of(self, passage_id: str) -> int | None:
        return self.store.find(passage_id)

    def doc_positions(self, rows: np.ndarray) -> np.ndarray:
        return self.store.doc_index[rows]

    # -- allowed rows ------------------------------------------------------------------
    def rows_of_documents(self, positions: Sequence[int]) -> np.ndarray:
        return np.flatnonzero(np.isin(self.store.doc_index, list(positions))).astype(np.int64)

    def rows_containing(self, text: str) -> np.ndarray:
        return self.store.rows_containing(text)

    def rows_in_section(self, section: tuple[str, ...]) -> np.ndarray:
        tables = [i for i, known in enumerate(self.store.sections) if known == section]
        return np.flatnonzero(np.isin(self.store.section_index, tables)).astype(np.int64)

    # -- lexical -----------------------------------------------------------------------
    def lexical(
        self,
        field: LexicalField,
        tokens: Sequence[str],
        weights: Sequence[float] | None = None,
        allowed: np.ndarray | None = None,
    ) -> Candidates:
        index = self.words if field == "words" else self.bigrams
        if index is None:
            return Candidates(_NO_ROWS, np.zeros(0, np.float32))
        scores = index.scores(tokens, weights)
        rows = np.flatnonzero(scores)
        if allowed is not None:
            rows = rows[np.isin(rows, allowed, assume_unique=True)]
        return Candidates(rows, scores[rows])

    def idf(self, token: str) -> float:
        return self.words.idf(token)

    def term_presence(self, tokens: Sequence[str], rows: np.ndarray) -> np.ndarray:
        return self.words.presence(tokens, rows)

    def vocabulary(self) -> frozenset[str]:
        return self.words.vocabulary

    # -- dense -------------------------------------------------------------------------
    def dense_knn(self, vector: np.ndarray, k: int, allowed: np.ndarray | None) -> Candidates:
        if not self.dense.exact:
            scores, rows = self.dense.search(vector, k, allowed)
            return Candidates(rows, scores)
        every = self.dense.scores_all(vector)
        self._last.query = (vector, every)
        if allowed is not None:
            kept = np.full_like(every, -np.inf)
            kept[allowed] = every[allowed]
        else:
            kept = every
        rows = _top(kept, k)
        return Candidates(rows, every[rows])

    def dense_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        last = getattr(self._last, "query", None)
        if last is not None and last[0] is vector:
            return last[1][rows]
        return self.dense.score(vector, rows)

    def sentence_vectors(self, row: int) -> np.ndarray | None:
        sentences = self.dense.sentences
        if sentences is None:
            return None
        rows = sentences.rows_of(row)
        return sentences.vectors[rows.start : rows.stop]

    # -- targets -----------------------------------------------------------------------
    @property
    def targets(self) -> tuple[Target, ...]:
        return self._targets

    @property
    def target_vectors(self) -> np.ndarray:
        return self._target_vectors

    def target_rows(self) -> tuple[tuple[int, ...], ...]:
        if self._target_rows is None:
            self._target_rows = tuple(table_rows(self._targets))
        return self._target_rows
