"""HTTP load on a real server (loopback): /api/search with distinct queries beside /healthz.

wrk (a C load generator, Debian package `wrk`) drives 8 keep-alive connections; its Lua
script walks a list of distinct search URLs so no two consecutive requests repeat.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from service.loopback import serve_on_loopback

CONNECTIONS = 8


@dataclass(frozen=True)
class LoadRow:
    workers: int
    endpoint: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def search_paths(queries: list[str]) -> list[str]:
    """Distinct request paths: every query in each mode, a few k values."""
    paths = []
    for number, query in enumerate(queries):
        mode = ("hybrid", "lexical", "hybrid", "dense")[number % 4]
        paths.append("/api/search?" + urlencode({"q": query, "k": 10, "mode": mode}))
        paths.append("/api/search?" + urlencode({"q": query, "k": 5}))
    return list(dict.fromkeys(paths))


def lua_script(paths: list[str]) -> str:
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
    with serve_on_loopback(index_root, workers=workers) as server:
        base = server.url
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(lua_script(search_paths(queries)))
        script = Path(handle.name)
        try:
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
            return rows
        finally:
            script.unlink()
