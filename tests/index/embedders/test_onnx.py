"""The default model run by ONNX Runtime: the same vectors as sentence-transformers on torch,
without torch, with its runtime chosen by the folder or the setting."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embedders.transformer import TransformerEmbedder, resolve_model
from index.errors import ModelUnavailable

TEXTS = [
    "首席质量官",
    "推行企业首席质量官制度,培育一批区内质量领军人才。",
    "chief quality officer",
    "落实平台企业主体责任,强化平台销售和直播带货产品的质量管控和追溯,对商品和服务质量保证、"
    "食品安全保障等依法承担责任,保护用户个人信息安全。",
]


@pytest.fixture(scope="module")
def onnx(model_folder: Path) -> TransformerEmbedder:
    return TransformerEmbedder(str(model_folder), runtime="auto")


def test_the_folder_runs_on_onnx_with_the_vectors_of_torch(onnx, model_folder: Path) -> None:
    torch = TransformerEmbedder(str(model_folder), runtime="torch")

    assert onnx.runtime == "onnx" and torch.runtime == "torch"
    assert onnx.id == torch.id  # an index built with one is searched with the other
    together = (onnx.embed_passages(TEXTS) * torch.embed_passages(TEXTS)).sum(axis=1)
    assert together.min() >= 0.99999
    assert float(onnx.embed_query(TEXTS[0]) @ torch.embed_query(TEXTS[0])) >= 0.99999


def test_a_batch_gives_each_text_the_vector_it_has_alone(onnx) -> None:
    batch = onnx.embed_passages(TEXTS)  # lengths differ: padded in the batch
    alone = np.stack([onnx.embed_passages([text])[0] for text in TEXTS])

    assert np.allclose(batch, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)


def test_a_query_is_encoded_once_and_its_vector_is_shared_read_only(onnx) -> None:
    first = onnx.embed_query("合川区食品抽检合格率")
    again = onnx.embed_query("合川区食品抽检合格率")

    assert again is first
    with pytest.raises(ValueError):
        first[0] = 1.0


def test_the_onnx_runtime_does_not_import_torch(model_folder: Path) -> None:
    code = (
        "import sys; from index.embedders.transformer import TransformerEmbedder; "
        f"e = TransformerEmbedder({str(model_folder)!r}); e.embed_query('质量'); "
        "print(e.runtime, 'torch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.split() == ["onnx", "False"]


def test_asking_for_onnx_without_an_export_names_the_fix(
    tmp_path: Path, model_folder: Path
) -> None:
    copy = tmp_path / "multilingual-e5-small"
    shutil.copytree(model_folder, copy, ignore=shutil.ignore_patterns("onnx"))

    with pytest.raises(ModelUnavailable, match="policy-search model import"):
        TransformerEmbedder(str(copy), runtime="onnx")
    assert TransformerEmbedder(str(copy)).runtime == "torch"  # auto: what the folder has
    with pytest.raises(ModelUnavailable, match="auto, onnx, torch"):
        TransformerEmbedder(str(copy), runtime="tensorrt")


def test_the_default_model_missing_says_how_to_import_it(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable) as caught:
        resolve_model("multilingual-e5-small", tmp_path / "models")

    assert "policy-search model import" in str(caught.value)
    assert "POLICY_SEARCH_MODEL=builtin" in str(caught.value)
