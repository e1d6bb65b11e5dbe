"""Reaching Milvus: one client per address, calls bounded in time, failures named.

`POLICY_SEARCH_MILVUS_URI` is either `http://host:19530` (Milvus standalone, a cluster, or
a Milvus Lite started on a port) or a path to a Milvus Lite database file, which this
process then starts itself on a free loopback port (a Lite file is served by one process
at a time: several API servers need Lite on a port, or a cluster).
"""

from __future__ import annotations

import atexit
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from index.errors import StorageUnavailable
from index.milvus.lite import LiteServer, port_open, start_lite

_started: dict[Path, LiteServer] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class MilvusAddress:
    uri: str
    token: str | None = None
    timeout: float = 5.0

    @property
    def is_file(self) -> bool:
        return "://" not in self.uri


def _stop_started() -> None:
    for server in _started.values():
        server.stop()


def endpoint(address: MilvusAddress) -> str:
    """The URI to reach Milvus at: a Milvus Lite file's engine is started here once per
    process (and stopped at exit), and its loopback address given."""
    return _endpoint(address)


def _endpoint(address: MilvusAddress) -> str:
    if not address.is_file:
        return address.uri
    path = Path(address.uri).resolve()
    with _lock:
        server = _started.get(path)
        if server is None or server.process.poll() is not None:
            if not _started:
                atexit.register(_stop_started)
            server = _started[path] = start_lite(path)
        return server.uri


def check_reachable(uri: str, timeout: float) -> None:
    """Raise StorageUnavailable unless something listens at the URI's host and port: the
    client itself would wait on a closed port far longer than a request may."""
    parsed = urlparse(uri)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 19530
    if not port_open(host, port, min(timeout, 2.0)):
        raise StorageUnavailable(
            f"Milvus at {uri} is not reachable (nothing answers on {host}:{port})"
        )


# The calls that reach the server: each is given the timeout and the number of retries.
_CALLS = frozenset(
    {
        "alter_alias",
        "create_alias",
        "create_collection",
        "describe_alias",
        "drop_collection",
        "get_load_state",
        "has_collection",
        "insert",
        "list_aliases",
        "list_collections",
        "load_collection",
        "query",
        "search",
        "upsert",
    }
)


class BoundedClient:
    """A MilvusClient whose every call gives up after `timeout` seconds and `retries` tries.

    pymilvus retries a refused connection 75 times over minutes unless told otherwise (its
    timeout only bounds retries when given as an int), which a request must never wait for.
    """

    def __init__(self, client: Any, timeout: float, retries: int) -> None:
        self.client = client
        self.timeout = timeout
        self.retries = retries
        self.calls = 0  # Milvus calls made (round trips; the benchmarks count them)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if name not in _CALLS:
            return method

        def bounded(*args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("timeout", self.timeout)
            kwargs.setdefault("retry_times", self.retries)
            self.calls += 1
            return method(*args, **kwargs)

        return bounded


def connect(address: MilvusAddress, retries: int = 2) -> Any:
    """A client for the address, every call of which gives up after `timeout` seconds and
    `retries` tries."""
    from pymilvus import MilvusClient

    uri = _endpoint(address)
    check_reachable(uri, address.timeout)
    try:
        client = MilvusClient(uri=uri, token=address.token or "", timeout=address.timeout)
    except Exception as error:
        raise StorageUnavailable(f"Milvus at {uri} did not answer: {describe(error)}") from error
    return BoundedClient(client, address.timeout, retries)


def describe(error: BaseException) -> str:
    """A short reason from a pymilvus or gRPC error."""
    message = getattr(error, "message", None) or getattr(error, "details", lambda: None)()
    text = str(message or error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]
