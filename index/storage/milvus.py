"""The storage contract answered from a Milvus collection that index/milvus/publish.py wrote.

Lexical candidates come from the sparse BM25 fields (inner product: our BM25 exactly, summed
in float32), dense candidates from the vector index, and every dense score is recomputed
here from the stored vectors, as the folder format computes it. Documents, targets and the
lexicon come from the build's files, copied once into a local cache folder. Every call is
bounded by the client's timeout; a failure is a StorageUnavailable (503) naming Milvus.

Round trips are what a remote engine costs, so passages and vectors are fetched for many
rows in one query and kept (they never change within a collection), and sets of rows are
sent as ranges. Milvus answers at most 16,384 entities to a search: a word held by more
passages gives its 16,384 best, marked incomplete (the searcher then says its total is a
lower bound); queries over rows are split or paged so they are always complete.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

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
# Allowed rows up to this many times the cap are searched in parts of at most the cap, so
# the answer is complete (a plan, a filter, or the candidates of one search).
SPLIT_ALLOWED = 4
ROWS_PER_QUERY = 4_096  # rows asked for in one query by their numbers
SENTENCE_SHARE = 0.5
SENTENCES_PER_PASSAGE = 3  # sentence neighbours asked for per passage neighbour
BOUND_MARGIN = 1e-5  # Milvus's float32 distances against ours
KEPT_ROWS = 20_000  # passages, and vectors, kept per storage (about 30 MB of 384-d vectors)
_T = TypeVar("_T")
_V = TypeVar("_V")


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def rows_filter(rows: np.ndarray | Sequence[int]) -> str:
    """A filter expression selecting exactly these rows: runs of three or more consecutive
    rows as ranges (a plan's rows are one run), the others listed."""
    rows = np.unique(np.asarray(rows, np.int64))
    if not len(rows):
        return "row < 0"
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    starts = rows[np.concatenate(([0], breaks))].tolist()
    ends = rows[np.concatenate((breaks - 1, [len(rows) - 1]))].tolist()
    parts: list[str] = []
    single: list[int] = []
    for first, last in zip(starts, ends, strict=True):
        if last - first >= 2:
            parts.append(f"(row >= {first} and row <= {last})")
        else:
            single += range(first, last + 1)
    if single:
        parts.append(f"row in [{','.join(map(str, single))}]")
    return " or ".join(parts)


def _cosines(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Each row's product with the vector, summed row by row (numpy's pairwise sum), so a
    row's score is the same number however many rows are scored with it (a BLAS gemv's is
    not: its blocking depends on the row count)."""
    return (matrix * np.asarray(vector, np.float32)).sum(axis=1, dtype=np.float32)


class _Kept(Generic[_V]):
    """The values of the last `size` rows asked for (least recently used out); thread-safe."""

    def __init__(self, size: int = KEPT_ROWS) -> None:
        self._values: OrderedDict[int, _V] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, rows: Sequence[int]) -> tuple[dict[int, _V], list[int]]:
        """The kept values of these rows, and the rows not kept (distinct, in order)."""
        found: dict[int, _V] = {}
        missing: list[int] = []
        with self._lock:
            for row in rows:
                if row in found:
                    continue
                value = self._values.get(row)
                if value is None:
                    if row not in missing:
                        missing.append(row)
                else:
                    self._values.move_to_end(row)
                    found[row] = value
        return found, missing

    def put(self, values: dict[int, _V]) -> None:
        with self._lock:
            self._values.update(values)
            while len(self._values) > self._size:
                self._values.popitem(last=False)


class _ClientClock(logging.Filter):
    """Milvus Lite 2.5 gives a query iterator no session timestamp, and pymilvus warns at each
    one that it reads as of its own clock instead: right for collections written once and
    never changed, so that warning is not logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "failed to get mvccTs" not in record.getMessage()


logging.getLogger("pymilvus.orm.iterator").addFilter(_ClientClock())


def _pages(
    client: Any, collection: str, filter: str, fields: list[str], rows: int
) -> Iterator[list[Any]]:
    """A query's answer in pages of `rows` entities (query_iterator, closed when done)."""
    pages = client.query_iterator(collection, batch_size=rows, filter=filter, output_fields=fields)
    try:
        while page := pages.next():
            yield page
    finally:
        pages.close()


# Rows of the files collection per page: 128 chunks of FILE_CHUNK_BYTES, about 8 MB of base64.
FILE_PAGE_ROWS = 128


def fetch_files(client: Any, collection: str, target: Path) -> list[str]:
    """Write the build's files from `<collection>_files` into `target` (once); their names."""
    done = target / ".complete"
    if done.exists():
        return json.loads(done.read_text("utf-8"))
    # Paged: one query may return neither more than MAX_RESULTS rows nor more bytes than the
    # server's result-size limit, and a large build ships hundreds of MB of files.
    fields = ["file", "part", "data"]
    parts: dict[str, dict[int, bytes]] = {}
    for page in _pages(client, files_collection(collection), "part >= 0", fields, FILE_PAGE_ROWS):
        for entity in page:
            part = int(entity["part"])
            parts.setdefault(entity["file"], {})[part] = base64.b64decode(entity["data"])
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
        described = self._call("describe the collection", client.describe_collection, collection)
        self._dimension = next(
            int(f["params"]["dim"]) for f in described["fields"] if f["name"] == "dense"
        )
        self._passages: _Kept[Passage] = _Kept()
        self._vectors: _Kept[np.ndarray] = _Kept()
        # a passage has several sentences: a quarter as many passages' worth of them
        self._sentence_vectors: _Kept[np.ndarray] = _Kept(KEPT_ROWS // 4)

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

    def _query_all(
        self, filter: str, fields: list[str], collection: str | None = None
    ) -> list[Any]:
        """Every entity matching the filter: one query, paged when it reaches Milvus's cap."""
        found = self._query(filter, fields, collection)
        if len(found) < MAX_RESULTS:
            return found
        target = collection or self.collection
        return self._call(
            "page through a query",
            lambda: [e for page in _pages(self.client, target, filter, fields, MAX_RESULTS) for e in page],
        )  # fmt: skip

    def _by_rows(
        self, rows: Sequence[int], fields: list[str], collection: str | None = None
    ) -> list[Any]:
        """The entities of these rows (in any order), ROWS_PER_QUERY rows per query."""
        found: list[Any] = []
        for start in range(0, len(rows), ROWS_PER_QUERY):
            found += self._query_all(
                rows_filter(rows[start : start + ROWS_PER_QUERY]), ["row", *fields], collection
            )
        return found

    @property
    def size(self) -> int:
        return self._size

    @property
    def documents(self) -> tuple[IndexedDocument, ...]:
        return self._documents

    # -- passages ----------------------------------------------------------------------
    def passage(self, row: int) -> Passage:
        return self.passages([row])[0]

    def passages(self, rows: Sequence[int]) -> list[Passage]:
        wanted = [int(row) for row in rows]
        found, missing = self._passages.get(wanted)
        if missing:
            fields = [
                "passage_id", "doc_id", "ordinal", "section", "text", "char_start", "char_end",
                "units",
            ]  # fmt: skip
            fetched = {
                int(e["row"]): Passage(
                    passage_id=e["passage_id"],
                    doc_id=e["doc_id"],
                    ordinal=int(e["ordinal"]),
                    section=tuple(json.loads(e["section"])),
                    text=e["text"],
                    start=int(e["char_start"]),
                    end=int(e["char_end"]),
                    responsible_units=tuple(json.loads(e["units"])),
                )
                for e in self._by_rows(missing, fields)
            }
            absent = [row for row in missing if row not in fetched]
            if absent:
                raise StorageUnavailable(f"collection {self.collection} has no passage {absent[0]}")
            self._passages.put(fetched)
            found.update(fetched)
        return [found[row] for row in wanted]

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
        rows = np.array([e["row"] for e in self._query_all(filter, ["row"])], np.int64)
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
        self,
        field: LexicalField,
        tokens: Sequence[str],
        weights: Sequence[float] | None = None,
        allowed: np.ndarray | None = None,
    ) -> Candidates:
        query = self._sparse(field, tokens, weights)
        if not query or (allowed is not None and not len(allowed)):
            return Candidates(np.zeros(0, np.int64), np.zeros(0, np.float32))
        if allowed is not None and len(allowed) <= SPLIT_ALLOWED * MAX_RESULTS:
            # No more rows per search than Milvus answers: every match comes back.
            parts = [
                self._bm25(field, query, rows_filter(allowed[start : start + MAX_RESULTS]))
                for start in range(0, len(allowed), MAX_RESULTS)
            ]
            return Candidates(
                np.concatenate([p.rows for p in parts]),
                np.concatenate([p.scores for p in parts]),
            )
        return self._bm25(field, query, "" if allowed is None else rows_filter(allowed))

    def _bm25(self, field: str, query: dict[int, float], filter: str) -> Candidates:
        hits = self._call(
            "search the BM25 field",
            self.client.search,
            self.collection,
            data=[query],
            anns_field=field,
            limit=MAX_RESULTS,
            filter=filter,
            search_params={"metric_type": "IP", "params": {"drop_ratio_search": 0.0}},
        )[0]
        rows = np.array([h["id"] for h in hits], np.int64)
        scores = np.array([h["distance"] for h in hits], np.float32)
        keep = scores > 0
        order = np.argsort(rows[keep], kind="stable")
        return Candidates(rows[keep][order], scores[keep][order], len(hits) < MAX_RESULTS)

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
        held = {int(e["row"]): e["words"] for e in self._by_rows(rows.tolist(), ["words"])}
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
        """The k best dense scores, as the folder's exact search gives them. With sentence
        vectors a passage's score mixes its own cosine and its best sentence's, which no
        single Milvus search ranks by: the passages nearest by either are scored here, and
        the lists are lengthened until the k-th score found beats what any passage in
        neither list could score (Fagin's threshold)."""
        if k <= 0 or (allowed is not None and not len(allowed)):
            return Candidates(np.zeros(0, np.int64), np.zeros(0, np.float32))
        filter = "" if allowed is None else rows_filter(allowed)
        depth = k
        while True:
            own = self._knn(self.collection, "dense", vector, depth, filter)
            found = {int(h["entity"]["row"]) for h in own}
            # Any passage not found scores at most `bound` (-inf: every passage was found).
            bound = float(own[-1]["distance"]) if len(own) >= depth else -math.inf
            if self._sentences and bound > -math.inf:
                wanted = min(SENTENCES_PER_PASSAGE * depth, MAX_RESULTS)
                hits = self._knn(
                    sentences_collection(self.collection), "vector", vector, wanted, filter
                )
                found |= {int(h["entity"]["row"]) for h in hits}
                if len(hits) >= wanted:  # a passage found by neither list: both below their ends
                    own_end = bound
                    bound = max(
                        own_end,
                        (1 - SENTENCE_SHARE) * own_end
                        + SENTENCE_SHARE * float(hits[-1]["distance"]),
                    )
            rows = np.array(sorted(found), np.int64)
            scores = self.dense_scores(vector, rows)
            top = np.lexsort((rows, -scores))[:k]
            enough = len(top) == k and float(scores[top[-1]]) > bound + BOUND_MARGIN
            if enough or bound == -math.inf or depth >= MAX_RESULTS:
                return Candidates(rows[top], scores[top])
            depth = min(depth * 4, MAX_RESULTS)

    def _passage_vectors(self, rows: list[int]) -> dict[int, np.ndarray]:
        found, missing = self._vectors.get(rows)
        if missing:
            fetched = {
                int(e["row"]): np.asarray(e["dense"], np.float32)
                for e in self._by_rows(missing, ["dense"])
            }
            self._vectors.put(fetched)
            found.update(fetched)
        return found

    def _sentences_of(self, rows: list[int]) -> dict[int, np.ndarray]:
        """Each row's sentence vectors in sentence order ((0, d) when it has none)."""
        found, missing = self._sentence_vectors.get(rows)
        if missing:
            by_row: dict[int, list[Any]] = {row: [] for row in missing}
            for e in self._by_rows(
                missing, ["sid", "vector"], sentences_collection(self.collection)
            ):
                by_row[int(e["row"])].append(e)
            fetched = {
                row: np.array(
                    [e["vector"] for e in sorted(held, key=lambda e: e["sid"])], np.float32
                )
                if held
                else np.zeros((0, self._dimension), np.float32)
                for row, held in by_row.items()
            }
            self._sentence_vectors.put(fetched)
            found.update(fetched)
        return found

    def dense_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        wanted = np.asarray(rows, np.int64).tolist()
        if not wanted:
            return np.zeros(0, np.float32)
        held = self._passage_vectors(wanted)
        matrix = np.array([held[r] for r in wanted], np.float32)
        own = _cosines(matrix, vector)
        if not self._sentences:
            return own
        best = own.copy()
        sentences = self._sentences_of(wanted)
        for i, row in enumerate(wanted):
            if len(sentences[row]):
                best[i] = float(np.max(_cosines(sentences[row], vector)))
        return ((1 - SENTENCE_SHARE) * own + SENTENCE_SHARE * best).astype(np.float32)

    def sentence_vectors(self, row: int) -> np.ndarray | None:
        if not self._sentences:
            return None
        return self._sentences_of([int(row)])[int(row)]

    # -- targets -----------------------------------------------------------------------
    @property
    def targets(self) -> tuple[Target, ...]:
        return self._targets

    @property
    def target_vectors(self) -> np.ndarray:
        return self._target_vectors

    def target_rows(self) -> tuple[tuple[int, ...], ...]:
        return self._target_rows
