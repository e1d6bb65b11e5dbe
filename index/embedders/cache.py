"""Embedding with a cache: a text whose hash has a vector already keeps it (the builder
decides which vectors to offer: index/reuse.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.embedders.base import Embedder
from index.layout import (
    SENTENCE_KEYS_FILE,
    SENTENCE_VECTORS_FILE,
    TARGET_KEYS_FILE,
    TARGET_VECTORS_FILE,
    VECTOR_KEYS_FILE,
    VECTORS_FILE,
)

# Texts embedded per call while a build shows its progress.
PROGRESS_CHUNK = 64


@dataclass(frozen=True)
class VectorFiles:
    """The two files of a set of vectors in a build: text hashes and the vectors, row by row."""

    keys: str
    vectors: str


PASSAGES = VectorFiles(VECTOR_KEYS_FILE, VECTORS_FILE)
SENTENCES = VectorFiles(SENTENCE_KEYS_FILE, SENTENCE_VECTORS_FILE)
TARGETS = VectorFiles(TARGET_KEYS_FILE, TARGET_VECTORS_FILE)


def embedding_key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def keys_of(texts: Sequence[str]) -> np.ndarray:
    return np.array([embedding_key(text) for text in texts], dtype="S20")


# Told (embedded, to embed) as a build's embedding goes on, e.g. for GET /api/builds/current.
Report = Callable[[int, int], None]


def _embed(
    embedder: Embedder,
    texts: Sequence[str],
    tokens: Sequence[Sequence[str]] | None,
    progress: str | None,
    report: Report | None = None,
) -> np.ndarray:
    if (progress is None and report is None) or len(texts) <= PROGRESS_CHUNK:
        vectors = embedder.embed_passages(texts, tokens)
        if report is not None:
            report(len(texts), len(texts))
        return vectors
    from tqdm import tqdm

    out = np.zeros((len(texts), embedder.dimension), np.float32)
    # tqdm draws on a terminal only (disable=None); a log or a test sees nothing.
    with tqdm(total=len(texts), desc=progress, unit=" texts", disable=None) as bar:
        for start in range(0, len(texts), PROGRESS_CHUNK):
            end = start + PROGRESS_CHUNK
            out[start:end] = embedder.embed_passages(
                texts[start:end], None if tokens is None else tokens[start:end]
            )
            bar.update(len(texts[start:end]))
            if report is not None:
                report(min(end, len(texts)), len(texts))
    return out


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    tokens: Sequence[Sequence[str]] | None,
    previous: dict[bytes, np.ndarray],
    progress: str | None = None,
    report: Report | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """(vectors, keys, number embedded now); `progress` names a progress bar on a terminal,
    `report` hears (embedded, to embed) chunk by chunk."""
    keys = keys_of(texts)
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    missing = []
    for row, key in enumerate(keys):
        cached = previous.get(bytes(key))
        if cached is not None and cached.shape == (embedder.dimension,):
            vectors[row] = cached
        else:
            missing.append(row)
    if missing:
        vectors[missing] = _embed(
            embedder,
            [texts[row] for row in missing],
            None if tokens is None else [tokens[row] for row in missing],
            progress,
            report,
        )
    return vectors, keys, len(missing)
