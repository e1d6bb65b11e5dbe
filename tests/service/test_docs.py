"""/docs and /redoc in a real headless Chromium: the API reference renders with nothing fetched
from outside the machine (Swagger UI and ReDoc used to load from a CDN: blank offline)."""

from __future__ import annotations

import urllib.parse

import pytest

pytestmark = pytest.mark.browser

OPERATIONS = [
    ("GET", "/api/search"),
    ("GET", "/api/compare"),
    ("GET", "/api/ask"),
    ("GET", "/api/targets"),
    ("GET", "/api/targets.csv"),
    ("GET", "/api/documents"),
    ("GET", "/api/documents/{doc_id}"),
    ("GET", "/api/passages/{passage_id}"),
    ("GET", "/healthz"),
    # managing plans (issue 15)
    ("POST", "/api/documents"),
    ("DELETE", "/api/documents/{doc_id}"),
    ("GET", "/api/documents/{doc_id}/passages"),
    ("GET", "/api/builds/current"),
]


def _outside(urls: list[str], server: str) -> list[str]:
    origin = urllib.parse.urlsplit(server)
    return [
        url
        for url in urls
        if urllib.parse.urlsplit(url).scheme not in ("data", "blob", "about")
        and urllib.parse.urlsplit(url)[:2] != origin[:2]
    ]


def test_docs_lists_every_operation_with_nothing_fetched_from_outside(ui, server: str) -> None:
    ui.sent_urls()  # forget the pages before

    ui.open("/docs")
    blocks = ui.visible(".opblock")
    shown = [
        (
            block.find_element("css selector", ".opblock-summary-method").text,
            block.find_element("css selector", ".opblock-summary-path").text.replace("\u200b", ""),
        )
        for block in blocks
    ]

    assert sorted(shown) == sorted(OPERATIONS)
    assert ui.driver.title == "policy-search - Swagger UI"
    requested = ui.sent_urls()
    assert f"{server}/openapi.json" in requested
    assert _outside(requested, server) == []


def test_redoc_shows_the_operations_with_nothing_fetched_from_outside(ui, server: str) -> None:
    ui.sent_urls()

    ui.open("/redoc")
    ui.visible("[data-role='redoc-summary'], .menu-content li")
    ui.wait(
        lambda driver: all(
            path in driver.execute_script("return document.body.innerText")
            for _, path in OPERATIONS
        ),
        "ReDoc never showed every operation",
    )

    requested = ui.sent_urls()
    assert f"{server}/openapi.json" in requested
    assert _outside(requested, server) == []
