"""Both backends in one run: the index folder in process, and Milvus Lite (started here).

For each size (the five plans, then synthetic corpora with the built-in embedder's vectors):
the folder build, the publish into Milvus, memory, hybrid/lexical/dense latency over the
gold queries; for the five plans also requests/s with two API servers per backend under
wrk. `python -m bench.milvus --scales 100000 --out docs/benchmarks-milvus.md`, or as a part
of `policy-search bench`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.load import lua_script, parse_wrk, search_paths
from bench.stats import percentiles
from service.loopback import serve_on_loopback

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 3
MILVUS_NOTE = (
    "One run, both backends on the same build: the folder in process, and Milvus Lite 2.5.1 "
    "(FLAT vectors, sparse inverted BM25 fields) on loopback read through the storage "
    "contract. Build s: the folder build with the built-in embedder, plus for Milvus the "
    "publish (insert, verify, alias switch). Memory: the searcher's RSS growth; for Milvus "
    "the Lite engine's RSS plus the client's growth. Open s: until a new server can search — "
    "the folder opened and checked; for Milvus the collections loaded into memory (released "
    "first, as after a restart of Milvus) and the build's files fetched into an empty cache. Latency over the eval queries × "
    f"{ROUNDS} rounds at the five plans, × 1 at the synthetic sizes. Calls / hybrid: Milvus round trips per "
    "hybrid search over the eval queries once more after the timed rounds (passages and "
    "vectors already kept, as on a busy server). Vectors come from the built-in LSA at every size: embedding a million "
    "passages with multilingual-e5-small on 2 CPU cores would take days (about six million "
    "texts with their sentences at ~50/s), one data-centre GPU well under an hour (an "
    "estimate, docs/milvus.md)."
)
SERVERS = 2


@dataclass(frozen=True)
class BackendRow:
    backend: str
    passages: int
    build_s: float  # folder build; for Milvus the publish on top of it
    memory_mb: float  # local: the searcher's RSS growth; Milvus: Lite's RSS + the client's growth
    open_s: float  # until a new server can search: open the folder; Milvus: load + fetch files
    hybrid_p50_ms: float
    hybrid_p99_ms: float
    lexical_p50_ms: float
    dense_p50_ms: float
    calls_per_hybrid: float  # Milvus round trips per hybrid search (0 for the folder)


@dataclass(frozen=True)
class ThroughputRow:
    backend: str
    servers: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def _rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _latency(
    searcher: object, queries: list[str], rounds: int
) -> tuple[float, float, float, float]:
    samples: dict[str, list[float]] = {"hybrid": [], "lexical": [], "dense": []}
    for query in queries:
        searcher.search(query)  # type: ignore[attr-defined]
    for _ in range(rounds):
        for query in queries:
            for mode, found in samples.items():
                started = time.perf_counter()
                searcher.search(query, mode=mode)  # type: ignore[attr-defined]
                found.append((time.perf_counter() - started) * 1000)
    p50, p99 = percentiles(samples["hybrid"])
    return p50, p99, percentiles(samples["lexical"])[0], percentiles(samples["dense"])[0]


def _build(size: int, root: Path) -> float:
    from bench.synthetic import synthetic_documents
    from index.build import BuildInputs, build_index, write_index
    from index.embedders import EmbedderConfig
    from index.ingest.corpus import load_corpus

    started = time.perf_counter()
    if size == 0:
        build_index(REPO / "corpus", root, EmbedderConfig())
    else:
        plans = load_corpus(REPO / "corpus").documents
        write_index(BuildInputs(synthetic_documents(size, plans)), root, EmbedderConfig())
    return time.perf_counter() - started


@dataclass(frozen=True)
class Prepared:
    """One size built into a folder and published into Milvus, with the time each took."""

    size: int
    root: Path
    prefix: str
    build_s: float
    publish_s: float


def prepare(size: int, folder: Path, lite: object) -> Prepared:
    """Build and publish one size (0: the five plans), or reuse what an earlier run with
    the same work folder (`--keep`) prepared and timed."""
    import json

    from index.milvus.connect import MilvusAddress, connect
    from index.milvus.publish import publish
    from index.store import open_index

    record = folder / f"prepared-{size}.json"
    root, prefix = folder / f"index-{size}", f"bench_{size}"
    if record.exists():
        times = json.loads(record.read_text("utf-8"))
        return Prepared(size, root, prefix, times["build_s"], times["publish_s"])
    shutil.rmtree(root, ignore_errors=True)
    build_s = _build(size, root)
    client = connect(MilvusAddress(lite.uri, None, 600.0), retries=10)  # type: ignore[attr-defined]
    published = publish(client, open_index(root), prefix)
    record.write_text(json.dumps({"build_s": build_s, "publish_s": published.seconds}), "utf-8")
    return Prepared(size, root, prefix, build_s, published.seconds)


def measure_size(prepared: Prepared, folder: Path, lite: object) -> list[BackendRow]:
    """Rows of both backends at one prepared size."""
    from eval.gold import load_queries
    from index.milvus.schema import collections_of
    from index.search import Searcher
    from service.backend import MilvusSource
    from service.settings import Settings

    queries = [q.query for q in load_queries()]
    rounds = ROUNDS if prepared.size == 0 else 1
    before, started = _rss_mb(), time.perf_counter()
    local = Searcher(prepared.root)
    local_open = time.perf_counter() - started
    local_mb = _rss_mb() - before
    local_latency = _latency(local, queries, rounds)
    passages = local.storage.size
    del local
    settings = Settings(  # type: ignore[call-arg]
        index_dir=folder / f"replica-{prepared.size}", backend="milvus", milvus_uri=lite.uri,  # type: ignore[attr-defined]
        milvus_prefix=prepared.prefix, milvus_timeout=60.0, milvus_load_wait=3600.0,
    )  # fmt: skip
    source = MilvusSource(settings)
    target = source.current()
    assert target is not None, f"nothing published under {prepared.prefix}"
    collections = collections_of(source.client(), target.name)
    for name in collections:  # out of Milvus's memory, as after a restart of Milvus
        source.client().release_collection(name)
    shutil.rmtree(target, ignore_errors=True)  # the files too, as on a new replica
    before, started = _rss_mb(), time.perf_counter()
    remote = source.open(target)
    milvus_open = time.perf_counter() - started
    milvus_mb = _rss_mb() - before + _rss_mb(lite.pid)  # type: ignore[attr-defined]
    milvus_latency = _latency(remote, queries, rounds)
    client = remote.storage.client  # type: ignore[attr-defined]
    before_calls = client.calls
    for query in queries:
        remote.search(query, mode="hybrid")  # kept passages and vectors: as a busy server
    calls = (client.calls - before_calls) / len(queries)
    for name in collections:  # the next size measures its own memory
        client.release_collection(name)
    return [
        _row("local (folder)", passages, prepared.build_s, local_mb, local_open, local_latency, 0.0),
        _row(
            "milvus (Lite 2.5.1, FLAT)", passages, prepared.build_s + prepared.publish_s,
            milvus_mb, milvus_open, milvus_latency, calls,
        ),
    ]  # fmt: skip


def _row(
    backend: str,
    passages: int,
    build_s: float,
    memory_mb: float,
    open_s: float,
    latency: tuple[float, float, float, float],
    calls: float,
) -> BackendRow:
    hybrid_p50, hybrid_p99, lexical_p50, dense_p50 = map(_r, latency)
    return BackendRow(
        backend, passages, round(build_s, 1), round(memory_mb), round(open_s, 1), hybrid_p50,
        hybrid_p99, lexical_p50, dense_p50, round(calls, 1),
    )  # fmt: skip


def _r(value: float) -> float:
    return round(value, 2)


def throughput(root: Path, lite_uri: str, prefix: str, seconds: float) -> list[ThroughputRow]:
    """Requests/s of SERVERS API servers per backend, loaded together by one wrk each."""
    from eval.gold import load_queries

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua_script(search_paths([q.query for q in load_queries()])))
    script = handle.name
    rows = []
    milvus = {"backend": "milvus", "milvus_uri": lite_uri, "milvus_prefix": prefix}
    try:
        for name, extra in (("local (folder)", {}), ("milvus (Lite 2.5.1, FLAT)", milvus)):
            with ExitStack() as stack:
                servers = [
                    stack.enter_context(
                        serve_on_loopback(root, settings={**extra, "index_dir": str(root / f"r{i}")} if extra else None)
                    )
                    for i in range(SERVERS)
                ]  # fmt: skip
                for server in servers:  # warm up
                    _wrk(server.url, 2, script)
                with ThreadPoolExecutor(len(servers)) as pool:
                    outputs = list(
                        pool.map(lambda u: _wrk(u, seconds, script), [s.url for s in servers])
                    )
                parsed = [parse_wrk(o) for o in outputs]
                rows.append(
                    ThroughputRow(
                        name, SERVERS, round(sum(p[0] for p in parsed)),
                        _r(max(p[1] for p in parsed)), _r(max(p[2] for p in parsed)),
                        sum(p[3] for p in parsed),
                    )
                )  # fmt: skip
    finally:
        Path(script).unlink()
    return rows


def _wrk(url: str, seconds: float, script: str) -> str:
    command = ["wrk", "-t1", "-c4", f"-d{int(seconds)}s", "--latency", "-s", script, url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def report(rows: list[BackendRow], load: list[ThroughputRow], seconds: float) -> str:
    lines = [
        "| backend | passages | build s | memory MB | open s | hybrid p50 / p99 ms | lexical p50 ms | dense p50 ms | calls / hybrid |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.backend} | {r.passages:,} | {r.build_s:.1f} | {r.memory_mb:,.0f} | {r.open_s:,.1f} | "
        f"{r.hybrid_p50_ms:.2f} / {r.hybrid_p99_ms:.2f} | {r.lexical_p50_ms:.2f} | {r.dense_p50_ms:.2f} | "
        f"{r.calls_per_hybrid:.1f} |"
        for r in rows
    ]
    if load:
        lines += [
            "",
            f"Requests/s of {SERVERS} API servers (one worker each) on the five plans, "
            f"`/api/search` loaded by one wrk per server (4 connections, {seconds:.0f} s):",
            "",
            "| backend | servers | requests/s | p50 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r.backend} | {r.servers} | {r.requests_per_s:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} |"
            for r in load
        ]
    return "\n".join(lines)


def run(
    scales: list[int], load_seconds: float, keep: Path | None = None, prepare_only: bool = False
) -> tuple[str, dict[str, Any]]:
    import os

    from index.milvus.lite import start_lite

    os.environ["POLICY_SEARCH_MODEL"] = "builtin"  # the vectors at 100K and 1M passages
    with ExitStack() as stack:
        if keep is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-milvus-")))
        else:
            folder = keep
            folder.mkdir(parents=True, exist_ok=True)
        lite = start_lite(folder / "lite" / "bench.db")
        try:
            rows: list[BackendRow] = []
            load: list[ThroughputRow] = []
            for size in [0, *scales]:
                prepared = prepare(size, folder, lite)
                if prepare_only:
                    continue
                rows += measure_size(prepared, folder, lite)
                if size == 0 and load_seconds > 0:
                    load = throughput(prepared.root, lite.uri, prepared.prefix, load_seconds)
        finally:
            lite.stop()
    results = {"rows": [asdict(r) for r in rows], "load": [asdict(r) for r in load]}
    return report(rows, load, load_seconds), results


def main() -> None:
    from bench import end_on_sigterm

    end_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="100000", help="synthetic sizes, comma-separated")
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--out", help="write the markdown table to this file")
    parser.add_argument(
        "--keep", type=Path, help="work folder kept between runs: sizes built there are reused"
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="build and publish (into --keep), no timing"
    )
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    text, _ = run(scales, args.load_seconds, args.keep, args.prepare_only)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
