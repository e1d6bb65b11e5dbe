"""CORS: the origins in the settings may call the API from a browser; others may not."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings

PORTAL = "http://portal.example.gov.cn"
OTHER = "http://elsewhere.example.com"
PREFLIGHT = {"Access-Control-Request-Method": "GET"}


def test_with_no_origin_configured_no_portal_may_call(
    index_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POLICY_SEARCH_CORS_ORIGINS", raising=False)
    app = create_app(Settings(corpus=Path("corpus"), index_dir=index_root))
    with TestClient(app) as client:
        response = client.get("/api/documents", headers={"Origin": PORTAL})
        preflight = client.options("/api/search", headers={"Origin": PORTAL, **PREFLIGHT})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-origin" not in preflight.headers


@pytest.mark.parametrize("url", ["/api/search?q=首席质量官", "/api/documents", "/healthz"])
def test_allowed_origin_is_echoed(client, url: str) -> None:
    response = client.get(url, headers={"Origin": PORTAL})

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert "Origin" in response.headers["vary"]
    assert "access-control-allow-credentials" not in response.headers


@pytest.mark.parametrize(
    "origin",
    [OTHER, "http://portal.example.gov.cn.evil.com", "https://portal.example.gov.cn", "null"],
)
def test_other_origins_get_no_allow_origin(client, origin: str) -> None:
    response = client.get("/api/search", params={"q": "首席质量官"}, headers={"Origin": origin})

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_preflight_from_the_portal_allows_get(client) -> None:
    response = client.options("/api/search", headers={"Origin": PORTAL, **PREFLIGHT})

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert "GET" in response.headers["access-control-allow-methods"]
    assert response.headers["access-control-max-age"] == "600"


def test_preflight_from_another_origin_is_refused(client) -> None:
    response = client.options("/api/search", headers={"Origin": OTHER, **PREFLIGHT})

    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_preflight_for_a_write_method_is_refused(client) -> None:
    response = client.options(
        "/api/search", headers={"Origin": PORTAL, "Access-Control-Request-Method": "DELETE"}
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/search?q=", 422),
        ("/api/search?q=质量&region=火星", 422),
        ("/api/documents/nope", 404),
        ("/api/passages/nope", 404),
    ],
)
def test_error_responses_reach_the_portal_too(client, url: str, status: int) -> None:
    # Without the header a browser hides the status and the message from the page.
    response = client.get(url, headers={"Origin": PORTAL})

    assert response.status_code == status
    assert response.headers["access-control-allow-origin"] == PORTAL


def test_oversized_body_refusal_reaches_the_portal_too(client) -> None:
    response = client.request(
        "POST",
        "/api/search",
        params={"q": "质量"},
        content=b"x" * (16 * 1024 + 1),
        headers={"Origin": PORTAL},
    )

    assert response.status_code == 413
    assert response.headers.get("access-control-allow-origin") == PORTAL


# Apps that never load an index: CORS headers do not depend on one (the answers are 503).
def _client(tmp_path: Path, **cors) -> TestClient:
    cors.setdefault("cors_origins", [])
    return TestClient(create_app(Settings(index_dir=tmp_path / "index", **cors)))


def test_without_configured_origins_no_origin_is_allowed(tmp_path: Path) -> None:
    with _client(tmp_path) as test_client:
        response = test_client.get("/healthz", headers={"Origin": PORTAL})
        preflight = test_client.options("/api/search", headers={"Origin": PORTAL, **PREFLIGHT})

    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-origin" not in preflight.headers


def test_origins_come_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("POLICY_SEARCH_CORS_ORIGINS", f" {PORTAL} , http://intranet.gov.cn ")

    with TestClient(create_app(Settings(index_dir=tmp_path / "index"))) as test_client:
        intranet = test_client.get("/healthz", headers={"Origin": "http://intranet.gov.cn"})
        other = test_client.get("/healthz", headers={"Origin": OTHER})

    assert intranet.headers["access-control-allow-origin"] == "http://intranet.gov.cn"
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("origins", [["*"], ["*", PORTAL]])
def test_wildcard_with_credentials_is_refused_at_startup(origins: list[str]) -> None:
    from pydantic import ValidationError

    from service.settings import Settings

    with pytest.raises(ValidationError, match="cannot be combined with"):
        Settings(cors_origins=origins, cors_allow_credentials=True)


def test_wildcard_without_credentials_allows_everyone(tmp_path: Path) -> None:
    with _client(tmp_path, cors_origins=["*"]) as test_client:
        response = test_client.get("/healthz", headers={"Origin": OTHER})

    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
