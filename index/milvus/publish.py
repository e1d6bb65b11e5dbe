"""Ship a built index folder into a new Milvus collection, verify it, then switch the alias.

The folder is the unit of a build (index/store.py): it may have been built and embedded
elsewhere (a GPU machine). Publishing writes `<prefix>_b<build id>` and its `_files` and
`_sentences` companions, checks the counts and a sample of searches against the folder,
and only then moves the alias (one call). A publish killed at any point leaves the alias on
the last good collection; the half-written collection is dropped by the next publish, which
also drops every build collection but the one served and the one before it.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import IndexCorrupt
from index.layout import (
    BIGRAM_FOLDER,
    BM25_FOLDER,
    CHECKSUM,
    DOCUMENTS_FILE,
    FAISS_FILE,
    MANIFEST,
    PASSAGES_FOLDER,
    SENTENCE_STARTS_FILE,
    SENTENCE_VECTORS_FILE,
    VECTORS_FILE,
)
from index.lexical import LexicalIndex
from index.milvus import schema
from index.milvus.alias import build_collections, collection_name, current_collection, switch_alias
from index.passage_store import PassageStore
from index.store import IndexFolder
from index.types import year_of

LEXICON_FILE = "lexicon.json"
# Files of a build folder a server reads besides the stored passages and vectors.
STORED_ELSEWHERE = (f"{PASSAGES_FOLDER}/", f"{BM25_FOLDER}/", f"{BIGRAM_FOLDER}/")
STORED_FILES = frozenset({FAISS_FILE, VECTORS_FILE, SENTENCE_VECTORS_FILE, SENTENCE_STARTS_FILE})
BATCH = 1000

Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class Published:
    collection: str
    previous: str | None
    passages: int
    dropped: tuple[str, ...]
    seconds: float


def shipped_files(folder: IndexFolder) -> list[str]:
    """The files of the build a server needs from the files collection."""
    names = [
        n
        for n in folder.manifest["files"]
        if not n.startswith(STORED_ELSEWHERE)
        and n not in STORED_FILES
        and not n.endswith("_keys.npy")
    ]
    return sorted([MANIFEST, CHECKSUM, *names])


def _lexicon(words: LexicalIndex, bigrams: LexicalIndex | None) -> bytes:
    return json.dumps(
        {
            "size": words.size,
            "words": words.columns(),
            "words_df": words.frequencies().tolist(),
            "bigrams": bigrams.columns() if bigrams is not None else {},
        },
        ensure_ascii=False,
    ).encode("utf-8")


def _sparse_rows(index: LexicalIndex | None, size: int) -> list[dict[int, float]]:
    if index is None:
        return [{} for _ in range(size)]
    matrix = index.passage_weights()
    out = []
    for row in range(size):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        out.append(
            dict(
                zip(
                    matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True
                )
            )
        )
    return out


def _passage_entities(folder: Path, vectors: np.ndarray) -> Iterator[list[dict[str, Any]]]:
    store = PassageStore.load(folder)
    documents = json.loads((folder / DOCUMENTS_FILE).read_text("utf-8"))
    words = _sparse_rows(LexicalIndex.load(folder / BM25_FOLDER), len(store))
    bigram_folder = folder / BIGRAM_FOLDER
    bigrams = _sparse_rows(
        LexicalIndex.load(bigram_folder) if bigram_folder.is_dir() else None, len(store)
    )
    batch: list[dict[str, Any]] = []
    for row in range(len(store)):
        passage = store.get(row)
        position = int(store.doc_index[row])
        meta = documents[position]
        batch.append(
            {
                "row": row,
                "passage_id": passage.passage_id,
                "doc_pos": position,
                "doc_id": passage.doc_id,
                "region": meta.get("region") or "",
                "level": meta.get("level") or "",
                "issuer": meta.get("issuer") or "",
                "year": year_of(meta.get("published")) or 0,
                "ordinal": passage.ordinal,
                "char_start": passage.start,
                "char_end": passage.end,
                "section": json.dumps(list(passage.section), ensure_ascii=False),
                "units": json.dumps(list(passage.responsible_units), ensure_ascii=False),
                "text": passage.text,
                "dense": vectors[row].tolist(),
                "words": words[row],
                "bigrams": bigrams[row],
            }
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _file_entities(folder: IndexFolder, lexicon: bytes) -> list[dict[str, Any]]:
    files = {name: (folder.path / name).read_bytes() for name in shipped_files(folder)}
    files[LEXICON_FILE] = lexicon
    entities = []
    for name, data in files.items():
        chunks = range(0, max(len(data), 1), schema.FILE_CHUNK_BYTES)
        for part, start in enumerate(chunks):
            chunk = data[start : start + schema.FILE_CHUNK_BYTES]
            entities.append(
                {
                    "key": f"{name}#{part}",
                    "file": name,
                    "part": part,
                    "data": base64.b64encode(chunk).decode("ascii"),
                    "unused": [0.0, 0.0],
                }
            )
    return entities


def _drop(client: Any, name: str) -> None:
    for each in schema.collections_of(client, name):
        client.drop_collection(each)


def publish(
    client: Any,
    folder: IndexFolder,
    prefix: str,
    dense_index: str = "FLAT",
    progress: Progress = _silent,
    replicas: int = 1,
) -> Published:
    """Write the build folder into a new collection, verify it, switch the alias, prune.
    The collection is loaded with `replicas` in-memory replicas (query nodes of a cluster
    share the searches; Milvus Lite keeps one copy whatever the number)."""
    started = time.perf_counter()
    path = folder.path
    name = collection_name(prefix, folder.build_id)
    previous = current_collection(client, prefix)
    if name == previous:
        raise IndexCorrupt(f"build {folder.build_id} is already the collection served ({name})")
    _drop(client, name)  # a half-written copy of this build, from a killed publish
    vectors = np.load(path / VECTORS_FILE, mmap_mode="r")
    size, dimension = vectors.shape
    schema.create_passages(client, name, dimension, dense_index)
    done = 0
    for batch in _passage_entities(path, vectors):
        client.insert(name, batch)
        done += len(batch)
        progress("writing passages to Milvus", done, size)
    if (path / SENTENCE_VECTORS_FILE).exists():
        _insert_sentences(client, name, path, dense_index, progress)
    words = LexicalIndex.load(path / BM25_FOLDER)
    bigram_folder = path / BIGRAM_FOLDER
    bigrams = LexicalIndex.load(bigram_folder) if bigram_folder.is_dir() else None
    schema.create_files(client, name)
    files = _file_entities(folder, _lexicon(words, bigrams))
    for start in range(0, len(files), 50):
        client.insert(schema.files_collection(name), files[start : start + 50])
    progress("verifying the collection", 0, 0)
    from index.milvus.verify import verify_collection

    verify_collection(client, name, size, words, vectors, replicas)
    switch_alias(client, prefix, name)
    dropped = tuple(old for old in build_collections(client, prefix) if old not in (name, previous))
    for old in dropped:
        _drop(client, old)
    return Published(name, previous, size, dropped, time.perf_counter() - started)


def _insert_sentences(
    client: Any, name: str, path: Path, dense_index: str, progress: Progress
) -> None:
    vectors = np.load(path / SENTENCE_VECTORS_FILE, mmap_mode="r")
    starts = np.load(path / SENTENCE_STARTS_FILE)
    owners = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    schema.create_sentences(client, name, vectors.shape[1], dense_index)
    for start in range(0, len(vectors), BATCH):
        end = min(start + BATCH, len(vectors))
        client.insert(
            schema.sentences_collection(name),
            [
                {"sid": i, "row": int(owners[i]), "vector": vectors[i].tolist()}
                for i in range(start, end)
            ],
        )
        progress("writing sentences to Milvus", end, len(vectors))
