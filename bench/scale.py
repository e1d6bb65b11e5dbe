"""Build, load and query synthetic corpora of 10K to 1M passages; run one size per process.

`python -m bench.scale SIZE FOLDER` prints one JSON line: build time, peak RSS, load time,
query latency and ANN recall@10 against exact search.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from bench.latency import folder_storage
from bench.stats import peak_rss_mb, percentiles
from bench.synthetic import synthetic_documents

RECALL_QUERIES = 200
ROUNDS = 3


@dataclass(frozen=True)
class ScaleRow:
    passages: int
    build_s: float
    peak_rss_mb: float
    worker_rss_mb: float  # the largest tokenizer worker (a separate, forked process)
    index_mb: float
    load_s: float
    dense_kind: str
    hybrid_p50_ms: float
    hybrid_p99_ms: float
    lexical_p50_ms: float
    bm25s_p50_ms: float
    ann_recall_at_10: float | None
    nprobe_recall: dict[str, float]


def exact_top10(vectors: np.ndarray, queries: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    best_scores = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), 10), dtype=np.int64)
    for start in range(0, len(vectors), chunk):
        block = np.asarray(vectors[start : start + chunk], dtype=np.float32)
        scores = queries @ block.T
        merged_scores = np.concatenate([best_scores, scores], axis=1)
        merged_ids = np.concatenate(
            [best_ids, np.broadcast_to(np.arange(start, start + len(block)), scores.shape)], axis=1
        )
        top = np.argpartition(-merged_scores, 9, axis=1)[:, :10]
        best_scores = np.take_along_axis(merged_scores, top, axis=1)
        best_ids = np.take_along_axis(merged_ids, top, axis=1)
    return best_ids


def run(size: int, folder: Path) -> ScaleRow:
    from eval.gold import load_queries
    from index.build import BuildInputs, write_index
    from index.embedders import EmbedderConfig
    from index.ingest.corpus import load_corpus
    from index.search import Searcher

    repo = Path(__file__).resolve().parent.parent
    plans = load_corpus(repo / "corpus").documents
    documents = synthetic_documents(size, plans)
    root = folder / f"scale-{size}"
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    write_index(BuildInputs(documents), root, EmbedderConfig(), threads=2)
    build_s = time.perf_counter() - started
    del documents
    rss = peak_rss_mb()
    worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    index_mb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20

    started = time.perf_counter()
    searcher = Searcher(root)
    load_s = time.perf_counter() - started
    queries = [q.query for q in load_queries()]
    hybrid, lexical, bm25 = [], [], []
    retriever = folder_storage(searcher).words.retriever
    for query in queries:
        searcher.search(query)
    for _ in range(ROUNDS):
        for query in queries:
            t0 = time.perf_counter()
            searcher.search(query, mode="hybrid")
            t1 = time.perf_counter()
            searcher.search(query, mode="lexical")
            t2 = time.perf_counter()
            tokens = folder_storage(searcher).words.known(searcher.tokenizer.tokens(query))
            if tokens:
                retriever.retrieve([tokens], k=10, show_progress=False)  # type: ignore[attr-defined]
            t3 = time.perf_counter()
            hybrid.append((t1 - t0) * 1000)
            lexical.append((t2 - t1) * 1000)
            bm25.append((t3 - t2) * 1000)

    recall = None
    by_nprobe: dict[str, float] = {}
    dense = folder_storage(searcher).dense
    if not dense.exact:
        rng = np.random.default_rng(1)
        texts = [
            searcher.storage.passage(int(i)).text
            for i in rng.choice(searcher.passage_count, 82, replace=False)
        ]
        vectors = np.stack([searcher.embedder.embed_query(q) for q in queries + texts])
        # A query the built-in LSA knows no word of has a zero vector, which the searcher
        # never searches by meaning; its "nearest" ten are ties in any order, not a recall.
        vectors = vectors[vectors.any(axis=1)]
        truth = exact_top10(dense.vectors, vectors)
        index = dense.faiss_index
        default = dense.nprobe
        for nprobe in (8, 16, 32, 48, 64, 96):
            index.nprobe = nprobe  # type: ignore[attr-defined]
            _, found = index.search(vectors, 10)  # type: ignore[attr-defined]
            hits = [len(set(found[i]) & set(truth[i])) / 10 for i in range(len(vectors))]
            by_nprobe[str(nprobe)] = round(float(np.mean(hits)), 4)
        index.nprobe = default  # type: ignore[attr-defined]
        recall = by_nprobe.get(str(default))
    hybrid_p50, hybrid_p99 = percentiles(hybrid)
    return ScaleRow(
        passages=size,
        build_s=round(build_s, 1),
        peak_rss_mb=round(rss),
        worker_rss_mb=round(worker_rss),
        index_mb=round(index_mb),
        load_s=round(load_s, 2),
        dense_kind=dense.kind,
        hybrid_p50_ms=round(hybrid_p50, 2),
        hybrid_p99_ms=round(hybrid_p99, 2),
        lexical_p50_ms=round(percentiles(lexical)[0], 2),
        bm25s_p50_ms=round(percentiles(bm25)[0], 2),
        ann_recall_at_10=recall,
        nprobe_recall=by_nprobe,
    )


if __name__ == "__main__":
    row = run(int(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps(asdict(row)))
