"""GET /healthz: the service is up and says which index it serves; 503 until there is one."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings


def test_healthz_reports_the_five_plans_and_the_served_build(client, searcher) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok"
    assert health["documents"] == 5
    assert health["passages"] == searcher.passage_count
    assert health["embedder"] == searcher.embedder.id
    assert health["index_version"] == searcher.build_id
    assert health["built_at"]
    assert health["skipped"] == []


def test_healthz_passage_count_is_the_sum_over_the_plans(client) -> None:
    plans = client.get("/api/documents").json()["documents"]

    assert client.get("/healthz").json()["passages"] == sum(plan["passages"] for plan in plans)


@pytest.fixture
def client_without_index(tmp_path: Path):
    settings = Settings(index_dir=tmp_path / "index", reload_check_seconds=60)
    with TestClient(create_app(settings)) as test_client:
        yield test_client, settings


@pytest.mark.parametrize("url", ["/healthz", "/api/documents", "/api/search?q=首席质量官"])
def test_without_an_index_the_service_answers_503_saying_how_to_build_one(
    client_without_index, url: str
) -> None:
    test_client, settings = client_without_index

    response = test_client.get(url)

    assert response.status_code == 503
    assert response.json() == {
        "detail": f"no index in {settings.index_dir}; build it with `policy-search index`"
    }
