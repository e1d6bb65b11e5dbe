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

from bench.latency import LatencyRow
from bench.load import CONNECTIONS, lua_script, parse_wrk
from bench.server import running_server
from bench.stats import percentiles
from index.search import Searcher

ROUNDS = 3


def model_systems(searcher: Searcher) -> dict[str, Callable[[str], object]]:
    embedder = searcher.embedder
    forget = getattr(embedder, "forget_queries", lambda: None)
    bm25 = searcher.lexical.retriever
    known = searcher.lexical.known

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
    runners = model_systems(searcher)
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for query in queries[:20]:
        for run in runners.values():
            run(query)
    for _ in range(rounds):
        for query in queries:
            for name, run in runners.items():
                started = time.perf_counter()
                run(query)
                samples[name].append((time.perf_counter() - started) * 1000)
    return [LatencyRow(name, *percentiles(values)) for name, values in samples.items()]


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
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    healthz_p99_ms: float | None  # /healthz on one more connection while this load runs


def _wrk(url: str, seconds: float, script: Path, connections: int = CONNECTIONS) -> str:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s"]
    return subprocess.run(
        [*command, str(script), url], capture_output=True, text=True, check=True
    ).stdout


def _load(base: str, paths: list[str], seconds: float, watch_healthz: bool) -> ModelLoadRow:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "paths.lua"
        script.write_text(lua_script(paths), "utf-8")
        health = Path(folder) / "healthz.lua"
        health.write_text(lua_script(["/healthz"]), "utf-8")
        _wrk(base, 2, script)  # warm up
        watcher = (
            subprocess.Popen(
                ["wrk", "-t1", "-c1", f"-d{int(seconds)}s", "--latency", "-s", str(health), base],
                stdout=subprocess.PIPE,
                text=True,
            )
            if watch_healthz
            else None
        )
        rate, p50, p99, errors = parse_wrk(_wrk(base, seconds, script))
        health_p99 = None
        if watcher is not None:
            health_p99 = round(parse_wrk(watcher.communicate()[0])[2], 2)
    return ModelLoadRow(
        paths[0].split("?")[0], round(rate, 1), round(p50, 1), round(p99, 1), errors, health_p99
    )


def search_against_encoder(
    index_root: Path, queries: Sequence[str], seconds: float = 20.0, workers: int = 1
) -> list[ModelLoadRow]:
    """/api/search (query cache off) and the bare encoder, same queries, same machine, one run.

    Every query is distinct within the run, so neither side is helped by a cache.
    """
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed; `make bench` installs it (apt-get install wrk)")
    searches = [f"/api/search?{urlencode({'q': q, 'k': 10})}" for q in dict.fromkeys(queries)]
    encodes = [f"/encode?{urlencode({'q': q})}" for q in dict.fromkeys(queries)]
    rows = []
    with running_server(index_root, workers=workers, settings={"query_cache": "0"}) as server:
        rows.append(_load(server.url, searches, seconds, watch_healthz=True))
    with running_server(index_root, workers=workers, app="bench.encoder_app:create_app") as bare:
        rows.append(_load(bare.url, encodes, seconds, watch_healthz=False))
    return rows
