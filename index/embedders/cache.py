"""Reuse vectors across builds: a passage whose text is unchanged keeps the vector it had."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedders.base import Embedder
from index.store import read_manifest

KEYS_FILE = "vector_keys.npy"
VECTORS_FILE = "vectors.npy"


def embedding_key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def keys_of(texts: Sequence[str]) -> np.ndarray:
    return np.array([embedding_key(text) for text in texts], dtype="S20")


def previous_keys(folder: Path | None) -> set[bytes]:
    if folder is None or not (folder / KEYS_FILE).exists():
        return set()
    try:
        return {bytes(key) for key in np.load(folder / KEYS_FILE)}
    except Exception:
        return set()


def previous_vectors(folder: Path | None, embedder_id: str) -> dict[bytes, np.ndarray]:
    """Vectors of a previous build by text hash, if that build used the same embedder."""
    if folder is None or not (folder / KEYS_FILE).exists():
        return {}
    try:
        if read_manifest(folder).get("embedder", {}).get("id") != embedder_id:
            return {}
        keys = np.load(folder / KEYS_FILE)
        vectors = np.load(folder / VECTORS_FILE, mmap_mode="r")
    except Exception:
        return {}
    return {bytes(key): vectors[row] for row, key in enumerate(keys)}


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    tokens: Sequence[Sequence[str]],
    previous: dict[bytes, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, int]:
    """(vectors, keys, number embedded now)."""
    keys = keys_of(texts)
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    missing = []
    for row, key in enumerate(keys):
        cached = previous.get(bytes(key))
        if cached is not None and cached.shape == (embedder.dimension,):
            vectors[row] = cached
        else:
            missing.append(row)
    if len(missing) == len(texts):
        vectors[:] = embedder.embed_passages(texts, tokens)
    elif missing:
        vectors[missing] = embedder.embed_passages(
            [texts[row] for row in missing], [tokens[row] for row in missing]
        )
    return vectors, keys, len(missing)
