"""A new collection checked against the folder it came from, before any server reads it."""

from __future__ import annotations

from typing import Any

import numpy as np

from index.errors import IndexCorrupt
from index.lexical import LexicalIndex

SAMPLES = 5
TOLERANCE = 1e-4  # float32 sums in Milvus against float64 sums in numpy


def _count(client: Any, name: str) -> int:
    found = client.query(name, filter="", output_fields=["count(*)"])
    return int(found[0]["count(*)"])


def verify_collection(
    client: Any,
    name: str,
    size: int,
    words: LexicalIndex,
    vectors: np.ndarray,
    replicas: int = 1,
) -> None:
    """Load the collection (`replicas` in-memory copies), then raise IndexCorrupt unless it
    holds every passage and a sample of lexical and dense searches finds in Milvus what the
    folder finds."""
    client.load_collection(name, replica_number=replicas)
    stored = _count(client, name)
    if stored != size:
        raise IndexCorrupt(f"collection {name} holds {stored} passages, the build {size}")
    weights = words.passage_weights()
    vocabulary = {c: t for t, c in words.columns().items()}
    for row in np.linspace(0, size - 1, min(SAMPLES, size)).astype(int).tolist():
        start, end = weights.indptr[row], weights.indptr[row + 1]
        columns = weights.indices[start:end][np.argsort(-weights.data[start:end])][:3]
        if len(columns):
            tokens = [vocabulary[int(c)] for c in columns]
            expected = words.scores(tokens)
            found = client.search(
                name,
                data=[{int(c): 1.0 for c in columns}],
                anns_field="words",
                limit=10,
                search_params={"metric_type": "IP"},
            )[0]
            for hit in found:
                if abs(float(hit["distance"]) - float(expected[int(hit["id"])])) > TOLERANCE * max(
                    1.0, float(expected.max())
                ):
                    raise IndexCorrupt(
                        f"collection {name}: BM25 of row {hit['id']} for {tokens} is "
                        f"{hit['distance']} in Milvus, {expected[int(hit['id'])]} in the build"
                    )
            if not found or abs(float(found[0]["distance"]) - float(expected.max())) > 1e-3:
                raise IndexCorrupt(f"collection {name}: the best BM25 match for {tokens} differs")
        vector = np.asarray(vectors[row], np.float32)
        if vector.any():
            nearest = client.search(
                name,
                data=[vector.tolist()],
                anns_field="dense",
                limit=1,
                search_params={"metric_type": "IP"},
            )[0]
            best = float(np.max(np.dot(vectors, vector)))
            if not nearest or abs(float(nearest[0]["distance"]) - best) > 1e-3:
                raise IndexCorrupt(f"collection {name}: the nearest vector to row {row} differs")
