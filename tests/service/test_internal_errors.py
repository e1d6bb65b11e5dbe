"""An unexpected error (a bug) is a JSON 500 with a request id, and its traceback is logged."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.search import Searcher
from service.app import create_app
from service.settings import Settings
from service.state import IndexHolder


class Broken:
    """The served Searcher, with a bug in one of its methods."""

    def __init__(self, searcher: Searcher, name: str) -> None:
        self._searcher = searcher
        self._name = name

    def __getattr__(self, name: str) -> object:
        if name == self._name:
            raise RuntimeError("a bug nobody foresaw")
        return getattr(self._searcher, name)


@pytest.mark.parametrize(
    ("url", "broken"),
    [
        ("/api/search?q=质量", "search"),
        ("/api/targets", "targets"),
        ("/api/documents", "documents"),
    ],
)
def test_an_unexpected_error_is_a_json_500_with_a_request_id_and_a_logged_traceback(
    index_root: Path, searcher: Searcher, caplog, url: str, broken: str
) -> None:
    settings = Settings(index_dir=index_root, reload_check_seconds=600)
    holder = IndexHolder(settings, open_build=lambda build: Broken(searcher, broken))  # type: ignore[arg-type,return-value]

    with TestClient(create_app(settings, holder)) as client, caplog.at_level(logging.ERROR):
        response = client.get(url)

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "request_id"}
    request_id = body["request_id"]
    assert len(request_id) == 16 and response.headers["x-request-id"] == request_id
    assert body["detail"] == (
        "internal error: the service failed to answer this request; "
        f"please report it with request_id {request_id}"
    )
    (record,) = [r for r in caplog.records if request_id in r.getMessage()]
    assert record.getMessage() == f"request_id {request_id}: GET {url.split('?')[0]} failed"
    assert record.exc_info is not None and "a bug nobody foresaw" in str(record.exc_info[1])
