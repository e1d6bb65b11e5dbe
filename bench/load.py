"""HTTP load on a real server (loopback): /api/search with distinct queries beside /healthz.

wrk (a C load generator, Debian package `wrk`) drives 8 keep-alive connections; its Lua
script walks a list of distinct search URLs so no two consecutive requests repeat.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

CONNECTIONS = 8
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LoadRow:
    workers: int
    endpoint: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def search_paths(queries: list[str]) -> list[str]:
    """Distinct request paths: every query in each mode, a few k values."""
    paths = []
    for number, query in enumerate(queries):
        mode = ("hybrid", "lexical", "hybrid", "dense")[number % 4]
        paths.append("/api/search?" + urlencode({"q": query, "k": 10, "mode": mode}))
        paths.append("/api/search?" + urlencode({"q": query, "k": 5}))
    return list(dict.fromkeys(paths))


def _lua_script(paths: list[str]) -> str:
    quoted = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    return f"""
local paths = {{
{quoted}
}}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _milliseconds(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(f"cannot read wrk latency {text!r}")
    return float(match[1]) * _UNITS[match[2]]


def parse_wrk(output: str) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, errors) from `wrk --latency` output."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    p50 = _milliseconds(re.search(r"\s50%\s+(\S+)", output)[1])  # type: ignore[index]
    p99 = _milliseconds(re.search(r"\s99%\s+(\S+)", output)[1])  # type: ignore[index]
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses:\s+(\d+)", r"Socket errors:.*?timeout (\d+)"):
        found = re.search(pattern, output)
        errors += int(found[1]) if found else 0
    return rate, p50, p99, errors


def _wrk(url: str, seconds: float, script: Path | None) -> str:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{int(seconds)}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    return subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout


def run_load(
    index_root: Path, queries: list[str], workers: int, seconds: float = 20.0
) -> list[LoadRow]:
    """Start a server with `workers` processes, load /healthz then /api/search, stop it."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed; `make bench` installs it (apt-get install wrk)")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_SEARCH_")}
    env["POLICY_SEARCH_INDEX_DIR"] = str(index_root)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "service.app:create_app",
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
        ],
        cwd=REPO,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not come up within 60 s")
            time.sleep(0.2)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(_lua_script(search_paths(queries)))
        script = Path(handle.name)
        _wrk(f"{base}/healthz", 2, None)  # warm up both paths
        _wrk(base, 2, script)
        rows = []
        for endpoint, target, lua in (
            ("/healthz", f"{base}/healthz", None),
            ("/api/search", base, script),
        ):
            rate, p50, p99, errors = parse_wrk(_wrk(target, seconds, lua))
            rows.append(
                LoadRow(workers, endpoint, round(rate), round(p50, 2), round(p99, 2), errors)
            )
        script.unlink()
        return rows
    finally:
        server.terminate()
        server.wait(timeout=20)
