"""Serving from Milvus: stateless replicas follow the alias without a restart, /healthz names
the collection served, and a Milvus that is down or slow gives a 503 that says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from index.build import build_index
from index.embedders import EmbedderConfig
from index.milvus.lite import start_lite
from index.store import current_build
from service.app import create_app
from service.loopback import free_port
from tests.conftest import CORPUS, settings_for_milvus

REPO = Path(__file__).resolve().parents[2]
GIVE_UP_SECONDS = 120  # a guard against hanging, not a timing


def _until(check, what: str) -> None:
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def _collection(port: int) -> str | None:
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
    except httpx.HTTPError:
        return None
    return answer.json().get("collection") if answer.status_code == 200 else None


def _serve(settings, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_SEARCH_")}
    env |= {
        "POLICY_SEARCH_MODEL": "builtin",
        "POLICY_SEARCH_BACKEND": "milvus",
        "POLICY_SEARCH_INDEX_DIR": str(settings.index_dir),
        "POLICY_SEARCH_CORPUS": str(CORPUS),
        "POLICY_SEARCH_MILVUS_URI": settings.milvus_uri,
        "POLICY_SEARCH_MILVUS_PREFIX": settings.milvus_prefix,
        "POLICY_SEARCH_RELOAD_CHECK_SECONDS": "0.3",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_two_servers_on_one_milvus_both_serve_the_new_build_after_the_alias_moves(
    milvus_lite, publish_to, private_index: Path, tmp_path: Path
) -> None:
    first = publish_to(settings_for_milvus(milvus_lite.uri, tmp_path), current_build(private_index))
    prefix = settings_for_milvus(milvus_lite.uri, tmp_path).milvus_prefix
    replicas = [  # each with its own cache folder, both reading one alias
        settings_for_milvus(milvus_lite.uri, tmp_path / f"r{i}").model_copy(
            update={"milvus_prefix": prefix}
        )
        for i in (1, 2)
    ]
    ports = [free_port(), free_port()]
    servers = [_serve(r, p) for r, p in zip(replicas, ports, strict=True)]
    try:
        for port in ports:
            _until(lambda port=port: _collection(port) == first.collection, "the first build")
        second = publish_to(
            replicas[0], build_index(CORPUS, private_index, EmbedderConfig()).folder.path
        )
        assert second.collection != first.collection
        for port in ports:
            _until(lambda port=port: _collection(port) == second.collection, "the new build")
            found = httpx.get(
                f"http://127.0.0.1:{port}/api/search", params={"q": "食品安全"}, timeout=30
            )
            assert found.status_code == 200 and found.json()["results"]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def test_a_milvus_that_is_not_there_gives_a_503_naming_it(tmp_path: Path) -> None:
    settings = settings_for_milvus(f"http://127.0.0.1:{free_port()}", tmp_path)
    with TestClient(create_app(settings)) as client:
        for path in ("/api/search?q=食品安全", "/healthz"):
            answer = client.get(path)
            assert answer.status_code == 503
            assert "Milvus at http://127.0.0.1:" in answer.json()["detail"]
            assert "not reachable" in answer.json()["detail"]


@pytest.fixture
def own_milvus(tmp_path: Path) -> Iterator[object]:
    """A Milvus Lite of this test's own, to pause and stop."""
    server = start_lite(tmp_path / "own" / "lite.db")
    yield server
    if server.process.poll() is None:
        os.kill(server.pid, signal.SIGCONT)
    server.stop()


def test_a_slow_or_stopped_milvus_gives_a_503_with_the_reason_and_never_hangs(
    own_milvus, publish_to, index_root: Path, tmp_path: Path
) -> None:
    settings = settings_for_milvus(own_milvus.uri, tmp_path).model_copy(
        update={"milvus_timeout": 1.0}
    )
    from index.milvus.connect import MilvusAddress, connect
    from index.milvus.publish import publish
    from index.store import open_build

    publish(
        connect(MilvusAddress(own_milvus.uri, None, 60.0)),
        open_build(current_build(index_root)),
        settings.milvus_prefix,
    )
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/search", params={"q": "食品安全"}).status_code == 200
        os.kill(own_milvus.pid, signal.SIGSTOP)  # slow: it answers nothing
        answer = client.get("/api/search", params={"q": "质量基础设施"})
        assert answer.status_code == 503
        assert "Milvus did not" in answer.json()["detail"]
        assert "within 1 s" in answer.json()["detail"]
        os.kill(own_milvus.pid, signal.SIGCONT)
        assert client.get("/api/search", params={"q": "质量基础设施"}).status_code == 200
        own_milvus.stop()  # down
        answer = client.get("/api/search", params={"q": "标准化"})
        assert answer.status_code == 503
        assert "Milvus" in answer.json()["detail"]


def test_serve_publishes_its_build_when_the_collection_there_is_one_it_cannot_read(
    milvus_settings,
    publish_to,
    index_root: Path,
    model_index_root: Path,
    model_folder: Path,
    tmp_path: Path,
    capsys,
) -> None:
    """A collection of another embedder (or of building code before an upgrade) under the
    alias: `serve` on a machine with the corpus publishes its own build instead of serving
    nothing; a collection it can read is served as it is."""
    import shutil

    from index.milvus.alias import current_collection
    from index.milvus.connect import MilvusAddress, connect
    from service.cli_milvus import prepare_milvus

    mine = tmp_path / "model_index"
    shutil.copytree(model_index_root, mine, symlinks=True)
    settings = milvus_settings.model_copy(update={"index_dir": mine, "model": str(model_folder)})
    other = publish_to(settings, current_build(index_root)).collection  # the built-in LSA's
    prepare_milvus(settings, CORPUS, rebuild=False)
    said = capsys.readouterr().out
    assert f"publishing a new build instead of {other}" in said
    assert "built with the built-in embedder" in said
    client = connect(MilvusAddress(settings.milvus_uri, None, 30.0))
    ours = current_collection(client, settings.milvus_prefix)
    assert ours is not None and ours != other
    assert ours.endswith(current_build(mine).name.replace("-", "_"))
    prepare_milvus(settings, CORPUS, rebuild=False)
    assert f"serving Milvus collection {ours}" in capsys.readouterr().out
    assert current_collection(client, settings.milvus_prefix) == ours


def _engines_of(db_file: Path) -> list[int]:
    """Process ids of Milvus Lite engines holding this database file."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(db_file.resolve()).encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def test_serve_on_a_lite_file_shares_one_engine_between_workers_and_stops_it_on_exit(
    private_index: Path, tmp_path: Path
) -> None:
    """A Milvus Lite file may be opened by one process only: `serve --workers 2` starts its
    engine once and both workers reach it; when the server is stopped, so is the engine."""
    db_file = tmp_path / "lite" / "search.db"
    settings = settings_for_milvus(str(db_file), tmp_path).model_copy(
        update={"index_dir": private_index}
    )
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_SEARCH_")}
    env |= {
        "POLICY_SEARCH_MODEL": "builtin",
        "POLICY_SEARCH_BACKEND": "milvus",
        "POLICY_SEARCH_INDEX_DIR": str(private_index),
        "POLICY_SEARCH_CORPUS": str(CORPUS),
        "POLICY_SEARCH_MILVUS_URI": str(db_file),
        "POLICY_SEARCH_MILVUS_PREFIX": settings.milvus_prefix,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _until(lambda: _collection(port) is not None, "the server")
        workers = set()
        for _ in range(40):
            found = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "食品安全"})
            assert found.status_code == 200 and found.json()["results"]
            workers.add(httpx.get(f"http://127.0.0.1:{port}/healthz").json()["worker"])
        assert len(workers) == 2, "both workers answered"
        assert len(_engines_of(db_file)) == 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    _until(lambda: not _engines_of(db_file), "the engine to stop")


def _release(client, collection: str) -> None:
    """Make Milvus drop a build's collections from memory, as after a restart."""
    from index.milvus.schema import collections_of

    for name in collections_of(client, collection):
        client.release_collection(name)


@pytest.fixture
def slow_load(monkeypatch):
    """hold(): from then on Milvus loads a collection into memory only once the test sets
    the event hold() returns; until then each load gives up after its timeout as pymilvus
    does on a cluster."""
    import threading

    from pymilvus import MilvusException

    from index.milvus.connect import BoundedClient

    loaded = threading.Event()

    def load_collection(self, collection: str, **kwargs):
        if not loaded.wait(kwargs.get("timeout")):
            raise MilvusException(
                message=f"wait for loading collection timeout, collection: {collection}"
            )
        return self.client.load_collection(collection, **kwargs)

    def hold() -> threading.Event:
        monkeypatch.setattr(BoundedClient, "load_collection", load_collection, raising=False)
        return loaded

    return hold


def test_a_replica_serves_a_collection_only_once_milvus_has_loaded_it(
    milvus_lite, publish_to, index_root: Path, private_index: Path, tmp_path: Path, slow_load
) -> None:
    """Loading a million passages into Milvus's memory takes minutes, longer than any
    request may wait: the replica loads each new collection itself and, until it is loaded,
    says so on /healthz — with a 503 when it has nothing else, while still serving the
    collection it had when the alias moves on."""
    from index.milvus.alias import switch_alias
    from index.milvus.connect import MilvusAddress, connect

    client = connect(MilvusAddress(milvus_lite.uri, None, 60.0))
    settings = settings_for_milvus(milvus_lite.uri, tmp_path).model_copy(
        update={"milvus_load_wait": 0.5}
    )
    first = publish_to(settings, current_build(index_root)).collection
    elsewhere = settings_for_milvus(milvus_lite.uri, tmp_path / "elsewhere")
    second = publish_to(
        elsewhere, build_index(CORPUS, private_index, EmbedderConfig()).folder.path
    ).collection
    _release(client, first)
    _release(client, second)
    loaded = slow_load()

    def health(http: TestClient) -> tuple[int, dict]:
        answer = http.get("/healthz")
        return answer.status_code, answer.json()

    with TestClient(create_app(settings)) as http:
        status, body = health(http)
        assert status == 503
        assert f"loading build {first}" in body["detail"]
        assert "has not finished loading" in body["detail"]
        search = http.get("/api/search", params={"q": "食品安全"})
        assert search.status_code == 503 and f"loading build {first}" in search.json()["detail"]

        loaded.set()
        _until(lambda: health(http)[0] == 200, "the first collection to be served")
        assert health(http)[1]["collection"] == first
        assert health(http)[1]["loading"] is None

        loaded.clear()
        switch_alias(client, settings.milvus_prefix, second)
        _until(lambda: second in (health(http)[1]["loading"] or ""), "the new collection")
        for _ in range(3):  # several checks of the watcher: it keeps serving the first
            status, body = health(http)
            assert status == 200 and body["status"] == "ok"
            assert body["collection"] == first and second in body["loading"]
            found = http.get("/api/search", params={"q": "食品安全"})
            assert found.status_code == 200 and found.json()["results"]
            time.sleep(0.5)

        loaded.set()
        _until(lambda: health(http)[1]["collection"] == second, "the new collection served")
        assert health(http)[1]["loading"] is None
        assert http.get("/api/search", params={"q": "食品安全"}).json()["results"]


def test_serve_on_a_collection_milvus_is_still_loading_serves_it_instead_of_publishing(
    milvus_settings, publish_to, index_root: Path, slow_load, capsys
) -> None:
    from index.milvus.alias import current_collection
    from index.milvus.connect import MilvusAddress, connect
    from service.cli_milvus import prepare_milvus

    client = connect(MilvusAddress(milvus_settings.milvus_uri, None, 60.0))
    published = publish_to(milvus_settings, current_build(index_root)).collection
    _release(client, published)
    slow_load()
    settings = milvus_settings.model_copy(update={"milvus_load_wait": 0.5})
    prepare_milvus(settings, CORPUS, rebuild=False)
    said = capsys.readouterr().out
    assert f"Milvus is still loading collection {published}" in said
    assert f"serving Milvus collection {published}" in said
    assert current_collection(client, settings.milvus_prefix) == published
