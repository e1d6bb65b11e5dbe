"""The storage contract answered from a Milvus collection that index/milvus/publish.py wrote.

Lexical candidates come from the sparse BM25 fields (inner product: our BM25 exactly, summed
in float32), dense candidates from the vector index, and every dense score is recomputed
here from the stored vectors, as the folder format computes it. Documents, targets and the
lexicon come from the build's files, copied once into a local cache folder. Every call is
bounded by the client's timeout; a failure is a StorageUnavailable (503) naming Milvus.
"""

from __future__ import annotations

import base64
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from index.errors import PolicySearchError, StorageUnavailable
from index.layout import DOCUMENTS_FILE, TARGET_ROWS_FILE, TARGET_VECTORS_FILE, TARGETS_FILE
from index.milvus.connect import describe
from index.milvus.publish import LEXICON_FILE
from index.milvus.schema import files_collection, sentences_collection
from index.results import IndexedDocument
from index.storage import Candidates, LexicalField
from index.storage.local import read_documents
from index.types import Passage, Target

__all__ = ["MilvusStorage", "fetch_files"]

# Milvus answers at most this many entities to one search or query (its topk limit).
MAX_RESULTS = 16_384
SENTENCE_SHARE = 0.5
KEPT_PASSAGES = 10_000
_T = TypeVar("_T")


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _rows_filter(rows: np.ndarray) -> str:
    return f"row in [{','.join(map(str, np.asarray(rows, np.int64).tolist()))}]"


def fetch_files(client: Any, collection: str, target: Path) -> list[str]:
    """Write the build's files from `<collection>_files` into `target` (once); their names."""
    done = target / ".complete"
    if done.exists():
        return json.loads(done.read_text("utf-8"))
    found = client.query(
        files_collection(collection),
        filter="part >= 0",
        output_fields=["file", "part", "data"],
        limit=MAX_RESULTS,
    )
    parts: dict[str, dict[int, bytes]] = {}
    for entity in found:
        parts.setdefault(entity["file"], {})[int(entity["part"])] = base64.b64decode(entity["data"])
    partial = target.with_name(f".{target.name}.partial")
    partial.mkdir(parents=True, exist_ok=True)
    for name, chunks in parts.items():
        path = partial / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"".join(chunks[i] for i in sorted(chunks)))
    names = sorted(parts)
    (partial / ".complete").write_text(json.dumps(names), "utf-8")
    if target.exists():
        import shutil

        shutil.rmtree(target)
    partial.rename(target)
    return names


class MilvusStorage:
    """One build's collection; safe to share between threads (the client is)."""

    def __init__(self, client: Any, collection: str, folder: Path, timeout: float) -> None:
        self.client = client
        self.collection = collection
        self.timeout = timeout
        self._documents = read_documents(folder / DOCUMENTS_FILE)
        counts = np.array([d.passages for d in self._documents], np.int64)
        self._starts = np.concatenate(([0], np.cumsum(counts)))
        lexicon = json.loads((folder / LEXICON_FILE).read_text("utf-8"))
        self._size = int(lexicon["size"])
        self._columns: dict[str, dict[str, int]] = {
            "words": lexicon["words"],
            "bigrams": lexicon["bigrams"],
        }
        self._df = np.asarray(lexicon["words_df"], np.float64)
        self._targets = tuple(
            Target(**json.loads(line))
            for line in (folder / TARGETS_FILE).read_text("utf-8").splitlines()
            if line.strip()
        )
        self._target_vectors = np.load(folder / TARGET_VECTORS_FILE)
        self._target_rows = tuple(
            tuple(row) for row in json.loads((folder / TARGET_ROWS_FILE).read_text("utf-8"))
        )
        self._sentences = self._call(
            "look for sentence vectors", client.has_collection, sentences_collection(collection)
        )
        self._kept: OrderedDict[int, Passage] = OrderedDict()
        self._lock = threading.Lock()

    def _call(self, what: str, function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        try:
            return function(*args, **kwargs)
        except PolicySearchError:
            raise
        except Exception as error:
            raise StorageUnavailable(
                f"Milvus did not {what} in collection {self.collection} within "
                f"{self.timeout:g} s: {describe(error)}"
            ) from error

    def _query(self, filter: str, fields: list[str], collection: str | None = None) -> list[Any]:
        return self._call(
            "answer a query",
            self.client.query,
            collection or self.collection,
            filter=filter,
            output_fields=fields,
            limit=MAX_RESULTS,
        )

    @property
    def size(self) -> int:
        return self._size

    @property
    def documents(self) -> tuple[IndexedDocument, ...]:
        return self._documents

    # -- passages ----------------------------------------------------------------------
    def passage(self, row: int) -> Passage:
        with self._lock:
            kept = self._kept.get(row)
        if kept is not None:
            return kept
        fields = [
            "passage_id",
            "doc_id",
            "ordinal",
            "section",
            "text",
            "char_start",
            "char_end",
            "units",
        ]
        found = self._query(f"row == {int(row)}", fields)
        if not found:
            raise StorageUnavailable(f"collection {self.collection} has no passage {row}")
        e = found[0]
        passage = Passage(
            passage_id=e["passage_id"],
            doc_id=e["doc_id"],
            ordinal=int(e["ordinal"]),
            section=tuple(json.loads(e["section"])),
            text=e["text"],
            start=int(e["char_start"]),
            end=int(e["char_end"]),
            responsible_units=tuple(json.loads(e["units"])),
        )
        with self._lock:
            self._kept[row] = passage
            if len(self._kept) > KEPT_PASSAGES:
                self._kept.popitem(last=False)
        return passage

    def row_of(self, passage_id: str) -> int | None:
        found = self._query(f"passage_id == {_literal(passage_id)}", ["row"])
        return int(found[0]["row"]) if found else None

    def doc_positions(self, rows: np.ndarray) -> np.ndarray:
        return (np.searchsorted(self._starts, np.asarray(rows, np.int64), side="right") - 1).astype(
            np.int64
        )

    # -- allowed rows ------------------------------------------------------------------
    def rows_of_documents(self, positions: Sequence[int]) -> np.ndarray:
        ranges = [np.arange(self._starts[p], self._starts[p + 1]) for p in sorted(set(positions))]
        return np.concatenate(ranges).astype(np.int64) if ranges else np.zeros(0, np.int64)

    def _rows(self, filter: str) -> np.ndarray:
        rows = np.array([e["row"] for e in self._query(filter, ["row"])], np.int64)
        rows.sort()
        return rows

    def rows_containing(self, text: str) -> np.ndarray:
        pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return self._rows(f"text like {_literal('%' + pattern + '%')}")

    def rows_in_section(self, section: tuple[str, ...]) -> np.ndarray:
        return self._rows(f"section == {_literal(json.dumps(list(section), ensure_ascii=False))}")

    # -- lexical -----------------------------------------------------------------------
    def _sparse(
        self, field: str, tokens: Sequence[str], weights: Sequence[float] | None
    ) -> dict[int, float]:
        columns = self._columns[field]
        query: dict[int, float] = {}
        for position, token in enumerate(tokens):
            column = columns.get(token) if token else None
            weight = 1.0 if weights is None else float(weights[position])
            if column is not None and weight > 0 and column not in query:
                query[int(column)] = weight
        return query

    def lexical(
        self, field: LexicalField, tokens: Sequence[str], weights: Sequence[float] | None = None
    ) -> Candidates:
        query = self._sparse(field, tokens, weights)
        if not query:
            return Candidates(np.zeros(0, np.int64), np.zeros(0, np.float32))
        hits = self._call(
            "search the BM25 field",
            self.client.search,
            self.collection,
            data=[query],
            anns_field=field,
            limit=MAX_RESULTS,
            search_params={"metric_type": "IP", "params": {"drop_ratio_search": 0.0}},
        )[0]
        rows = np.array([h["id"] for h in hits], np.int64)
        scores = np.array([h["distance"] for h in hits], np.float32)
        keep = scores > 0
        order = np.argsort(rows[keep], kind="stable")
        return Candidates(rows[keep][order], scores[keep][order])

    def idf(self, token: str) -> float:
        column = self._columns["words"].get(token)
        if column is None or column >= len(self._df):
            return 0.0
        return float(np.float32(math.log((self._size + 1.0) / (self._df[column] + 0.5))))

    def term_presence(self, tokens: Sequence[str], rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, np.int64)
        out = np.zeros((len(rows), len(tokens)), dtype=bool)
        if not len(rows) or not len(tokens):
            return out
        columns = [self._columns["words"].get(t) for t in tokens]
        held = {
            int(e["row"]): e["words"] for e in self._query(_rows_filter(rows), ["row", "words"])
        }
        for i, row in enumerate(rows.tolist()):
            weights = held.get(row) or {}
            for j, column in enumerate(columns):
                out[i, j] = column is not None and column in weights
        return out

    def vocabulary(self) -> frozenset[str]:
        return frozenset(self._columns["words"])

    # -- dense -------------------------------------------------------------------------
    def _knn(
        self, collection: str, field: str, vector: np.ndarray, k: int, filter: str
    ) -> list[Any]:
        return self._call(
            "search the vectors",
            self.client.search,
            collection,
            data=[np.asarray(vector, np.float32).tolist()],
            anns_field=field,
            limit=min(k, MAX_RESULTS),
            filter=filter,
            output_fields=["row"],
            search_params={"metric_type": "IP"},
        )[0]

    def dense_knn(self, vector: np.ndarray, k: int, allowed: np.ndarray | None) -> Candidates:
        if k <= 0 or (allowed is not None and not len(allowed)):
            return Candidates(np.zeros(0, np.int64), np.zeros(0, np.float32))
        filter = "" if allowed is None else _rows_filter(allowed)
        found = {
            int(h["entity"]["row"]) for h in self._knn(self.collection, "dense", vector, k, filter)
        }
        if self._sentences:  # a passage found by one of its sentences
            hits = self._knn(sentences_collection(self.collection), "vector", vector, k, filter)
            found |= {int(h["entity"]["row"]) for h in hits}
        rows = np.array(sorted(found), np.int64)
        scores = self.dense_scores(vector, rows)
        if len(rows) > k:
            top = np.lexsort((rows, -scores))[:k]
            rows, scores = rows[top], scores[top]
        return Candidates(rows, scores)

    def dense_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, np.int64)
        if not len(rows):
            return np.zeros(0, np.float32)
        held = {
            int(e["row"]): e["dense"] for e in self._query(_rows_filter(rows), ["row", "dense"])
        }
        matrix = np.array([held[r] for r in rows.tolist()], np.float32)
        own = np.asarray(np.dot(matrix, vector), dtype=np.float32)
        if not self._sentences:
            return own
        best = own.copy()
        by_row: dict[int, list[Any]] = {}
        for e in self._query(
            _rows_filter(rows), ["row", "vector"], sentences_collection(self.collection)
        ):
            by_row.setdefault(int(e["row"]), []).append(e["vector"])
        for i, row in enumerate(rows.tolist()):
            if row in by_row:
                best[i] = float(np.max(np.dot(np.array(by_row[row], np.float32), vector)))
        return ((1 - SENTENCE_SHARE) * own + SENTENCE_SHARE * best).astype(np.float32)

    def sentence_vectors(self, row: int) -> np.ndarray | None:
        if not self._sentences:
            return None
        found = self._query(
            f"row == {int(row)}", ["sid", "vector"], sentences_collection(self.collection)
        )
        found.sort(key=lambda e: e["sid"])
        return np.array([e["vector"] for e in found], np.float32)

    # -- targets -----------------------------------------------------------------------
    @property
    def targets(self) -> tuple[Target, ...]:
        return self._targets

    @property
    def target_vectors(self) -> np.ndarray:
        return self._target_vectors

    def target_rows(self) -> tuple[tuple[int, ...], ...]:
        return self._target_rows
