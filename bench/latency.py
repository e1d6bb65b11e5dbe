"""In-process latency per mode over the eval queries, beside bm25s alone on the same tokens.

Every system answers every query in turn, round after round, so machine noise (the
machine is shared) falls on all of them alike; the table reports ratios within the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.stats import percentiles
from index.search import Searcher
from index.storage.local import LocalStorage

ROUNDS = 7


@dataclass(frozen=True)
class LatencyRow:
    system: str
    p50_ms: float
    p99_ms: float


def folder_storage(searcher: Searcher) -> LocalStorage:
    """The folder format's own parts (bm25s, FAISS), which the benchmarks time alone."""
    storage = searcher.storage
    if not isinstance(storage, LocalStorage):
        raise TypeError("these benchmarks time the folder format's parts: use the local backend")
    return storage


def systems(searcher: Searcher) -> dict[str, Callable[[str], object]]:
    bm25 = folder_storage(searcher).words.retriever
    known = folder_storage(searcher).words.known

    def bm25s_alone(query: str) -> object:
        tokens = known(searcher.tokenizer.tokens(query))
        return bm25.retrieve([tokens], k=10, show_progress=False) if tokens else None  # type: ignore[attr-defined]

    return {
        "bm25s alone (tokenize + retrieve k=10)": bm25s_alone,
        "lexical (search, k=10)": lambda q: searcher.search(q, k=10, mode="lexical"),
        "dense (search, k=10)": lambda q: searcher.search(q, k=10, mode="dense"),
        "hybrid (search, k=10)": lambda q: searcher.search(q, k=10, mode="hybrid"),
    }


def measure(searcher: Searcher, queries: Sequence[str], rounds: int = ROUNDS) -> list[LatencyRow]:
    return interleaved(systems(searcher), queries, rounds, queries)


def interleaved(
    runners: dict[str, Callable[[str], object]],
    queries: Sequence[str],
    rounds: int,
    warm_up: Sequence[str],
) -> list[LatencyRow]:
    """Every system on every query in turn, round after round (noise falls on all alike),
    after one pass over `warm_up` (caches and code paths warmed)."""
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for query in warm_up:
        for run in runners.values():
            run(query)
    for _ in range(rounds):
        for query in queries:
            for name, run in runners.items():
                started = time.perf_counter()
                run(query)
                samples[name].append((time.perf_counter() - started) * 1000)
    return [LatencyRow(name, *percentiles(values)) for name, values in samples.items()]
