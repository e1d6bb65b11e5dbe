"""sentence-transformers models from a local folder or the local Hugging Face cache, never the network."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from index.embedders.base import normalise
from index.errors import ModelUnavailable

OFFLINE_SWITCHES = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
BATCH_SIZE = 32
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


@cache
def _instruction_rules() -> tuple[dict[str, str], ...]:
    text = resources.files("index.data").joinpath("query_instructions.toml").read_text("utf-8")
    return tuple(tomllib.loads(text)["rule"])


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


class TransformerEmbedder:
    kind = "sentence-transformers"

    def __init__(self, model: str, models_dir: Path = Path("models"), threads: int = 2) -> None:
        folder = resolve_model(model, models_dir)
        go_offline()
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except Exception as error:
            raise ModelUnavailable(
                f"could not load a sentence-transformers model from {folder} ({error}); point "
                "POLICY_SEARCH_MODEL at a folder holding modules.json and the model weights"
            ) from error
        self.name = model
        self.folder = folder
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise ModelUnavailable(f"the model in {folder} does not say its embedding dimension")
        self.dimension = int(dimension)
        self.query_prefix, self.passage_prefix = instructions_for(
            f"{model} {folder.name}", dict(getattr(self._model, "prompts", {}) or {})
        )
        self.id = f"st-{folder.name}-{self.dimension}-{model_fingerprint(folder)}"

    def _encode(self, inputs: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            inputs,
            batch_size=BATCH_SIZE,
            convert_to_numpy=True,
            show_progress_bar=False,
            normalize_embeddings=True,
        )
        return normalise(np.asarray(vectors).reshape(len(inputs), self.dimension))

    def embed_passages(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]] | None = None
    ) -> np.ndarray:
        return self._encode([self.passage_prefix + text for text in texts])

    def embed_query(self, text: str, tokens: Sequence[str] | None = None) -> np.ndarray:
        return self._encode([self.query_prefix + text])[0]

    def save(self, folder: Path) -> None:
        """Nothing to write: the model stays where it is; the manifest records its id and folder."""

    def describe(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "dimension": self.dimension,
            "model": self.name,
            "folder": str(self.folder),
            "query_instruction": self.query_prefix,
        }
