"""Switching worker processes to a new build together: each loads it first, then all switch at
one announced moment.

With several workers each polling `current` on its own, old and new builds were served side
by side for seconds and a client could see the version go back. Here the workers of one
server share a folder (POLICY_SEARCH_SWAP_DIR, made by `policy-search serve`)::

    members/<pid>            a worker taking part
    builds/<build>/<pid>     that worker has loaded the build (or refused it)
    builds/<build>.switch    when every worker may serve it: a time, written once

The last worker to be ready writes the time, a little ahead so that every worker has read it
before it comes; from that time on every request, in whichever worker, gets the new build.
A worker that died is left out; one that never answers is waited for at most PATIENCE seconds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from index.store import process_alive

# Ahead of now by this much, so that every worker has read the time before it comes (the
# workers look every POLL_SECONDS while a build waits).
SWITCH_MARGIN = 0.5
POLL_SECONDS = 0.02
PATIENCE = 120.0


class Swap:
    """One worker's view of the shared folder."""

    def __init__(self, folder: Path, pid: int | None = None) -> None:
        self.folder = folder
        self.pid = pid or os.getpid()
        self._members = folder / "members"
        self._builds = folder / "builds"
        self._waiting_since: dict[str, float] = {}

    def join(self) -> None:
        self._members.mkdir(parents=True, exist_ok=True)
        self._builds.mkdir(parents=True, exist_ok=True)
        (self._members / str(self.pid)).write_text(str(self.pid))

    def leave(self) -> None:
        (self._members / str(self.pid)).unlink(missing_ok=True)

    def done(self, build: str, outcome: str) -> None:
        """This worker has loaded `build` ("loaded", "serving") or refused it ("refused")."""
        marks = self._builds / build
        marks.mkdir(parents=True, exist_ok=True)
        (marks / str(self.pid)).write_text(outcome)
        self._waiting_since.setdefault(build, time.monotonic())
        for older in self._builds.iterdir():
            if older.name.split(".")[0] < build:
                if older.is_dir():
                    shutil.rmtree(older, ignore_errors=True)
                else:
                    older.unlink(missing_ok=True)

    def switch_time(self, build: str) -> float | None:
        """When to switch to `build` (seconds since the epoch), once every live worker is done
        with it; None while some are still loading. The first worker to find all done
        announces the time."""
        announced = self._read(build)
        if announced is not None:
            return announced
        marks = self._builds / build
        ready = {path.name for path in marks.iterdir()} if marks.is_dir() else set()
        waiting = {pid for pid in self._live_members() if pid not in ready}
        started = self._waiting_since.setdefault(build, time.monotonic())
        if waiting and time.monotonic() - started < PATIENCE:
            return None
        return self._announce(build, time.time() + SWITCH_MARGIN)

    def _live_members(self) -> set[str]:
        live = set()
        for member in self._members.iterdir():
            if process_alive(member.name):
                live.add(member.name)
            else:  # a worker that died without leaving
                member.unlink(missing_ok=True)
        return live

    def _announce(self, build: str, at: float) -> float:
        final = self._builds / f"{build}.switch"
        draft = self._builds / f"{build}.switch.{self.pid}"
        draft.write_text(repr(at))
        try:
            os.link(draft, final)  # atomic, and only the first worker's time counts
        except FileExistsError:
            pass
        finally:
            draft.unlink(missing_ok=True)
        return self._read(build) or at

    def _read(self, build: str) -> float | None:
        with contextlib.suppress(FileNotFoundError, ValueError):
            return float((self._builds / f"{build}.switch").read_text())
        return None
