"""Milvus Lite (the `milvus-lite` 2.5 wheel: the real Milvus core in one process) started
on a loopback port, for the tests, the benchmarks and one-machine use.

The wheel's own launcher imports `pkg_resources`, which current setuptools no longer has,
so the engine binary is started directly, as that launcher would: `milvus DB_FILE
HOST:PORT LOG_LEVEL` with the wheel's libraries on LD_LIBRARY_PATH. Its output goes to a
log file beside the database, never to our standard streams.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from index.errors import PolicySearchError

START_SECONDS = 30.0
PR_SET_PDEATHSIG = 1  # prctl(2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _engine() -> Path:
    spec = importlib.util.find_spec("milvus_lite")
    if spec is None or not spec.submodule_search_locations:
        raise PolicySearchError("milvus-lite is not installed; run `make install`")
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def port_open(host: str, port: int, timeout: float = 0.2) -> bool:
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError:
        return False
    return True


@dataclass
class LiteServer:
    """A running Milvus Lite: its database file, its address and its process."""

    db_file: Path
    port: int
    process: subprocess.Popen[bytes]

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_bytes(self) -> int:
        """The engine's resident memory now."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def _die_with_parent() -> None:
    """In the engine's process before it runs: SIGTERM when the process that started it
    dies, however it dies (uvicorn ends on the signal it was sent, so no atexit runs)."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux: LiteServer.stop only
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_lite(db_file: Path, port: int | None = None) -> LiteServer:
    """Start Milvus Lite on 127.0.0.1 (a free port unless given) and wait until it listens.
    Started from the main thread, it ends with the process that started it (the kernel
    tells it when a thread that started it ends, so from other threads it is left to
    `stop`)."""
    lib = _engine()
    port = port or free_port()
    db_file.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LD_LIBRARY_PATH": f"{lib}:{os.environ.get('LD_LIBRARY_PATH', '')}"}
    with (db_file.parent / f"{db_file.name}.log").open("ab") as log:
        process = subprocess.Popen(
            [str(lib / "milvus"), str(db_file.resolve()), f"127.0.0.1:{port}", "ERROR"],
            env=env,
            cwd=db_file.parent,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
            preexec_fn=_die_with_parent
            if threading.current_thread() is threading.main_thread()
            else None,
        )
    server = LiteServer(db_file, port, process)
    deadline = time.monotonic() + START_SECONDS
    while not port_open("127.0.0.1", port):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise PolicySearchError(f"Milvus Lite did not start on port {port} (see {db_file}.log)")
        time.sleep(0.05)
    return server
