"""Two workers switch to a new build together: under load, no client sees a build go back."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from service.swap import Swap
from tests.support.server import running_server

REPO = Path(__file__).resolve().parents[2]
# Bounds of the load, so that it always stops by itself.
MAX_REQUESTS_PER_CLIENT = 20_000
GIVE_UP_SECONDS = 240


@dataclass(frozen=True)
class Seen:
    sent: float  # time.time() before the request was sent
    received: float  # time.time() once the answer was read
    connection: str
    worker: int
    version: str


class Load:
    """Clients on loopback: some keep one connection, some open one per request; every other
    request is a search, the rest /healthz, whose answers say which worker served which build."""

    def __init__(self, url: str, keep_alive: int = 4, fresh: int = 2) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.seen: list[Seen] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._client, args=(f"keep-{n}", True))
            for n in range(keep_alive)
        ] + [
            threading.Thread(target=self._client, args=(f"fresh-{n}", False)) for n in range(fresh)
        ]

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _client(self, name: str, keep_alive: bool) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        for number in range(MAX_REQUESTS_PER_CLIENT):
            if self._stop.is_set():
                break
            if not keep_alive:
                connection.close()
                connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            label = name if keep_alive else f"{name}-{number}"
            try:
                self._get(connection, "/api/search?q=" + urllib.parse.quote("首席质量官制度"))
                sent = time.time()
                health = json.loads(self._get(connection, "/healthz"))
                received = time.time()
            except (OSError, http.client.HTTPException, ValueError) as error:
                self.errors.append(f"{label}: {error!r}")
                break
            self.seen.append(Seen(sent, received, label, health["worker"], health["index_version"]))
        connection.close()

    @staticmethod
    def _get(connection: http.client.HTTPConnection, path: str) -> bytes:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise ValueError(f"{path} answered {response.status}: {body[:200]!r}")
        return body

    def workers_serving(self, version: str) -> set[int]:
        return {seen.worker for seen in list(self.seen) if seen.version == version}

    def wait_until(self, condition, what: str) -> None:  # type: ignore[no-untyped-def]
        """A guard against hanging (the load is bounded), not a timing."""
        deadline = time.monotonic() + GIVE_UP_SECONDS
        while not condition():
            assert not self.errors, self.errors[:3]
            assert time.monotonic() < deadline, f"gave up waiting until {what}"
            time.sleep(0.05)


def _rebuild(index_root: Path, corpus: Path) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("POLICY_SEARCH_") or k == "POLICY_SEARCH_MODEL"  # the built-in LSA
    }
    env |= {"POLICY_SEARCH_INDEX_DIR": str(index_root), "POLICY_SEARCH_CORPUS": str(corpus)}
    built = subprocess.run(
        [sys.executable, "-m", "service.cli", "index"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=GIVE_UP_SECONDS,
    )
    assert built.returncode == 0, built.stderr
    return (index_root / "current").resolve().name


def test_with_two_workers_under_load_no_client_sees_an_older_build_after_a_newer_one(
    private_index: Path, corpus_dir: Path
) -> None:
    old = (private_index / "current").resolve().name
    with running_server(private_index, workers=2) as server, Load(server.url) as load:
        load.wait_until(lambda: len(load.workers_serving(old)) == 2, "both workers served")
        new = _rebuild(private_index, corpus_dir)
        load.wait_until(lambda: len(load.workers_serving(new)) == 2, "both switched")
        switched = len(load.seen)
        load.wait_until(lambda: len(load.seen) > switched + 200, "more answers came")

    assert not load.errors, load.errors[:3]
    seen = load.seen
    assert {s.version for s in seen} == {old, new}
    assert len({s.worker for s in seen}) == 2
    # Within one connection, the build never goes back.
    for connection in {s.connection for s in seen}:
        versions = [s.version for s in seen if s.connection == connection]
        assert versions == sorted(versions, key=lambda v: v == new), connection
    # Across all connections and both workers: once any answer with the new build has
    # arrived, every request sent afterwards gets the new build.
    first_new_received = min(s.received for s in seen if s.version == new)
    late_old = [s for s in seen if s.version == old and s.sent > first_new_received]
    assert late_old == []


def test_the_last_worker_to_be_ready_announces_one_time_for_all(tmp_path: Path) -> None:
    first, second = Swap(tmp_path, pid=os.getpid()), Swap(tmp_path, pid=os.getppid())
    first.join()
    second.join()

    first.done("20260101T000000000-aaaaaa", "loaded")
    assert first.switch_time("20260101T000000000-aaaaaa") is None  # the other still loads

    second.done("20260101T000000000-aaaaaa", "loaded")
    at = second.switch_time("20260101T000000000-aaaaaa")

    assert at is not None and at > time.time()
    assert first.switch_time("20260101T000000000-aaaaaa") == at


def test_a_worker_that_died_is_not_waited_for(tmp_path: Path) -> None:
    alive, gone = Swap(tmp_path, pid=os.getpid()), Swap(tmp_path, pid=2**22 + 12345)
    alive.join()
    gone.join()

    alive.done("20260101T000000000-bbbbbb", "loaded")

    assert alive.switch_time("20260101T000000000-bbbbbb") is not None
