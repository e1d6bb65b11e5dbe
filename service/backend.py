"""Where the served index comes from: the local build folder, or the Milvus collection an
alias points at (POLICY_SEARCH_BACKEND). The watcher (service/state.py) asks `current()`
every few seconds and opens what it names, so a replica follows the alias without restart."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from index.search import Searcher
from index.store import current_build
from service.settings import Settings

CACHE = "milvus"  # under the index folder: the small files of each collection served


class LocalSource:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def current(self) -> Path | None:
        return current_build(self.settings.index_dir)

    def open(self, build: Path) -> Searcher:
        s = self.settings
        return Searcher(s.index_dir, s.embedder(), s.threads, build=build)


class MilvusSource:
    """The collection behind `<prefix>_current`; its files cached under index_dir/milvus."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: Any = None
        self._lock = threading.Lock()

    def client(self) -> Any:
        from index.milvus.connect import MilvusAddress, connect

        with self._lock:
            if self._client is None:
                s = self.settings
                token = s.milvus_token.get_secret_value() if s.milvus_token else None
                self._client = connect(MilvusAddress(s.milvus_uri, token, s.milvus_timeout))
            return self._client

    def current(self) -> Path | None:
        from index.errors import StorageUnavailable
        from index.milvus.alias import current_collection
        from index.milvus.connect import describe

        try:
            name = current_collection(self.client(), self.settings.milvus_prefix)
        except StorageUnavailable:
            raise
        except Exception as error:
            raise StorageUnavailable(
                f"Milvus at {self.settings.milvus_uri} did not say which collection to serve: "
                f"{describe(error)}"
            ) from error
        return None if name is None else self.settings.index_dir / CACHE / name

    def open(self, target: Path) -> Searcher:
        from index.errors import PolicySearchError, StorageUnavailable
        from index.milvus.connect import describe
        from index.milvus.load import load_collections
        from index.milvus.schema import files_collection, sentences_collection
        from index.storage.milvus import MilvusStorage, fetch_files
        from index.store import open_build

        s = self.settings
        client = self.client()
        name = target.name
        try:
            load_collections(
                client, [files_collection(name)], s.milvus_load_wait, s.milvus_replicas
            )
            names = fetch_files(client, name, target)
            passages = [name]
            if client.has_collection(sentences_collection(name)):
                passages.append(sentences_collection(name))
        except PolicySearchError:
            raise
        except Exception as error:  # Milvus down or slow: tried again at the next check
            raise StorageUnavailable(
                f"Milvus did not give the files of collection {name}: {describe(error)}"
            ) from error
        # A build this program cannot read is refused before its passages are loaded.
        folder = open_build(target, verify=True, only=frozenset(names))
        # Loaded before the first search: a million passages take minutes to load, which no
        # request may wait for (the watcher serves the collection it had meanwhile).
        load_collections(client, passages, s.milvus_load_wait, s.milvus_replicas)
        storage = MilvusStorage(client, name, target, s.milvus_timeout)
        return Searcher(s.index_dir, s.embedder(), s.threads, storage=storage, folder=folder)


def source_for(settings: Settings) -> LocalSource | MilvusSource:
    return MilvusSource(settings) if settings.backend == "milvus" else LocalSource(settings)
