"""A build's collections are loaded into Milvus's memory before they are searched, and a
load Milvus does not finish in time is reported as loading, never as a hang."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from index.errors import CollectionLoading, IndexCorrupt, StorageUnavailable
from index.milvus.connect import MilvusAddress, connect
from index.milvus.lite import start_lite
from index.milvus.load import is_loaded, load_collections
from index.milvus.publish import publish
from index.milvus.schema import files_collection
from index.store import current_build, open_build


@pytest.fixture
def published(index_root: Path, tmp_path: Path):
    """A Milvus Lite of this test's own holding the session build, its collections released
    from memory (as after a restart of Milvus)."""
    server = start_lite(tmp_path / "lite.db")
    client = connect(MilvusAddress(server.uri, None, 60.0))
    name = publish(client, open_build(current_build(index_root)), "t_load").collection
    for collection in (name, files_collection(name)):
        client.release_collection(collection)
    yield server, name
    if server.process.poll() is None:
        os.kill(server.pid, signal.SIGCONT)
    server.stop()


def test_released_collections_are_loaded_and_loading_them_again_is_free(published) -> None:
    server, name = published
    client = connect(MilvusAddress(server.uri, None, 5.0))
    collections = [files_collection(name), name]
    assert not any(is_loaded(client, c) for c in collections)
    load_collections(client, collections, wait=60.0)
    assert all(is_loaded(client, c) for c in collections)
    before = client.calls
    load_collections(client, collections, wait=60.0)
    assert client.calls - before == 2 * len(collections), "only looked, nothing loaded again"


def test_a_missing_collection_is_named_as_a_build_not_published_whole(published) -> None:
    server, name = published
    client = connect(MilvusAddress(server.uri, None, 5.0))
    with pytest.raises(IndexCorrupt, match=f"no collection {name}_gone"):
        load_collections(client, [name, f"{name}_gone"], wait=5.0)


def test_a_load_milvus_does_not_finish_in_time_is_reported_as_loading(published) -> None:
    server, name = published
    client = connect(MilvusAddress(server.uri, None, 1.0))
    os.kill(server.pid, signal.SIGSTOP)  # answers nothing, as Milvus Lite while it loads
    started = time.monotonic()
    with pytest.raises(CollectionLoading, match=f"has not finished loading collection {name}"):
        load_collections(client, [name], wait=1.0)
    assert time.monotonic() - started < 30, "gave up instead of waiting on"
    os.kill(server.pid, signal.SIGCONT)
    load_collections(client, [name], wait=60.0)
    assert is_loaded(client, name)
    server.stop()  # down: not loading, unavailable
    with pytest.raises(StorageUnavailable) as down:
        load_collections(client, [name], wait=1.0)
    assert not isinstance(down.value, CollectionLoading)
