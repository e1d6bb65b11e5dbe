"""IndexHolder: reloads a new build, keeps the last good one when a build fails, and says so."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.build import build_index
from index.embedders import EmbedderConfig
from index.search import Searcher
from index.store import current_build
from service.app import create_app
from service.settings import Settings
from service.state import IndexHolder


def _settings(root: Path, reload_check_seconds: float = 600) -> Settings:
    return Settings(index_dir=root, reload_check_seconds=reload_check_seconds)


def _build(root: Path, corpus_dir: Path) -> Path:
    return build_index(corpus_dir, root, EmbedderConfig()).folder.path


def _damage(build: Path, name: str = "passages/texts.bin") -> Path:
    path = build / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def _wait_until(condition: Callable[[], object], seconds: float = 60.0) -> None:
    """A guard against hanging, not a timing: the watcher looks every 0.05 s."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting after {seconds} s")
        time.sleep(0.02)


class Opener:
    """Opens builds as the service does, counting the opens; fails the ones it is told to,
    or the next one opened."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.opened: list[str] = []
        self.failures: dict[str, Exception] = {}
        self.fail_next: Exception | None = None

    def __call__(self, build: Path) -> Searcher:
        self.opened.append(build.name)
        failure, self.fail_next = self.fail_next, None
        if failure is not None or build.name in self.failures:
            raise failure or self.failures[build.name]
        return Searcher(self.settings.index_dir, build=build)


@pytest.fixture
def holder(private_index: Path) -> Iterator[tuple[IndexHolder, Opener, list[Searcher]]]:
    settings = _settings(private_index)
    opener = Opener(settings)
    loaded: list[Searcher] = []
    holder = IndexHolder(settings, on_load=loaded.append, open_build=opener)
    holder.load()
    yield holder, opener, loaded
    holder.stop()


def test_a_new_build_is_loaded_and_swapped_in_whole(holder, private_index, corpus_dir) -> None:
    index, _, loaded = holder
    first = index.get()

    new = _build(private_index, corpus_dir)
    index.load()

    assert index.get().build_id == new.name != first.build_id
    assert [s.build_id for s in loaded] == [first.build_id, new.name]
    assert index.problem is None


def test_a_failed_reload_keeps_the_served_build_and_says_why(
    holder, private_index, corpus_dir
) -> None:
    index, _, _ = holder
    served = index.get().build_id
    broken = _build(private_index, corpus_dir)
    damaged = _damage(broken)

    index.load()

    assert index.get().build_id == served
    assert index.problem == (
        f"build {broken.name} was not loaded: index file {damaged} failed its checksum "
        "(altered or corrupted since it was written); rebuild with `policy-search index`; "
        f"still serving build {served}"
    )
    good = _build(private_index, corpus_dir)
    index.load()
    assert index.get().build_id == good.name
    assert index.problem is None


@pytest.mark.parametrize(
    "error",
    [OSError(24, "Too many open files"), MemoryError(), KeyError("sha256"), RuntimeError("a bug")],
)
def test_any_error_while_loading_keeps_the_served_build_and_is_reported(
    holder, private_index, corpus_dir, error: Exception
) -> None:
    index, opener, _ = holder
    served = index.get().build_id
    failing = _build(private_index, corpus_dir)
    opener.failures[failing.name] = error

    index.load()

    assert index.get().build_id == served
    assert index.problem is not None
    assert index.problem.startswith(f"build {failing.name} was not loaded: {type(error).__name__}")


def test_a_refused_build_is_not_read_again_until_current_changes(
    holder, private_index, corpus_dir
) -> None:
    index, opener, _ = holder
    broken = _build(private_index, corpus_dir)
    _damage(broken)

    for _ in range(5):
        index.load()

    assert opener.opened.count(broken.name) == 1
    good = _build(private_index, corpus_dir)
    index.load()
    assert opener.opened[-1] == good.name
    assert index.get().build_id == good.name


def test_the_build_served_is_the_one_opened_even_if_current_moves_meanwhile(
    private_index: Path, corpus_dir: Path
) -> None:
    settings = _settings(private_index)
    newer: list[Path] = []

    def open_while_a_build_lands(build: Path) -> Searcher:
        if not newer:
            newer.append(_build(private_index, corpus_dir))  # `current` moves on
        return Searcher(private_index, build=build)

    index = IndexHolder(settings, open_build=open_while_a_build_lands)
    first = current_build(private_index)
    index.load()

    assert first is not None and index.get().build_id == first.name
    index.load()
    assert index.get().build_id == newer[0].name


def test_a_replaced_build_is_collected_even_if_its_objects_form_cycles(
    private_index: Path, corpus_dir: Path
) -> None:
    # gc.freeze() after every load kept the cycles of every replaced build for ever (a
    # sentence-transformers model is full of them); here a build refers to itself.
    settings = _settings(private_index)

    def open_cyclic(build: Path) -> Searcher:
        searcher = Searcher(private_index, build=build)
        searcher.itself = searcher  # type: ignore[attr-defined]
        return searcher

    index = IndexHolder(settings, open_build=open_cyclic)
    index.load()
    old = weakref.ref(index.get())

    _build(private_index, corpus_dir)
    index.load()
    gc.collect()

    assert old() is None


def test_the_watcher_survives_any_error_and_loads_the_next_good_build(
    private_index: Path, corpus_dir: Path
) -> None:
    settings = _settings(private_index, reload_check_seconds=0.05)
    opener = Opener(settings)
    index = IndexHolder(settings, open_build=opener)
    index.start()
    try:
        opener.fail_next = RuntimeError("a bug")
        failing = _build(private_index, corpus_dir)
        _wait_until(lambda: failing.name in opener.opened)
        assert index.problem is not None and "RuntimeError: a bug" in index.problem

        good = _build(private_index, corpus_dir)

        _wait_until(lambda: index.get().build_id == good.name)
        assert index.problem is None
    finally:
        index.stop()


def test_stop_ends_the_watcher(private_index: Path) -> None:
    before = set(threading.enumerate())
    index = IndexHolder(_settings(private_index, reload_check_seconds=0.05))
    index.start()
    (watcher,) = [t for t in threading.enumerate() if t not in before]
    assert watcher.name == "index-watcher" and watcher.is_alive()

    index.stop()

    assert not watcher.is_alive()


def test_healthz_says_degraded_while_a_newer_build_is_refused_then_ok(
    private_index: Path, corpus_dir: Path
) -> None:
    settings = _settings(private_index)
    index = IndexHolder(settings)
    with TestClient(create_app(settings, index)) as client:
        served = client.get("/healthz").json()["index_version"]
        broken = _build(private_index, corpus_dir)
        damaged = _damage(broken, "vectors.npy")
        index.load()

        health = client.get("/healthz").json()
        assert health["status"] == "degraded"
        assert health["index_version"] == served
        assert health["reason"].startswith(
            f"build {broken.name} was not loaded: index file {damaged} failed its checksum"
        )
        assert client.get("/api/search", params={"q": "首席质量官"}).status_code == 200

        good = _build(private_index, corpus_dir)
        index.load()

        health = client.get("/healthz").json()
        assert (health["status"], health["reason"]) == ("ok", None)
        assert health["index_version"] == good.name


def test_after_a_damaged_manifest_the_next_good_build_is_served_and_healthz_said_so(
    private_index: Path, corpus_dir: Path, land_damaged_build
) -> None:
    # A damaged key in a new build's manifest raised KeyError, which ended the watcher:
    # /healthz kept saying ok and no build was ever loaded again.
    settings = _settings(private_index, reload_check_seconds=0.05)
    with TestClient(create_app(settings)) as client:
        served = client.get("/healthz").json()["index_version"]

        def damage_a_key(build: Path) -> None:
            manifest = build / "manifest.json"
            manifest.write_text(manifest.read_text("utf-8").replace('"sha256"', '"sha25X"', 1))

        broken = land_damaged_build(private_index, damage_a_key)
        manifest = broken / "manifest.json"

        _wait_until(lambda: client.get("/healthz").json()["status"] != "ok")
        health = client.get("/healthz").json()
        assert health["status"] == "degraded"
        assert health["index_version"] == served
        assert health["reason"].startswith(f"build {broken.name} was not loaded: {manifest}")

        good = _build(private_index, corpus_dir)

        _wait_until(lambda: client.get("/healthz").json()["index_version"] == good.name)
        assert client.get("/healthz").json()["status"] == "ok"


def test_a_file_of_the_served_build_altered_on_disk_is_reported(
    holder, private_index: Path
) -> None:
    # The build was checked when it was loaded; large files are memory-mapped, so a damage
    # on disk can reach the answers. /healthz must not keep saying ok.
    index, _, _ = holder
    served = index.get()
    damaged = _damage(served.folder.path, "passages/texts.bin")

    index.load()

    assert index.problem == (
        f"files of the build being served ({served.build_id}) changed on disk since it was "
        "loaded: passages/texts.bin; rebuild with `policy-search index`"
    )
    assert damaged.exists() and index.get() is served
