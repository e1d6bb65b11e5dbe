"""Benchmarks of the default model: encoding a query alone, searching with it (query vector
cached or not), building the five plans, and /api/search against a bare encoder over HTTP."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

from bench.latency import LatencyRow, folder_storage, interleaved
from bench.load import CONNECTIONS, lua_script, parse_wrk
from index.search import Searcher
from service.loopback import serve_on_loopback

ROUNDS = 3


def model_systems(searcher: Searcher) -> dict[str, Callable[[str], object]]:
    embedder = searcher.embedder
    forget = getattr(embedder, "forget_queries", lambda: None)
    bm25 = folder_storage(searcher).words.retriever
    known = folder_storage(searcher).words.known

    def encode(query: str) -> object:
        forget()
        return embedder.embed_query(query)

    def hybrid_uncached(query: str) -> object:
        forget()
        return searcher.search(query, k=10)

    def bm25s_alone(query: str) -> object:
        tokens = known(searcher.tokenizer.tokens(query))
        return bm25.retrieve([tokens], k=10, show_progress=False) if tokens else None  # type: ignore[attr-defined]

    return {
        "encode the query alone (model, no cache)": encode,
        "bm25s alone (tokenize + retrieve k=10)": bm25s_alone,
        "hybrid search, query encoded (k=10)": hybrid_uncached,
        "hybrid search, query vector cached (k=10)": lambda q: searcher.search(q, k=10),
        "lexical search (k=10)": lambda q: searcher.search(q, k=10, mode="lexical"),
    }


def model_latency(
    searcher: Searcher, queries: Sequence[str], rounds: int = ROUNDS
) -> list[LatencyRow]:
    """Every system on every query in turn, round after round (noise falls on all alike)."""
    return interleaved(model_systems(searcher), queries, rounds, queries[:20])


@dataclass(frozen=True)
class BuildRow:
    build: str
    seconds: float
    passages_embedded: int
    sentences_embedded: int


def build_times(corpus: Path, embedder: object) -> list[BuildRow]:
    """The five plans built into an empty folder, then again with nothing changed."""
    from index.build import build_index

    rows = []
    with tempfile.TemporaryDirectory(prefix="policy-search-build-") as folder:
        for name in ("first build (everything embedded)", "second build (nothing changed)"):
            started = time.perf_counter()
            report = build_index(corpus, Path(folder), embedder)  # type: ignore[arg-type]
            rows.append(
                BuildRow(
                    name,
                    round(time.perf_counter() - started, 1),
                    report.embedded,
                    report.sentences_embedded,
                )
            )
    return rows


@dataclass(frozen=True)
class ModelLoadRow:
    endpoint: str
    requests_per_s: float  # all its slices' requests over all their seconds
    p50_ms: float  # medians over the slices
    p99_ms: float
    errors: int
    healthz_p99_ms: float | None  # /healthz on one more connection while this load runs
    ratio_to_encoder: float  # median of the slice-by-slice ratios (1 for the encoder)


@dataclass(frozen=True)
class _Slice:
    rate: float
    p50: float
    p99: float
    errors: int
    healthz_p99: float | None


def _wrk(url: str, seconds: float, script: Path, connections: int = CONNECTIONS) -> str:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s"]
    return subprocess.run(
        [*command, str(script), url], capture_output=True, text=True, check=True
    ).stdout


def _slice(base: str, script: Path, health: Path | None, seconds: float) -> _Slice:
    watcher = (
        subprocess.Popen(
            ["wrk", "-t1", "-c1", f"-d{int(seconds)}s", "--latency", "-s", str(health), base],
            stdout=subprocess.PIPE,
            text=True,
        )
        if health is not None
        else None
    )
    rate, p50, p99, errors = parse_wrk(_wrk(base, seconds, script))
    health_p99 = parse_wrk(watcher.communicate()[0])[2] if watcher is not None else None
    return _Slice(rate, p50, p99, errors, health_p99)


def search_against_encoder(
    index_root: Path,
    queries: Sequence[str],
    seconds: float = 20.0,
    workers: int = 1,
    slices: int = 4,
    settings: dict[str, str] | None = None,
) -> list[ModelLoadRow]:
    """/api/search (query cache off) and the bare encoder, same queries, both servers up at
    once and loaded in turn, A B A B …, so the machine's drift falls on both alike; the
    ratio is the median of the pairs'. Every query is distinct within a slice, so no cache
    helps either side. `settings` (POLICY_SEARCH_* by short name) go to both servers."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed; `make bench` installs it (apt-get install wrk)")
    unique = list(dict.fromkeys(queries))
    searches = [f"/api/search?{urlencode({'q': q, 'k': 10})}" for q in unique]
    encodes = [f"/encode?{urlencode({'q': q})}" for q in unique]
    per_slice = max(2.0, seconds / slices)
    found: dict[str, list[_Slice]] = {"/api/search": [], "/encode": []}
    with (
        tempfile.TemporaryDirectory() as folder,
        serve_on_loopback(
            index_root, workers=workers, settings={**(settings or {}), "query_cache": "0"}
        ) as server,
        serve_on_loopback(
            index_root, workers=workers, settings=settings, app="bench.encoder_app:create_app"
        ) as bare,
    ):
        scripts = {}
        for name, paths in (("search", searches), ("encode", encodes), ("healthz", ["/healthz"])):
            scripts[name] = Path(folder) / f"{name}.lua"
            scripts[name].write_text(lua_script(paths), "utf-8")
        _wrk(server.url, 2, scripts["search"])  # warm up both
        _wrk(bare.url, 2, scripts["encode"])
        for _ in range(slices):
            found["/api/search"].append(
                _slice(server.url, scripts["search"], scripts["healthz"], per_slice)
            )
            found["/encode"].append(_slice(bare.url, scripts["encode"], None, per_slice))
    ratios = [a.rate / b.rate for a, b in zip(found["/api/search"], found["/encode"], strict=True)]
    rows = []
    for endpoint, parts in found.items():
        healths = [p.healthz_p99 for p in parts if p.healthz_p99 is not None]
        rows.append(
            ModelLoadRow(
                endpoint,
                round(sum(p.rate for p in parts) / len(parts), 1),
                round(float(np.median([p.p50 for p in parts])), 1),
                round(float(np.median([p.p99 for p in parts])), 1),
                sum(p.errors for p in parts),
                round(float(np.median(healths)), 1) if healths else None,
                round(float(np.median(ratios)), 2) if endpoint == "/api/search" else 1.0,
            )
        )
    return rows
