"""What a new build takes from the current one: the vectors of unchanged passages,
sentences and target metrics, and the built-in LSA's fit while few passages are new.

This is build policy: the embedders embed and save, the builder decides what to reuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedders import Embedder, EmbedderConfig, model_embedder
from index.embedders.cache import PASSAGES, SENTENCES, TARGETS, VectorFiles, keys_of
from index.fingerprint import data_fingerprint
from index.layout import BUILTIN_EMBEDDER_FILE
from index.manifest import without_advice
from index.store import current_build, open_build, read_manifest
from index.tokenize import Tokenizer

# Refit the built-in LSA when more than this share of passages is new since it was fitted;
# below it, the previous fit is kept so unchanged passages keep their vectors.
REFIT_SHARE = 0.2
# The files of the current build a new one reads.
REUSED_FILES = frozenset(
    {
        BUILTIN_EMBEDDER_FILE,
        *(name for files in (PASSAGES, SENTENCES, TARGETS) for name in (files.keys, files.vectors)),
    }
)


def reusable_build(index_root: Path) -> tuple[Path | None, str | None]:
    """The current build if the files a new build would take from it pass their checksums;
    otherwise (None, why): a damaged vector must never be copied into a build that then
    passes as good."""
    folder = current_build(index_root)
    if folder is None:
        return None, None
    try:
        open_build(folder, only=REUSED_FILES)
    except Exception as error:
        return None, without_advice(error)
    return folder, None


def previous_keys(folder: Path | None, files: VectorFiles = PASSAGES) -> set[bytes]:
    """The text hashes of a previous build's vectors."""
    if folder is None or not (folder / files.keys).exists():
        return set()
    try:
        return {bytes(key) for key in np.load(folder / files.keys)}
    except Exception:
        return set()


def previous_vectors(
    folder: Path | None, embedder_id: str, files: VectorFiles = PASSAGES
) -> dict[bytes, np.ndarray]:
    """Vectors of a previous build by text hash, if that build used the same embedder."""
    if folder is None or not (folder / files.keys).exists():
        return {}
    try:
        if read_manifest(folder).get("embedder", {}).get("id") != embedder_id:
            return {}
        keys = np.load(folder / files.keys)
        vectors = np.load(folder / files.vectors, mmap_mode="r")
    except Exception:
        return {}
    return {bytes(key): vectors[row] for row, key in enumerate(keys)}


def build_embedder(
    config: EmbedderConfig,
    texts: Sequence[str],
    tokenizer: Tokenizer,
    previous: Path | None,
    threads: int = 2,
    tokens: Sequence[Sequence[str]] | None = None,
) -> Embedder:
    """The embedder for a build: the configured model; or the built-in LSA, the `previous`
    build's fit while at most REFIT_SHARE of the passages are new since, else fitted anew."""
    if config.model:
        return model_embedder(config, threads)
    from index.embedders.builtin import BuiltinEmbedder

    if previous is not None and (previous / BUILTIN_EMBEDDER_FILE).exists():
        try:
            manifest = read_manifest(previous)
            known = previous_keys(previous)
            same_code = manifest.get("data_fingerprint") == data_fingerprint()
            if manifest.get("embedder", {}).get("kind") == "builtin" and known and same_code:
                new = sum(1 for key in keys_of(texts) if bytes(key) not in known)
                if new / max(len(texts), 1) <= REFIT_SHARE:
                    return BuiltinEmbedder.load(previous, tokenizer.tokens)
        except Exception:  # an unreadable previous build is simply not reused
            pass
    return BuiltinEmbedder.fit(texts, tokenizer.tokens, tokens=tokens)
