"""Run the service in a subprocess on loopback: what the benchmarks measure and the tests
talk to (tests/support/server.py), started as `policy-search serve` starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from service.workers import shared_across

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT
    pid: int  # of the uvicorn process (or of the program `prefix` ran it under)


@contextmanager
def serve_on_loopback(
    index_root: Path,
    *,
    workers: int = 1,
    settings: dict[str, str] | None = None,
    log: IO[bytes] | None = None,
    timeout: float = 90.0,
    prefix: Sequence[str] = (),
    app: str = "service.app:create_app",
) -> Iterator[Server]:
    """uvicorn serving `index_root` until the block ends, run under `prefix` if given
    (e.g. valgrind); yields its URL and process id.

    `settings` are POLICY_SEARCH_* values by their short name (cors_origins=...); of the
    caller's own POLICY_SEARCH_* environment only the model is passed on (the index was
    built with it). Several workers share a metrics folder, as under `policy-search serve`.
    """
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("POLICY_SEARCH_") or k == "POLICY_SEARCH_MODEL"
    }
    env["POLICY_SEARCH_INDEX_DIR"] = str(index_root)
    env.update({f"POLICY_SEARCH_{k.upper()}": v for k, v in (settings or {}).items()})
    command = [
        *prefix,
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--http",
        "httptools",
        "--loop",
        "uvloop",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with shared_across(workers) as shared_environment:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env | shared_environment,
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_answering(process, base, timeout)
            yield Server(base, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_answering(process: subprocess.Popen[bytes], base: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")
        time.sleep(0.1)
