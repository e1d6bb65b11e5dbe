"""Opening one index folder: its files verified against the manifest, the build checked to
be searchable by this program, and everything a search reads loaded into a `LoadedIndex`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.bilingual import Glossary
from index.dense import set_threads
from index.embedders import EmbedderConfig, load_query_embedder
from index.embedders.base import Embedder
from index.layout import PLACES_FILE, USER_TERMS_FILE
from index.manifest import check_searchable
from index.places import Place
from index.spelling import SpellingIndex
from index.storage import Storage
from index.storage.local import LocalStorage
from index.store import IndexFolder, open_build, open_index
from index.tokenize import Tokenizer


@dataclass(frozen=True)
class LoadedIndex:
    """One build, ready to search: its stored data and its query-understanding tables."""

    folder: IndexFolder
    storage: Storage  # the folder's own (LocalStorage) or another backend's (Milvus)
    tokenizer: Tokenizer  # jieba with the build's own words
    places: tuple[Place, ...]  # place names that restrict or boost plans
    spelling: SpellingIndex
    glossary: Glossary
    embedder: Embedder  # the embedder that built the index, encoding queries

    @property
    def manifest(self) -> dict[str, Any]:
        return self.folder.manifest


def load_index(
    index_root: Path,
    embedder_config: EmbedderConfig | None = None,
    threads: int = 2,
    verify: bool = True,
    build: Path | None = None,
    storage: Storage | None = None,
    folder: IndexFolder | None = None,
) -> LoadedIndex:
    """The current build under `index_root`, or `build` (one folder under it) if given;
    its files checked against their checksums when `verify`. Given `storage` (another
    backend, such as Milvus), the passages and indexes come from it and the build's other
    files from `folder`."""
    set_threads(threads)
    if folder is None:
        folder = (
            open_index(index_root, verify=verify) if build is None else open_build(build, verify)
        )
    path = folder.path
    check_searchable(folder.manifest, path)
    if storage is None:
        storage = LocalStorage.open(path)
    user_terms = (path / USER_TERMS_FILE).read_text("utf-8").split("\n")
    tokenizer = Tokenizer([t for t in user_terms if t])
    places = tuple(
        Place(p["alias"], tuple(p["doc_ids"]), p["mode"])
        for p in json.loads((path / PLACES_FILE).read_text("utf-8"))
    )
    return LoadedIndex(
        folder=folder,
        storage=storage,
        tokenizer=tokenizer,
        places=places,
        spelling=SpellingIndex.load(path, storage.vocabulary()),
        glossary=Glossary.load(path),
        embedder=load_query_embedder(
            folder.manifest, path, embedder_config or EmbedderConfig(), tokenizer, threads
        ),
    )
