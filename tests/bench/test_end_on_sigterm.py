"""A benchmark stopped with SIGTERM (a CI timeout, `kill`) stops the servers it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GIVE_UP_SECONDS = 120  # a guard against hanging, not a timing

RUN = """
import sys, time
from pathlib import Path
from bench import end_on_sigterm
from service.loopback import serve_on_loopback

end_on_sigterm()
with serve_on_loopback(Path(sys.argv[1]), settings={"model": "builtin"}) as server:
    print(server.pid, flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_sigterm_ends_the_run_and_the_loopback_server_it_started(private_index: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_SEARCH_")}
    run = subprocess.Popen(
        [sys.executable, "-c", RUN, str(private_index)],
        cwd=REPO,
        env=env | {"POLICY_SEARCH_MODEL": "builtin"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert run.stdout is not None
        server = int(run.stdout.readline())
        assert _alive(server)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=GIVE_UP_SECONDS) == 128 + signal.SIGTERM
        deadline = time.monotonic() + GIVE_UP_SECONDS
        while _alive(server):
            assert time.monotonic() < deadline, "the server outlived the benchmark"
            time.sleep(0.2)
    finally:
        run.kill()
        run.wait()
        if run.stdout is not None:
            run.stdout.close()
