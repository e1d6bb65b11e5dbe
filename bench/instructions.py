"""CPU instructions per request in a real server, /healthz beside /api/search (callgrind).

Requests/s on this shared two-core machine vary by ±10 % from run to run; instruction
counts do not. The server runs under valgrind's callgrind with counting switched on only
while wrk drives one endpoint, so start-up is left out. Counts ignore cache misses and
waiting, yet on this service their ratio tracks the requests/s ratio of the load table:
it says how much work a search is, and how far it is from a target.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.load import CONNECTIONS, lua_script, search_paths
from service.loopback import serve_on_loopback

# Under valgrind the service answers about 50 times slower: a few hundred searches.
SECONDS = 15
STARTUP_TIMEOUT = 600.0


@dataclass(frozen=True)
class InstructionRow:
    endpoint: str
    requests: int
    instructions_per_request: float


def _count(output: str) -> int:
    found = re.search(r"(\d+) requests in", output)
    if not found:
        raise ValueError(f"cannot read the request count from wrk:\n{output}")
    return int(found[1])


def count_instructions(index_root: Path, queries: list[str]) -> list[InstructionRow]:
    """Instructions per request of /healthz and of /api/search (distinct queries)."""
    missing = [tool for tool in ("valgrind", "callgrind_control", "wrk") if not shutil.which(tool)]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} not installed; `make loadtools` installs them")
    rows = []
    with tempfile.TemporaryDirectory(prefix="policy-search-callgrind-") as folder:
        script = Path(folder) / "paths.lua"
        script.write_text(lua_script(search_paths(queries)), "utf-8")
        for endpoint in ("/healthz", "/api/search"):
            log_path = Path(folder) / "server.log"
            prefix = [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={folder}/callgrind.out",
            ]
            with (
                log_path.open("wb") as log,
                serve_on_loopback(
                    index_root, log=log, prefix=prefix, timeout=STARTUP_TIMEOUT
                ) as server,
            ):
                target = f"{server.url}/healthz" if endpoint == "/healthz" else server.url
                wrk = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s"]
                if endpoint != "/healthz":
                    wrk += ["-s", str(script)]
                subprocess.run([*wrk, target], capture_output=True, check=True)  # warm up
                control = ["callgrind_control", "--instr=on", str(server.pid)]
                subprocess.run(control, capture_output=True, check=True)
                measured = subprocess.run(
                    [*wrk, target], capture_output=True, text=True, check=True
                ).stdout
                control[1] = "--instr=off"
                subprocess.run(control, capture_output=True, check=True)
            collected = re.search(r"Collected\s*:\s*(\d+)", log_path.read_text("utf-8", "replace"))
            if not collected:
                raise RuntimeError(f"callgrind reported no count:\n{log_path.read_text()}")
            requests = _count(measured)
            rows.append(InstructionRow(endpoint, requests, int(collected[1]) / requests))
    return rows
