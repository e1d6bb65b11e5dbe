"""Work that takes CPU runs off the event loop: /healthz and /metrics answer while it runs."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.search import Searcher
from service.app import create_app
from service.settings import Settings
from service.state import IndexHolder

# Only a guard: a request blocked on the event loop would otherwise hang the test for ever.
GUARD_SECONDS = 10


class Gated:
    """The served Searcher, except that the first use of one of its attributes blocks until
    the test opens the gate: a request made as slow as the test wants, with no timing."""

    def __init__(self, searcher: Searcher, name: str) -> None:
        self._searcher = searcher
        self._name = name
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.gave_up = threading.Event()

    def __getattr__(self, name: str) -> object:
        if name == self._name and not self.entered.is_set():
            self.entered.set()
            if not self.gate.wait(GUARD_SECONDS):
                self.gave_up.set()
        return getattr(self._searcher, name)


ROUTES = [
    ("/api/search?q=首席质量官", "search"),
    ("/api/compare?q=首席质量官", "parse"),
    ("/api/ask?q=首席质量官是什么", "search"),
    ("/api/targets", "targets"),
    ("/api/targets.csv?q=食品抽检合格率", "targets"),
    ("/api/documents", "documents"),
    ("/api/documents/chongqing-hechuan-2024", "document"),
    ("/api/passages/{passage_id}?q=质量", "passage"),
]


@pytest.mark.parametrize(("url", "slow_part"), ROUTES)
def test_healthz_and_metrics_answer_while_a_slow_request_runs(
    index_root: Path, searcher: Searcher, url: str, slow_part: str
) -> None:
    gated = Gated(searcher, slow_part)
    settings = Settings(index_dir=index_root, reload_check_seconds=600)
    holder = IndexHolder(settings, open_build=lambda build: gated)  # type: ignore[arg-type,return-value]
    url = url.format(passage_id=searcher.storage.store.passage_id(10))

    with TestClient(create_app(settings, holder)) as client, ThreadPoolExecutor(1) as pool:
        slow = pool.submit(client.get, url)
        assert gated.entered.wait(GUARD_SECONDS), "the slow request never started"

        health = client.get("/healthz")
        scrape = client.get("/metrics")
        answered_while_blocked = not gated.gave_up.is_set()
        gated.gate.set()

        assert slow.result().status_code == 200
    assert health.status_code == 200 and health.json()["index_version"] == searcher.build_id
    assert scrape.status_code == 200
    assert answered_while_blocked, "/healthz waited for the slow request"
