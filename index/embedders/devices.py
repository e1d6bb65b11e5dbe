"""Where a model computes its vectors: `POLICY_SEARCH_DEVICE` = cpu (the default), cuda,
cuda:N or mps.

A large corpus is embedded once on a machine with a GPU (`POLICY_SEARCH_DEVICE=cuda
policy-search index`) and its build folder shipped to the servers or into Milvus
(`policy-search index --backend milvus --build FOLDER`): the vectors do not depend on the
device beyond rounding, and the index records the model, not the device. A device this
machine has not got is refused when the model loads, with what to install or set, never
by falling back to the CPU unannounced.
"""

from __future__ import annotations

import re

from index.errors import ModelUnavailable

__all__ = ["DEVICE_PATTERN", "check_device", "cuda_index", "onnx_providers", "torch_device"]

DEVICE_PATTERN = r"^(cpu|mps|cuda(:\d+)?)$"


def check_device(device: str) -> str:
    """The device name, lower-cased; a name no runtime knows is refused."""
    name = device.strip().lower()
    if not re.match(DEVICE_PATTERN, name):
        raise ModelUnavailable(
            f"unknown POLICY_SEARCH_DEVICE {device!r}; use cpu, cuda, cuda:N (the N-th GPU) or mps"
        )
    return name


def cuda_index(device: str) -> int:
    """The GPU number of cuda / cuda:N."""
    return int(device.split(":", 1)[1]) if ":" in device else 0


def onnx_providers(device: str, available: list[str]) -> list[object]:
    """ONNX Runtime's execution providers for a device, given those this install has."""
    if device == "cpu":
        return ["CPUExecutionProvider"]
    if device.startswith("cuda") and "CUDAExecutionProvider" in available:
        return [
            ("CUDAExecutionProvider", {"device_id": cuda_index(device)}),
            "CPUExecutionProvider",
        ]
    raise ModelUnavailable(
        f"POLICY_SEARCH_DEVICE={device}, but ONNX Runtime here runs on "
        f"{', '.join(p.removesuffix('ExecutionProvider') for p in available)} only; install "
        "onnxruntime-gpu on the GPU machine, set POLICY_SEARCH_RUNTIME=torch to run the model "
        "with torch there, or POLICY_SEARCH_DEVICE=cpu"
    )


def torch_device(device: str) -> str:
    """The device for sentence-transformers on torch, once torch says it has it."""
    import torch

    if device.startswith("cuda"):
        found = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if cuda_index(device) >= found:
            raise ModelUnavailable(
                f"POLICY_SEARCH_DEVICE={device}, but torch {torch.__version__} sees "
                f"{found} CUDA device(s) here; embed on the GPU machine (a CUDA build of torch) "
                "and ship its build folder, or set POLICY_SEARCH_DEVICE=cpu"
            )
    if device == "mps" and not torch.backends.mps.is_available():
        raise ModelUnavailable(
            "POLICY_SEARCH_DEVICE=mps, but torch has no Apple GPU here; set POLICY_SEARCH_DEVICE=cpu"
        )
    return device
