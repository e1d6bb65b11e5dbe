"""POLICY_SEARCH_DEVICE: where the model computes vectors. This machine has no GPU, so a GPU
asked for is refused when the model loads, with what to do; on a machine that has one the
same tests check that the vectors are the CPU's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import onnxruntime
import pydantic
import pytest

from index.embedders.devices import check_device, onnx_providers
from index.embedders.transformer import TransformerEmbedder
from index.errors import ModelUnavailable

TEXTS = ["首席质量官", "推行企业首席质量官制度,培育一批区内质量领军人才。"]


def _has_cuda() -> bool:
    import torch

    return bool(torch.cuda.is_available())


def test_the_cpu_named_gives_the_vectors_of_the_default(model_folder: Path) -> None:
    default = TransformerEmbedder(str(model_folder))
    named = TransformerEmbedder(str(model_folder), device=" CPU ")
    assert named.device == "cpu" and named.describe()["device"] == "cpu"
    np.testing.assert_array_equal(named.embed_passages(TEXTS), default.embed_passages(TEXTS))


@pytest.mark.parametrize("runtime", ["auto", "torch"])
def test_a_gpu_this_machine_has_not_got_is_refused_with_what_to_do(
    model_folder: Path, runtime: str
) -> None:
    if _has_cuda():  # a GPU machine: the vectors are the CPU's, to rounding
        gpu = TransformerEmbedder(str(model_folder), runtime=runtime, device="cuda")
        cpu = TransformerEmbedder(str(model_folder), runtime=runtime)
        together = (gpu.embed_passages(TEXTS) * cpu.embed_passages(TEXTS)).sum(axis=1)
        assert together.min() >= 0.9999
        return
    with pytest.raises(ModelUnavailable, match=r"POLICY_SEARCH_DEVICE=cuda.*CUDA device") as error:
        TransformerEmbedder(str(model_folder), runtime=runtime, device="cuda")
    assert "POLICY_SEARCH_DEVICE=cpu" in str(error.value)


def test_onnx_runtime_without_a_gpu_provider_says_to_install_one_or_use_torch() -> None:
    available = onnxruntime.get_available_providers()
    if "CUDAExecutionProvider" in available:
        assert onnx_providers("cuda:1", available)[0] == ("CUDAExecutionProvider", {"device_id": 1})
        return
    with pytest.raises(ModelUnavailable, match=r"onnxruntime-gpu.*POLICY_SEARCH_RUNTIME=torch"):
        onnx_providers("cuda", available)
    assert onnx_providers("cpu", available) == ["CPUExecutionProvider"]


def test_a_device_no_runtime_knows_is_refused_by_name() -> None:
    with pytest.raises(ModelUnavailable, match="unknown POLICY_SEARCH_DEVICE 'gpu'; use cpu, cuda"):
        check_device("gpu")
    assert check_device("CUDA:1") == "cuda:1"


def test_the_setting_refuses_an_unknown_device(tmp_path: Path) -> None:
    from service.settings import Settings

    with pytest.raises(pydantic.ValidationError, match="device"):
        Settings(index_dir=tmp_path, device="gpu0")
    assert Settings(index_dir=tmp_path, device="cuda:1").embedder().device == "cuda:1"


def test_an_index_asked_for_on_a_missing_gpu_stops_before_building(
    model_folder: Path, tmp_path: Path, corpus_dir: Path
) -> None:
    if _has_cuda():
        pytest.skip("this machine has a GPU: the refusal cannot happen here")
    env = {
        "POLICY_SEARCH_DEVICE": "cuda",
        "POLICY_SEARCH_MODEL": str(model_folder),
        "POLICY_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "POLICY_SEARCH_CORPUS": str(corpus_dir),
    }
    import os

    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "index"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode != 0
    assert "POLICY_SEARCH_DEVICE=cuda" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    index = tmp_path / "index"
    assert not (index / "current").exists()
    assert not list(index.glob("builds/*")), "a refused build left files"
