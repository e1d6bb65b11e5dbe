"""POLICY_SEARCH_MAX_QUERY_CHARS governs every route that takes `q`, and the OpenAPI text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings

LIMIT = 12


@pytest.fixture(scope="module")
def limited(index_root: Path) -> Iterator[TestClient]:
    settings = Settings(index_dir=index_root, max_query_chars=LIMIT, reload_check_seconds=600)
    with TestClient(create_app(settings)) as client:
        yield client


def _routes(client: TestClient) -> list[str]:
    passage_id = client.get("/api/search", params={"q": "首席质量官"}).json()["results"][0]
    return [
        "/api/search",
        "/api/compare",
        "/api/ask",
        "/api/targets",
        "/api/targets.csv",
        f"/api/passages/{passage_id['passage_id']}",
    ]


def test_every_route_refuses_a_query_over_the_limit_saying_the_limit(limited) -> None:
    for route in _routes(limited):
        response = limited.get(route, params={"q": "质" * (LIMIT + 1)})

        assert response.status_code == 422, route
        assert response.json() == {
            "detail": f"q has {LIMIT + 1} characters; shorten it to at most {LIMIT}"
        }, route


def test_every_route_answers_a_query_at_the_limit(limited) -> None:
    for route in _routes(limited):
        assert limited.get(route, params={"q": "质" * LIMIT}).status_code == 200, route


def test_the_api_reference_gives_the_limit_in_force_for_every_q(limited) -> None:
    schema = limited.get("/openapi.json").json()
    described = {
        path: parameter
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "q"
    }

    assert set(described) == {
        "/api/search",
        "/api/compare",
        "/api/ask",
        "/api/targets",
        "/api/targets.csv",
        "/api/passages/{passage_id}",
    }
    for path, parameter in described.items():
        assert parameter["schema"]["maxLength"] == LIMIT, path
        assert parameter["description"].endswith(f"at most {LIMIT} characters"), path
        assert "200" not in parameter["description"], path
