"""Prometheus metrics: requests, latency by route, and the size of the index being served.

With several worker processes (`policy-search serve --workers 2`) each worker counts into
files of one shared folder (prometheus_client's multiprocess mode), so a scrape answered
by any worker reports the requests of all of them.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from service.asgi import ASGIApp, Message, Receive, Scope, Send, send_json
from service.workers import METRICS_FOLDER

if TYPE_CHECKING:
    from index.search import Searcher


class Metrics:
    def __init__(self) -> None:
        # In multiprocess mode metrics belong to no registry: the collector reads the files.
        registry = None if os.environ.get(METRICS_FOLDER) else CollectorRegistry()
        self.registry = registry
        self.requests = Counter(
            "policy_search_requests_total",
            "HTTP requests",
            ("route", "method", "status"),
            registry=registry,
        )
        self.latency = Histogram(
            "policy_search_request_seconds",
            "HTTP request latency",
            ("route",),
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=registry,
        )

        def gauge(name: str, description: str) -> Gauge:
            # Every worker serves the same index: the value last set is the one to show.
            return Gauge(name, description, registry=registry, multiprocess_mode="mostrecent")

        self.documents = gauge("policy_search_index_documents", "plans in the served index")
        self.passages = gauge("policy_search_index_passages", "passages in the served index")
        self.index_bytes = gauge("policy_search_index_bytes", "bytes of the served index files")

    def index_loaded(self, searcher: Searcher) -> None:
        self.documents.set(len(searcher.documents))
        self.passages.set(searcher.storage.size)
        files = searcher.manifest.get("files", {})
        self.index_bytes.set(sum(int(entry["bytes"]) for entry in files.values()))

    def render(self) -> tuple[bytes, str]:
        if self.registry is not None:
            return generate_latest(self.registry), CONTENT_TYPE_LATEST
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """Pure ASGI (no per-request task), so counting costs microseconds, not a thread hop."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            name = getattr(route, "path", "unmatched")
            self.metrics.requests.labels(name, scope.get("method", ""), str(status[0])).inc()
            self.metrics.latency.labels(name).observe(time.perf_counter() - started)


class BodyLimitMiddleware:
    """Refuse request bodies over the limit with 413, whether announced or streamed.

    The body is read before the app runs (this API's bodies are empty or tiny), so a
    streamed oversized body is refused even on routes that never read it.
    """

    def __init__(
        self, app: ASGIApp, limit: int, uploads: int | None = None, upload_hint: str = ""
    ) -> None:
        self.app = app
        self.limit = limit
        self.uploads = uploads  # the limit of POST /api/documents, which carries a file
        self.upload_hint = upload_hint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, hint = self.limit, "this API takes its input in the query string"
        if self.uploads and scope.get("method") == "POST" and scope["path"] == "/api/documents":
            limit, hint = self.uploads, self.upload_hint
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _too_large(send, limit, hint)
                return
        messages: list[Message] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > limit:
                await _too_large(send, limit, hint)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int, hint: str) -> None:
    await send_json(send, 413, {"detail": f"request body over {limit} bytes; {hint}"})
