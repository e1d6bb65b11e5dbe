"""GET /metrics: Prometheus text with requests by route, latency and the size of the index."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families


def _samples(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics by (name, sorted labels)."""
    response = client.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _requests(samples, route: str, status: str, method: str = "GET") -> float:
    labels = tuple(sorted({"route": route, "method": method, "status": status}.items()))
    return samples.get(("policy_search_requests_total", labels), 0.0)


def _latency_count(samples, route: str) -> float:
    return samples.get(("policy_search_request_seconds_count", (("route", route),)), 0.0)


def test_metrics_is_prometheus_text(client) -> None:
    response = client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    families = {
        family.name: family.type for family in text_string_to_metric_families(response.text)
    }
    assert families["policy_search_requests"] == "counter"
    assert families["policy_search_request_seconds"] == "histogram"
    for gauge in (
        "policy_search_index_documents",
        "policy_search_index_passages",
        "policy_search_index_bytes",
    ):
        assert families[gauge] == "gauge"


def test_requests_are_counted_by_route_method_and_status(client) -> None:
    before = _samples(client)

    client.get("/api/search", params={"q": "首席质量官"})
    client.get("/api/search", params={"q": "首席质量官"})
    client.get("/api/search", params={"q": " "})
    client.get("/api/ask", params={"q": "首席质量官"})

    after = _samples(client)
    assert _requests(after, "/api/search", "200") - _requests(before, "/api/search", "200") == 2
    assert _requests(after, "/api/search", "422") - _requests(before, "/api/search", "422") == 1
    assert _requests(after, "/api/ask", "200") - _requests(before, "/api/ask", "200") == 1


def test_path_parameters_are_counted_under_the_route_template(client) -> None:
    # One series per route, not per id: unknown ids cannot grow the label set.
    before = _samples(client)

    client.get("/api/documents/nope-1")
    client.get("/api/documents/nope-2")
    client.get("/api/documents/chongqing-hechuan-2024")

    after = _samples(client)
    route = "/api/documents/{doc_id}"
    assert _requests(after, route, "404") - _requests(before, route, "404") == 2
    assert _requests(after, route, "200") - _requests(before, route, "200") == 1
    assert not any("nope" in value for _, labels in after for _, value in labels)


def test_unknown_paths_share_one_series(client) -> None:
    before = _samples(client)

    client.get("/no/such/page-1")
    client.get("/no/such/page-2")

    after = _samples(client)
    assert _requests(after, "unmatched", "404") - _requests(before, "unmatched", "404") == 2
    assert not any("page-" in value for _, labels in after for _, value in labels)


def test_latency_is_observed_per_route(client) -> None:
    before = _samples(client)

    client.get("/api/compare", params={"q": "首席质量官"})

    after = _samples(client)
    assert _latency_count(after, "/api/compare") - _latency_count(before, "/api/compare") == 1
    buckets = [
        labels
        for name, labels in after
        if name == "policy_search_request_seconds_bucket" and ("route", "/api/compare") in labels
    ]
    assert ("le", "+Inf") in {label for labels in buckets for label in labels}


def test_index_gauges_give_the_size_of_the_served_index(client, index_root: Path) -> None:
    health = client.get("/healthz").json()
    build = (index_root / "current").resolve()
    files = [p for p in build.rglob("*") if p.is_file() and not p.name.startswith("manifest.")]

    samples = _samples(client)

    assert samples[("policy_search_index_documents", ())] == health["documents"] == 5
    assert samples[("policy_search_index_passages", ())] == health["passages"]
    assert samples[("policy_search_index_bytes", ())] == sum(path.stat().st_size for path in files)


def test_with_two_workers_every_scrape_counts_the_requests_of_both(index_root: Path) -> None:
    # Each worker is its own process; the counts meet in a shared folder, so whichever
    # worker answers /metrics reports every request, those the other worker served too.
    from tests.support.server import running_server

    requests, clients = 120, 6

    def fetch(_: int) -> tuple[int, int]:
        with httpx.Client(base_url=server.url) as fresh:  # a new connection each time
            status = fresh.get("/api/documents").status_code
            return status, fresh.get("/healthz").json()["worker"]  # the same connection's

    with running_server(index_root, workers=2) as server:
        with ThreadPoolExecutor(clients) as pool:
            answers = list(pool.map(fetch, range(requests)))
        assert {status for status, _ in answers} == {200}
        assert len({worker for _, worker in answers}) == 2, "one worker served every request"
        for _ in range(12):
            with httpx.Client(base_url=server.url) as fresh:
                text = fresh.get("/metrics").text
            samples = {
                (sample.name, tuple(sorted(sample.labels.items()))): sample.value
                for family in text_string_to_metric_families(text)
                for sample in family.samples
            }
            assert _requests(samples, "/api/documents", "200") == requests
            assert samples[("policy_search_index_documents", ())] == 5
