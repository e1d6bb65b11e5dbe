"""Is the index current? The corpus fingerprint a build records, and why a build must be
made before serving."""

from __future__ import annotations

import hashlib
from pathlib import Path

from index.embedders import EmbedderConfig
from index.fingerprint import data_fingerprint
from index.ingest.corpus import visible_files
from index.manifest import check_searchable, without_advice
from index.store import current_build, open_build


def corpus_fingerprint(folder: Path, embedder: EmbedderConfig) -> str:
    """Changes whenever a corpus file, a sidecar, the shipped data or the embedder setting changes."""
    digest = hashlib.sha256(data_fingerprint().encode())
    digest.update(embedder.key().encode())
    for path in visible_files(folder):
        digest.update(str(path.relative_to(folder)).encode())
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def rebuild_reason(index_root: Path, corpus: Path, embedder: EmbedderConfig) -> str | None:
    """Why the index must be built before serving, or None if the current build is intact,
    made by this building code, and of this corpus and embedder setting."""
    folder = current_build(index_root)
    if folder is None:
        return f"no index in {index_root} yet"
    try:
        manifest = open_build(folder).manifest
        check_searchable(manifest, folder)
    except Exception as error:  # damaged in any way: a new build replaces it
        return f"the current build cannot be served: {without_advice(error)}"
    built = manifest.get("corpus")
    if not isinstance(built, dict) or built.get("fingerprint") != corpus_fingerprint(
        corpus, embedder
    ):
        return f"the corpus in {corpus}, the embedder setting or the building code changed"
    return None


def index_is_current(index_root: Path, corpus: Path, embedder: EmbedderConfig) -> bool:
    return rebuild_reason(index_root, corpus, embedder) is None
