"""A sentence-transformers folder run by ONNX Runtime: the folder's tokenizer, its exported
network (`onnx/model.onnx`), its pooling and normalisation, without importing torch.

Vectors equal those of sentence-transformers on the same folder to cosine ≥ 0.99999
(tests/index/embedders/test_onnx.py); a short query costs about half as much.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.embedders.base import normalise
from index.embedders.devices import onnx_providers
from index.errors import ModelUnavailable

ONNX_FILE = Path("onnx") / "model.onnx"
BATCH_SIZE = 16


def has_onnx(folder: Path) -> bool:
    return (folder / ONNX_FILE).is_file()


def _read_json(path: Path, default: Any) -> Any:
    return json.loads(path.read_text("utf-8")) if path.is_file() else default


class OnnxEncoder:
    """Token ids → mean-pooled, L2-normalised vectors, as the folder's modules.json says."""

    def __init__(self, folder: Path, threads: int, device: str = "cpu") -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        modules = [m["type"].rsplit(".", 1)[-1] for m in _read_json(folder / "modules.json", [])]
        pooling = _read_json(folder / "1_Pooling" / "config.json", {})
        if modules[:2] != ["Transformer", "Pooling"] or not pooling.get("pooling_mode_mean_tokens"):
            raise ModelUnavailable(
                f"{folder} is not a mean-pooled sentence-transformers model, which is all the "
                "ONNX runtime runs; set POLICY_SEARCH_RUNTIME=torch"
            )
        self.normalize = "Normalize" in modules
        config = _read_json(folder / "sentence_bert_config.json", {})
        self.max_tokens = int(config.get("max_seq_length") or 512)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_tokens)
        self.pad_id = int(self.tokenizer.token_to_id("<pad>") or 0)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle worker threads must not spin: concurrent requests share two cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        providers = onnx_providers(device, onnxruntime.get_available_providers())
        try:
            self.session = onnxruntime.InferenceSession(
                str(folder / ONNX_FILE), options, providers=providers
            )
        except Exception as error:
            raise ModelUnavailable(
                f"ONNX Runtime could not load {folder / ONNX_FILE} ({error}); run "
                "`policy-search model import` again"
            ) from error
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def _batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(texts), width), self.pad_id, np.int64)
        mask = np.zeros((len(texts), width), np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return normalise(pooled) if self.normalize else pooled.astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text; batches of similar lengths so padding costs little."""
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            out[rows] = self._batch([texts[i] for i in rows])
        return out
