"""`policy-search bench`: latency, scale and load in one run, written as docs/benchmarks.md."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.instructions import InstructionRow, count_instructions
from bench.latency import LatencyRow, measure
from bench.load import LoadRow, run_load
from bench.model import BuildRow, ModelLoadRow, build_times, model_latency, search_against_encoder
from bench.scale import ScaleRow
from eval.gold import load_queries

REPO = Path(__file__).resolve().parent.parent


def _scale(size: int, folder: Path) -> ScaleRow:
    done = subprocess.run(
        [sys.executable, "-m", "bench.scale", str(size), str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return ScaleRow(**json.loads(done.stdout.strip().splitlines()[-1]))


def _latency_table(rows: list[LatencyRow]) -> list[str]:
    base = next(r for r in rows if r.system.startswith("bm25s"))
    lines = ["| system | p50 ms | p99 ms | p50 ÷ bm25s |", "|---|---:|---:|---:|"]
    lines += [
        f"| {r.system} | {r.p50_ms:.3f} | {r.p99_ms:.3f} | {r.p50_ms / base.p50_ms:.2f} |"
        for r in rows
    ]
    return lines


def _scale_table(rows: list[ScaleRow]) -> list[str]:
    lines = [
        "| passages | build s | peak RSS MB (main / tokenizer worker) | index MB | load s | "
        "dense | hybrid p50 / p99 ms | lexical p50 ms | bm25s p50 ms | ANN recall@10 |",
        "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        recall = "exact" if r.ann_recall_at_10 is None else f"{r.ann_recall_at_10:.3f}"
        lines.append(
            f"| {r.passages:,} | {r.build_s:.0f} | {r.peak_rss_mb:,.0f} / {r.worker_rss_mb:,.0f} | "
            f"{r.index_mb:,.0f} | {r.load_s:.1f} | {r.dense_kind} | {r.hybrid_p50_ms:.2f} / "
            f"{r.hybrid_p99_ms:.2f} | {r.lexical_p50_ms:.2f} | {r.bm25s_p50_ms:.2f} | {recall} |"
        )
    sweeps = [r for r in rows if r.nprobe_recall]
    if sweeps:
        probes = list(sweeps[0].nprobe_recall)
        lines += [
            "",
            "ANN recall@10 against exact search by `nprobe` (IVF-Flat):",
            "",
            "| passages | " + " | ".join(f"nprobe {p}" for p in probes) + " |",
            "|---:|" + "---:|" * len(probes),
        ]
        lines += [
            f"| {r.passages:,} | " + " | ".join(f"{r.nprobe_recall[p]:.3f}" for p in probes) + " |"
            for r in sweeps
        ]
    return lines


def _load_table(rows: list[LoadRow]) -> list[str]:
    lines = [
        "| workers | endpoint | requests/s | p50 ms | p99 ms | errors | search ÷ healthz |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        health = next(r for r in rows if r.workers == row.workers and r.endpoint == "/healthz")
        ratio = (
            f"{row.requests_per_s / health.requests_per_s:.2f}"
            if row.endpoint != "/healthz"
            else ""
        )
        lines.append(
            f"| {row.workers} | {row.endpoint} | {row.requests_per_s:,.0f} | "
            f"{row.p50_ms:.2f} | {row.p99_ms:.2f} | {row.errors} | {ratio} |"
        )
    return lines


def _model_tables(
    latency: list[LatencyRow], builds: list[BuildRow], load: list[ModelLoadRow]
) -> list[str]:
    encode = next(r for r in latency if r.system.startswith("encode"))
    lines = ["| system | p50 ms | p99 ms | p50 ÷ encoding |", "|---|---:|---:|---:|"]
    lines += [
        f"| {r.system} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.p50_ms / encode.p50_ms:.2f} |"
        for r in latency
    ]
    lines += [
        "",
        "| build of the five plans | seconds | passages embedded | sentences embedded |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {b.build} | {b.seconds:.1f} | {b.passages_embedded} | {b.sentences_embedded} |"
        for b in builds
    ]
    if load:
        lines += [
            "",
            "| endpoint | requests/s | p50 ms | p99 ms | errors | ÷ bare encoder | "
            "/healthz p99 ms meanwhile |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r.endpoint} | {r.requests_per_s:.1f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
            f"{r.errors} | {r.ratio_to_encoder:.2f} | "
            f"{'' if r.healthz_p99_ms is None else f'{r.healthz_p99_ms:.1f}'} |"
            for r in load
        ]
    return lines


def _instructions_table(rows: list[InstructionRow]) -> list[str]:
    health = next(r for r in rows if r.endpoint == "/healthz")
    lines = [
        "| endpoint | requests counted | instructions per request | healthz ÷ this |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r.endpoint} | {r.requests:,} | {r.instructions_per_request / 1e6:.2f} M | "
        f"{health.instructions_per_request / r.instructions_per_request:.2f} |"
        for r in rows
    ]
    return lines


def _against_targets(results: dict[str, Any]) -> list[str]:
    """The issue's targets next to what this run measured."""
    lines = ["## Against the targets", "", "| target | measured | met |", "|---|---|---|"]

    def row(target: str, measured: str, met: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if met else 'no'} |")

    latency = {r["system"].split()[0]: r for r in results.get("latency", [])}
    if latency:
        ratio = latency["hybrid"]["p50_ms"] / latency["bm25s"]["p50_ms"]
        row("hybrid p50 ≤ 2 × bm25s alone, five plans", f"{ratio:.2f} ×", ratio <= 2)
    for scale in results.get("scale", []):
        if scale["passages"] == 1_000_000:
            minutes = scale["build_s"] / 60
            # An upper bound: the two tokenizer workers run early, while the main process
            # is far below the peak it reaches later, and they share its pages.
            rss = (scale["peak_rss_mb"] + 2 * scale["worker_rss_mb"]) / 1024
            row("1M passages: build ≤ 20 min", f"{minutes:.1f} min", minutes <= 20)
            row(
                "1M passages: peak RSS ≤ 6 GB (main + 2 tokenizer workers, upper bound)",
                f"{rss:.1f} GB",
                rss <= 6,
            )
            row(
                "1M passages: hybrid p50 ≤ 50 ms",
                f"{scale['hybrid_p50_ms']:.1f} ms",
                scale["hybrid_p50_ms"] <= 50,
            )
            recall = scale["ann_recall_at_10"] or 1.0
            row("ANN recall@10 ≥ 0.95 against exact", f"{recall:.3f}", recall >= 0.95)
    model_load = {r["endpoint"]: r for r in results.get("model_load", [])}
    if model_load:
        search = model_load["/api/search"]
        ratio = search["ratio_to_encoder"]
        row(
            "/api/search ≥ 0.8 × the requests/s of a bare endpoint encoding the query, 8 clients",
            f"{ratio:.2f} ×",
            ratio >= 0.8,
        )
        health = search["healthz_p99_ms"]
        row("/healthz answers within milliseconds while searches run (p99)", f"{health} ms",
            health is not None and health < 50)  # fmt: skip
    return [*lines, ""]


def run_benchmarks(args: argparse.Namespace, settings: object) -> int:
    from bench import end_on_sigterm
    from index.build import build_index, index_is_current
    from index.search import Searcher

    end_on_sigterm()

    index_dir, corpus = settings.index_dir, settings.corpus  # type: ignore[attr-defined]
    embedder = settings.embedder()  # type: ignore[attr-defined]
    if not index_is_current(index_dir, corpus, embedder):
        build_index(corpus, index_dir, embedder)
    queries = [q.query for q in load_queries()]
    started = dt.datetime.now(dt.UTC)
    report = [
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores "
        f"(Python {platform.python_version()}), all sections in one run.",
        "",
    ]
    results: dict[str, Any] = {}
    if "model" not in args.skip and embedder.model:
        searcher = Searcher(index_dir, embedder)
        latency = model_latency(searcher, queries)
        builds = build_times(corpus, embedder)
        model_load = (
            []
            if "load" in args.skip
            else search_against_encoder(index_dir, queries, args.load_seconds)
        )
        results["model_latency"] = [asdict(r) for r in latency]
        results["model_builds"] = [asdict(r) for r in builds]
        results["model_load"] = [asdict(r) for r in model_load]
        report += [
            f"## The default model ({searcher.embedder.id}, runtime "
            f"{getattr(searcher.embedder, 'runtime', '?')}), five plans",
            "",
            f"In process: {len(queries)} eval queries × 3 rounds, systems interleaved per query; "
            "“no cache” empties the query-vector cache before each call. Builds: the five plans "
            "into an empty folder, then again unchanged. HTTP: one worker, 8 keep-alive "
            f"connections (wrk), {len(set(queries))} distinct queries, the query cache off; the "
            "bare encoder is a FastAPI app that only encodes the query with the same model and "
            "query threads (bench/encoder_app.py). Both servers run at once and are loaded in "
            f"turn, 4 slices of {args.load_seconds / 4:.0f} s each, A B A B; requests/s is the "
            "mean over the slices, p50/p99 their medians, the ratio the median of the pairs'. "
            "/healthz on a ninth connection while /api/search is loaded.",
            "",
            *_model_tables(latency, builds, model_load),
            "",
        ]
        print("\n".join(_model_tables(latency, builds, model_load)), flush=True)
    if "latency" not in args.skip:
        searcher = Searcher(index_dir, embedder)
        rows = measure(searcher, queries)
        results["latency"] = [asdict(r) for r in rows]
        report += [
            f"## In-process latency, five plans, {searcher.embedder.id}",
            "",
            f"{len(queries)} eval queries × 7 rounds, systems interleaved per query.",
            "",
            *_latency_table(rows),
            "",
        ]
        print("\n".join(_latency_table(rows)), flush=True)
    sizes = [int(s) for s in args.scales.split(",") if s.strip()]
    if "scale" not in args.skip and sizes:
        rows_scale = []
        with tempfile.TemporaryDirectory(prefix="policy-search-scale-") as folder:
            for size in sizes:
                rows_scale.append(_scale(size, Path(folder)))
                print("\n".join(_scale_table(rows_scale)[-1:]), flush=True)
        results["scale"] = [asdict(r) for r in rows_scale]
        report += [
            "## Scale: synthetic corpora from the plans' sentences",
            "",
            *_scale_table(rows_scale),
            "",
        ]
    if "load" not in args.skip:
        rows_load = []
        for workers in (1, 2):
            rows_load += run_load(index_dir, queries, workers, args.load_seconds)
            print("\n".join(_load_table(rows_load)), flush=True)
        results["load"] = [asdict(r) for r in rows_load]
        report += [
            "## HTTP load: 8 keep-alive connections (wrk, one thread), distinct queries",
            "",
            "A real server on loopback: `uvicorn --factory service.app:create_app --http "
            "httptools --loop uvloop --workers N`, default `POLICY_SEARCH_THREADS=2`; "
            f"{len(queries) * 2} distinct search URLs (each eval query in a mode, k=10 and "
            f"k=5), {args.load_seconds:.0f} s per endpoint after a warm-up, /healthz and "
            "/api/search against the same server in the same run.",
            "",
            *_load_table(rows_load),
            "",
        ]
    if "instructions" not in args.skip:
        rows_instructions = count_instructions(index_dir, queries)
        results["instructions"] = [asdict(r) for r in rows_instructions]
        report += [
            "## CPU instructions per request (callgrind), /healthz beside /api/search",
            "",
            "The same server (one worker) under valgrind's callgrind, counting only while wrk "
            f"drives the endpoint ({len(queries) * 2} distinct search URLs as above). Counts "
            "do not vary between runs, unlike requests/s on this shared machine.",
            "",
            *_instructions_table(rows_instructions),
            "",
        ]
        print("\n".join(_instructions_table(rows_instructions)), flush=True)
    if "milvus" not in args.skip:
        from bench.milvus import MILVUS_NOTE
        from bench.milvus import run as run_milvus

        scales = [int(s) for s in args.milvus_scales.split(",") if s.strip()]
        milvus_text, results["milvus"] = run_milvus(scales, args.load_seconds)
        report += ["## Both backends: the index folder and Milvus Lite", "", MILVUS_NOTE, ""]
        report += [milvus_text, ""]
    report += _against_targets(results)
    text = "\n".join(report)
    if args.out:
        Path(args.out).write_text(text + "\n", "utf-8")
        Path(args.out).with_suffix(".json").write_text(json.dumps(results, indent=1), "utf-8")
    print(text)
    return 0
