"""`policy-search serve` (what `make serve` runs): rebuilds a damaged index, then says where and
what it serves once it listens."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from index.store import current_build
from service.ready import base_url
from tests.support.server import free_port

REPO = Path(__file__).resolve().parents[2]
GIVE_UP_SECONDS = 240  # a guard against hanging, not a timing


def _serve(index_root: Path, corpus: Path, port: int) -> subprocess.Popen[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("POLICY_SEARCH_") or k == "POLICY_SEARCH_MODEL"  # the built-in LSA
    }
    env |= {"POLICY_SEARCH_INDEX_DIR": str(index_root), "POLICY_SEARCH_CORPUS": str(corpus)}
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


class Output:
    """The lines a process prints, read as they come."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def until(self, start: str) -> list[str]:
        """The lines up to one that starts with `start`."""
        deadline = time.monotonic() + GIVE_UP_SECONDS
        while not any(line.startswith(start) for line in list(self.lines)):
            assert self.process.poll() is None, "\n".join(self.lines)
            assert time.monotonic() < deadline, "\n".join(self.lines)
            time.sleep(0.1)
        return list(self.lines)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join()
        assert self.process.stdout is not None
        self.process.stdout.close()


def test_serve_rebuilds_a_damaged_index_and_says_when_and_where_it_is_ready(
    private_index: Path, corpus_dir: Path
) -> None:
    damaged_build = current_build(private_index)
    assert damaged_build is not None
    texts = damaged_build / "passages" / "texts.bin"
    data = bytearray(texts.read_bytes())
    data[100] ^= 0xFF
    texts.write_bytes(bytes(data))
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    printed = Output(_serve(private_index, corpus_dir, port))
    try:
        output = printed.until("  API docs:")
        health = httpx.get(f"{base}/healthz").json()
    finally:
        printed.close()

    assert output[0] == (
        f"building the index from {corpus_dir} (the current build cannot be served: index "
        f"file {texts} failed its checksum (altered or corrupted since it was written)) ..."
    )
    assert health["index_version"] != damaged_build.name
    assert health["status"] == "ok"
    assert output[-3:] == [
        f"policy-search is ready: 5 plans, {health['passages']} passages "
        f"(index build {health['index_version']})",
        f"  search page: {base}/",
        f"  API docs:    {base}/docs",
    ]


def test_the_ready_message_gives_a_url_to_open_on_this_machine() -> None:
    assert base_url("0.0.0.0", 8000) == "http://127.0.0.1:8000"
    assert base_url("::", 8000) == "http://127.0.0.1:8000"
    assert base_url("10.1.2.3", 8080) == "http://10.1.2.3:8080"
    assert base_url("::1", 8000) == "http://[::1]:8000"
