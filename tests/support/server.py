"""The service on loopback for the tests that need a real server: several workers, a
build switched underneath, metrics across processes, a browser."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from service.loopback import Server, free_port, serve_on_loopback

__all__ = ["Server", "free_port", "running_server"]


@contextmanager
def running_server(
    index_root: Path,
    *,
    workers: int = 1,
    settings: dict[str, str] | None = None,
    log: IO[bytes] | None = None,
) -> Iterator[Server]:
    """uvicorn serving `index_root` until the block ends; `settings` are POLICY_SEARCH_*
    values by their short name (cors_origins=...), `log` takes its output."""
    with serve_on_loopback(index_root, workers=workers, settings=settings, log=log) as server:
        yield server
