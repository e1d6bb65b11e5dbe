"""FAISS over normalised float32 vectors with inner product: exact when small, IVF when large.

With a real model each passage also has the vectors of its sentences: its dense score is
then the mean of its own cosine and its best sentence's, so a passage about many things is
found by the one sentence that answers the query.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from index.layout import FAISS_FILE, SENTENCE_STARTS_FILE, SENTENCE_VECTORS_FILE, VECTORS_FILE

# Up to this many passages an exact (flat) index is both fast and perfect.
EXACT_LIMIT = 50_000
# Vectors up to this size are held in memory; larger ones are memory-mapped.
IN_MEMORY_BYTES = 512 * 1024 * 1024
DEFAULT_NPROBE = 48
# Weight of the best sentence in a passage's dense score (the rest: the passage's own).
SENTENCE_SHARE = 0.5


def set_threads(threads: int) -> None:
    import faiss

    faiss.omp_set_num_threads(threads)


def ivf_lists(size: int) -> int:
    return int(min(8192, max(64, 4 * math.sqrt(size))))


class SentenceVectors:
    """The vectors of every passage's sentences, stored passage after passage."""

    def __init__(self, vectors: np.ndarray, starts: np.ndarray) -> None:
        self.vectors = vectors
        self.starts = starts.astype(np.int64)  # passage i owns rows starts[i]:starts[i+1]
        counts = np.diff(self.starts)
        self._has = counts > 0
        self._first = self.starts[:-1][self._has]

    def rows_of(self, passage: int) -> range:
        return range(int(self.starts[passage]), int(self.starts[passage + 1]))

    def best_all(self, query: np.ndarray, fallback: np.ndarray) -> np.ndarray:
        """Each passage's best sentence cosine (its own cosine when it has no sentence)."""
        best = fallback.copy()
        if len(self._first):
            sims = np.dot(self.vectors, query)
            # Empty ranges are left out of the starts, so each reduced range is one passage's.
            best[self._has] = np.maximum.reduceat(sims, self._first)
        return best

    def best(self, query: np.ndarray, ids: np.ndarray, fallback: np.ndarray) -> np.ndarray:
        starts, ends = self.starts[ids], self.starts[ids + 1]
        counts = ends - starts
        best = fallback.copy()
        has = counts > 0
        if has.any():
            lengths = counts[has]
            offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            rows = np.arange(int(lengths.sum())) + np.repeat(starts[has] - offsets, lengths)
            sims = np.dot(self.vectors[rows], query)
            best[has] = np.maximum.reduceat(sims, offsets)
        return best


class DenseIndex:
    """Candidate generation by FAISS; exact rescoring and filtered search from the stored vectors."""

    def __init__(
        self,
        index: Any,
        vectors: np.ndarray,
        nprobe: int = DEFAULT_NPROBE,
        sentences: SentenceVectors | None = None,
    ) -> None:
        self._index = index
        self.vectors = vectors
        self.sentences = sentences
        self.nprobe = nprobe
        self.kind = "ivf-flat" if hasattr(index, "nprobe") else "flat"
        if self.kind == "ivf-flat":
            index.nprobe = nprobe  # type: ignore[attr-defined]

    @property
    def faiss_index(self) -> Any:
        """The FAISS index itself, for benchmarks that measure its recall."""
        return self._index

    @property
    def exact(self) -> bool:
        return self.kind == "flat"

    @property
    def size(self) -> int:
        return int(self.vectors.shape[0])

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        exact_limit: int = EXACT_LIMIT,
        nprobe: int = DEFAULT_NPROBE,
        seed: int = 0,
        sentences: SentenceVectors | None = None,
    ) -> DenseIndex:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        size, dimension = vectors.shape
        index: Any
        if size <= exact_limit:
            index = faiss.IndexFlatIP(dimension)
        else:
            lists = ivf_lists(size)
            quantizer = faiss.IndexFlatIP(dimension)
            index = faiss.IndexIVFFlat(quantizer, dimension, lists, faiss.METRIC_INNER_PRODUCT)
            rng = np.random.default_rng(seed)
            sample = vectors[np.sort(rng.choice(size, min(size, lists * 40), replace=False))]
            index.train(sample)
        index.add(vectors)
        return cls(index, vectors, nprobe, sentences)

    def describe(self) -> dict[str, object]:
        info: dict[str, object] = {"kind": self.kind, "vectors": self.size}
        if self.sentences is not None:
            info["sentence_vectors"] = int(self.sentences.vectors.shape[0])
        if self.kind == "ivf-flat":
            info |= {"lists": int(self._index.nlist), "nprobe": self.nprobe}  # type: ignore[attr-defined]
        return info

    def save(self, folder: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(folder / FAISS_FILE))
        np.save(folder / VECTORS_FILE, self.vectors)
        if self.sentences is not None:
            np.save(folder / SENTENCE_VECTORS_FILE, self.sentences.vectors)
            np.save(folder / SENTENCE_STARTS_FILE, self.sentences.starts)

    @classmethod
    def load(cls, folder: Path, nprobe: int = DEFAULT_NPROBE) -> DenseIndex:
        import faiss

        index = faiss.read_index(str(folder / FAISS_FILE))
        big = (folder / VECTORS_FILE).stat().st_size > IN_MEMORY_BYTES
        vectors = np.load(folder / VECTORS_FILE, mmap_mode="r" if big else None)
        if index.ntotal != vectors.shape[0]:
            from index.errors import IndexCorrupt

            raise IndexCorrupt(
                f"{folder / FAISS_FILE} holds {index.ntotal} vectors but {VECTORS_FILE} holds "
                f"{vectors.shape[0]}; rebuild with `policy-search index`"
            )
        sentences = None
        if (folder / SENTENCE_VECTORS_FILE).exists():
            starts = np.load(folder / SENTENCE_STARTS_FILE)
            sentence_vectors = np.load(folder / SENTENCE_VECTORS_FILE)
            if len(starts) != vectors.shape[0] + 1 or starts[-1] != sentence_vectors.shape[0]:
                from index.errors import IndexCorrupt

                raise IndexCorrupt(
                    f"{folder / SENTENCE_STARTS_FILE} does not match {SENTENCE_VECTORS_FILE} "
                    "and the passages; rebuild with `policy-search index`"
                )
            sentences = SentenceVectors(sentence_vectors, starts)
        return cls(index, vectors, nprobe, sentences)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scores, passage numbers) of the k nearest, best first, within `allowed` if given."""
        k = min(k, self.size if allowed is None else len(allowed))
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        if allowed is not None and len(allowed) <= EXACT_LIMIT:
            scores = self.score(query, allowed)
            top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
            top = top[np.argsort(-scores[top], kind="stable")]
            return scores[top], allowed[top]
        params: Any = None
        if allowed is not None:
            import faiss

            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            params = (
                faiss.SearchParametersIVF(sel=selector, nprobe=self.nprobe)  # type: ignore[call-arg]
                if self.kind == "ivf-flat"
                else faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
            )
        scores, ids = self._index.search(  # type: ignore[attr-defined]
            np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k, params=params
        )
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep].astype(np.int64)

    def scores_all(self, query: np.ndarray) -> np.ndarray:
        """Every passage's cosine with the query, as the flat index computes it (one BLAS call).

        Hybrid search on an exact index needs the cosine of every candidate, lexical ones
        included; one matrix-vector product gives them all more cheaply than a FAISS search
        followed by a gather. Approximate (IVF) indexes search through FAISS instead.
        """
        # np.dot, not @: for a float32 matrix-vector product numpy's matmul can miss BLAS gemv.
        own = np.asarray(np.dot(self.vectors, query), dtype=np.float32)
        if self.sentences is None:
            return own
        best = self.sentences.best_all(query, own)
        return ((1 - SENTENCE_SHARE) * own + SENTENCE_SHARE * best).astype(np.float32)

    def score(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Exact dense score of the query with the given passages."""
        if not len(ids):
            return np.zeros(0, np.float32)
        own = np.asarray(np.dot(self.vectors[ids], query), dtype=np.float32)
        if self.sentences is None:
            return own
        best = self.sentences.best(query, np.asarray(ids, np.int64), own)
        return ((1 - SENTENCE_SHARE) * own + SENTENCE_SHARE * best).astype(np.float32)
