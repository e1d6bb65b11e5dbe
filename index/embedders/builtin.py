"""The built-in embedder: LSA fitted on the corpus itself, nothing to download.

Features are the tokenizer's words plus character bigrams of the Chinese text (so
质量官 and 首席质量官 share features even when jieba cuts them differently),
weighted by TF-IDF (scikit-learn's TfidfVectorizer: sublinear tf, smoothed idf) and projected
by a truncated SVD fitted on the corpus' sentences.
Passages and queries land in the same space, so passages that share vocabulary with
related words score as near even without a common word.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from index.embedders.base import normalise
from index.layout import BUILTIN_EMBEDDER_FILE
from index.sentences import sentence_pattern
from index.tokenize import fold

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

DIMENSION = 256
MIN_DF = 2
MAX_FIT_ROWS = 60_000
SENTENCE_FIT_LIMIT = 20_000
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SENTENCE = sentence_pattern(closers="")  # a sentence without its end mark: group "body"
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
        self._weighting: TfidfVectorizer | None = None  # made on the first passages embedded
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
        from sklearn.feature_extraction.text import TfidfVectorizer
        from tqdm import tqdm

        rng = np.random.default_rng(seed)
        if tokens is not None and len(texts) > SENTENCE_FIT_LIMIT:
            chosen = np.sort(rng.choice(len(texts), min(len(texts), MAX_FIT_ROWS), replace=False))
            rows = [features(texts[i], tokens[i]) for i in chosen]
        else:
            sentences = [
                s["body"]
                for text in texts
                for s in _SENTENCE.finditer(text)
                if len(s["body"].strip()) >= 4
            ]
            if len(sentences) > MAX_FIT_ROWS:
                picked = rng.choice(len(sentences), MAX_FIT_ROWS, replace=False)
                sentences = [sentences[i] for i in sorted(picked)]
            # on a terminal only (disable=None): a log or a test sees no bar
            bar = tqdm(sentences, desc="fitting the LSA", unit=" sentences", disable=None)
            rows = [features(s, tokenize(s)) for s in bar]
        # Vocabulary (features in at least MIN_DF rows, sorted) and idf = ln((1+n)/(1+df)) + 1,
        # in float64 as before; the rows are then weighted in float32 as passages are.
        fitted = TfidfVectorizer(
            analyzer=_as_features, min_df=MIN_DF, sublinear_tf=True, dtype=np.float64
        ).fit(rows)
        vocabulary = {str(f): int(i) for f, i in fitted.vocabulary_.items()}
        idf = fitted.idf_
        weighted = _unit_rows(_weighting(vocabulary, idf.astype(np.float32)).transform(rows))
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
        if self._weighting is None:
            self._weighting = _weighting(self.vocabulary, self.idf)
        return _unit_rows(self._weighting.transform(rows))

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


def _as_features(row: list[str]) -> list[str]:
    """The analyzer of the vectorizer: a row is already its list of features."""
    return row


def _weighting(vocabulary: dict[str, int], idf: np.ndarray) -> TfidfVectorizer:
    """scikit-learn's TF-IDF over feature rows: sublinear term frequency 1 + ln(tf) times the
    fitted idf, in float32 (rows are scaled by `_unit_rows`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=_as_features,
        vocabulary=vocabulary,
        sublinear_tf=True,
        norm=None,
        dtype=np.float32,
    )
    vectorizer.idf_ = idf
    return vectorizer


def _unit_rows(weighted: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row scaled to unit length, summed in float32 as the vectors of every build so far
    were (scikit-learn's norm="l2" sums in float64: vectors would move by up to 2e-4)."""
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(weighted).tocsr().astype(np.float32)
