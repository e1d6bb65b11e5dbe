"""The contract every embedder keeps: normalised float32 vectors for passages and queries."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    kind: str  # "builtin" | "sentence-transformers"
    id: str  # names the exact model: an index built by one id is searched only with it
    dimension: int

    def embed_passages(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]] | None = None
    ) -> np.ndarray:
        """One L2-normalised float32 row per text; `tokens` are the tokenizer's, when at hand."""
        ...

    def embed_query(self, text: str, tokens: Sequence[str] | None = None) -> np.ndarray:
        """One L2-normalised float32 vector."""
        ...

    def save(self, folder: Path) -> None:
        """Write what the index needs to embed queries later (nothing for a model on disk)."""
        ...

    def describe(self) -> dict[str, object]:
        """What the manifest and /healthz say about this embedder."""
        ...


def normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
