"""The built-in embedder: LSA fitted on the corpus itself, nothing to download.

Features are the tokenizer's words plus character bigrams of the Chinese text (so
质量官 and 首席质量官 share features even when jieba cuts them differently),
weighted by TF-IDF and projected by a truncated SVD fitted on the corpus' sentences.
Passages and queries land in the same space, so passages that share vocabulary with
related words score as near even without a common word.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from index.embedders.base import normalise
from index.layout import BUILTIN_EMBEDDER_FILE
from index.tokenize import fold

DIMENSION = 256
MIN_DF = 2
MAX_FIT_ROWS = 60_000
SENTENCE_FIT_LIMIT = 20_000
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SENTENCE = re.compile(r"[^。！？；;!?\n]+")
FILE = BUILTIN_EMBEDDER_FILE


def features(text: str, tokens: Sequence[str]) -> list[str]:
    folded = fold(text)
    grams = [run[i : i + 2] for run in _CJK_RUN.findall(folded) for i in range(len(run) - 1)]
    return [*tokens, *("~" + gram for gram in grams), *concepts(folded)]


def concepts(folded: str) -> list[str]:
    """One feature per synonym group named in the text: the thesaurus puts 托育 and
    婴幼儿照护 on the same axis before the SVD sees a single co-occurrence."""
    from index.synonyms import synonym_concepts

    return [f"§{group}" for group in synonym_concepts(folded)]


class BuiltinEmbedder:
    kind = "builtin"

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        components: np.ndarray,
        tokenize: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.idf = idf.astype(np.float32)
        self.components = components.astype(np.float32)  # (dimension, features)
        # Feature-major copy: a query gathers the rows of its few features.
        self._by_feature = np.ascontiguousarray(self.components.T)
        self.dimension = int(components.shape[0])
        self._tokenize = tokenize
        digest = hashlib.sha256(self.components.tobytes()[:1_000_000])
        digest.update(str(len(vocabulary)).encode())
        self.id = f"builtin-lsa-{self.dimension}-{digest.hexdigest()[:12]}"

    # -- fitting -------------------------------------------------------------------
    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        tokenize: Callable[[str], list[str]],
        dimension: int = DIMENSION,
        seed: int = 0,
        tokens: Sequence[Sequence[str]] | None = None,
    ) -> BuiltinEmbedder:
        """Fit TF-IDF and the SVD on the corpus.

        A small corpus is fitted on its sentences (more rows, finer co-occurrence); a large
        one (over SENTENCE_FIT_LIMIT passages) on a sample of its passages, reusing the
        passage tokens the build already has instead of cutting the text a second time.
        """
        from sklearn.decomposition import TruncatedSVD

        rng = np.random.default_rng(seed)
        if tokens is not None and len(texts) > SENTENCE_FIT_LIMIT:
            chosen = np.sort(rng.choice(len(texts), min(len(texts), MAX_FIT_ROWS), replace=False))
            rows = [features(texts[i], tokens[i]) for i in chosen]
        else:
            sentences = [
                s for text in texts for s in _SENTENCE.findall(text) if len(s.strip()) >= 4
            ]
            if len(sentences) > MAX_FIT_ROWS:
                picked = rng.choice(len(sentences), MAX_FIT_ROWS, replace=False)
                sentences = [sentences[i] for i in sorted(picked)]
            rows = [features(s, tokenize(s)) for s in sentences]
        vocabulary = _vocabulary(rows)
        counts = _count_matrix(rows, vocabulary)
        document_frequency = np.bincount(counts.indices, minlength=len(vocabulary))
        idf = np.log((1 + counts.shape[0]) / (1 + document_frequency)) + 1.0
        weighted = _tfidf(counts, idf.astype(np.float32))
        rank = max(2, min(dimension, weighted.shape[0] - 1, weighted.shape[1] - 1))
        svd = TruncatedSVD(n_components=rank, algorithm="randomized", n_iter=5, random_state=seed)
        svd.fit(weighted)
        return cls(vocabulary, idf, svd.components_, tokenize)

    def _tokens(self, text: str) -> list[str]:
        if self._tokenize is None:
            raise RuntimeError("no tokenizer bound; pass tokens or call bind() first")
        return self._tokenize(text)

    # -- embedding -----------------------------------------------------------------
    def _matrix(self, rows: Iterable[list[str]]) -> sparse.csr_matrix:
        return _tfidf(_count_matrix(rows, self.vocabulary), self.idf)

    def embed_passages(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]] | None = None
    ) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        step = 4_000
        for start in range(0, len(texts), step):
            chunk = texts[start : start + step]
            chunk_tokens = (
                tokens[start : start + step]
                if tokens is not None
                else [self._tokens(text) for text in chunk]
            )
            rows = (features(t, toks) for t, toks in zip(chunk, chunk_tokens, strict=True))
            out[start : start + len(chunk)] = self._matrix(rows) @ self.components.T
        return normalise(out)

    def embed_query(self, text: str, tokens: Sequence[str] | None = None) -> np.ndarray:
        """One text without sparse-matrix machinery: the same TF-IDF and projection, in numpy."""
        if tokens is None:
            tokens = self._tokens(text)
        counts = Counter(
            i for i in map(self.vocabulary.get, features(text, tokens)) if i is not None
        )
        if not counts:
            return np.zeros(self.dimension, dtype=np.float32)
        unique = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        vector = np.dot((1.0 + np.log(tf)) * self.idf[unique], self._by_feature[unique])
        norm = float(np.sqrt(np.dot(vector, vector)))
        return vector / norm if norm > 0 else vector

    # -- persistence ---------------------------------------------------------------
    def save(self, folder: Path) -> None:
        terms = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__), dtype=object)
        with (folder / FILE).open("wb") as handle:
            np.savez(handle, terms=terms.astype(str), idf=self.idf, components=self.components)

    @classmethod
    def load(
        cls, folder: Path, tokenize: Callable[[str], list[str]] | None = None
    ) -> BuiltinEmbedder:
        with np.load(folder / FILE, allow_pickle=False) as data:
            terms = [str(term) for term in data["terms"]]
            return cls(
                {term: i for i, term in enumerate(terms)}, data["idf"], data["components"], tokenize
            )

    def describe(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "dimension": self.dimension,
            "model": "LSA over jieba words and character bigrams, fitted on the corpus",
        }


def _vocabulary(rows: Iterable[list[str]]) -> dict[str, int]:
    frequency: Counter[str] = Counter()
    for row in rows:
        frequency.update(set(row))
    kept = sorted(feature for feature, df in frequency.items() if df >= MIN_DF)
    return {feature: i for i, feature in enumerate(kept)}


def _count_matrix(rows: Iterable[list[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    indptr = array("q", [0])
    indices = array("i")
    get = vocabulary.get
    for row in rows:
        indices.extend(i for i in map(get, row) if i is not None)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sparse.csr_matrix(
        (data, np.frombuffer(indices, dtype=np.int32), np.frombuffer(indptr, dtype=np.int64)),
        shape=(len(indptr) - 1, len(vocabulary)),
    )
    matrix.sum_duplicates()
    return matrix


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(weighted.data)).astype(np.float32)  # sublinear term frequency
    weighted = weighted.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(weighted).tocsr().astype(np.float32)
