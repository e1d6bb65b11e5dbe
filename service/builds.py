"""Builds started by uploads and removals: one at a time, in the background, their progress
in a status file every worker reads, the new index switched in when it is done."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from service.settings import Settings

log = logging.getLogger("policy_search")

STATUS_FILE = "build-status.json"
LOCK_FILE = ".build.lock"
IDLE = {"state": "idle", "detail": "no build has been started by this service"}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def read_status(index_dir: Path) -> dict[str, Any]:
    """The latest build's status as the builder last wrote it (any worker's build)."""
    try:
        return json.loads((index_dir / STATUS_FILE).read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return dict(IDLE)


def _write_status(index_dir: Path, status: dict[str, Any]) -> None:
    """Replace the status file whole, so a reader never sees half of it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    temporary = index_dir / f".{STATUS_FILE}.{os.getpid()}.{threading.get_ident()}"
    temporary.write_text(json.dumps(status, ensure_ascii=False, indent=1), "utf-8")
    os.replace(temporary, index_dir / STATUS_FILE)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Held while a build runs: builds of several workers (or a CLI build) take turns."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class BuildRunner:
    """Runs builds of the corpus in a background thread; a request during a build is served
    by one more build after it, which reads every change made meanwhile."""

    def __init__(self, settings: Settings, on_built: Callable[[], None]) -> None:
        self.settings = settings
        self._on_built = on_built  # loads the new build into this worker at once
        self._lock = threading.Lock()
        self._pending: list[dict[str, Any]] = []
        self._thread: threading.Thread | None = None

    def request(self, trigger: dict[str, Any]) -> dict[str, Any]:
        """Start a build for `trigger` (what changed), or queue it behind the running one."""
        with self._lock:
            self._pending.append(trigger)
            status = {
                "id": f"{time.time_ns():x}",
                "state": "queued",
                "stage": "waiting for the previous build",
                "done": 0,
                "total": 0,
                "triggers": list(self._pending),
                "queued_at": _now(),
            }
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="index-build", daemon=True)
                self._thread.start()
        _write_status(self.settings.index_dir, status)
        return status

    def wait(self, timeout: float | None = None) -> None:
        """Until no build is running or queued in this worker (for the CLI and tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._thread = None
                    return
                triggers, self._pending = self._pending, []
            self._build(triggers)

    def _build(self, triggers: list[dict[str, Any]]) -> None:
        from index.build import build_index

        settings = self.settings
        status: dict[str, Any] = {
            "id": f"{time.time_ns():x}",
            "state": "running",
            "stage": "waiting for another build to finish",
            "done": 0,
            "total": 0,
            "triggers": triggers,
            "started_at": _now(),
        }
        _write_status(settings.index_dir, status)

        def progress(stage: str, done: int, total: int) -> None:
            status.update(stage=stage, done=done, total=total)
            _write_status(settings.index_dir, status)

        try:
            with build_lock(settings.index_dir):
                report = build_index(
                    settings.corpus,
                    settings.index_dir,
                    settings.embedder(),
                    settings.threads,
                    progress=progress,
                )
        except Exception as error:  # the previous index keeps serving; the status says why
            log.warning("background build failed: %s", error)
            status.update(
                state="failed",
                stage="failed",
                error=f"{type(error).__name__}: {error}" if not str(error) else str(error),
                finished_at=_now(),
            )
            _write_status(settings.index_dir, status)
            return
        manifest = report.folder.manifest
        status.update(
            state="succeeded",
            stage="done",
            finished_at=_now(),
            seconds=round(report.seconds, 2),
            build_id=report.folder.build_id,
            documents=manifest["counts"]["documents"],
            passages=manifest["counts"]["passages"],
            embedded=report.embedded,
            reused=report.reused,
            sentences_embedded=report.sentences_embedded,
            skipped=[{"source": s.source, "reason": s.reason} for s in report.corpus.skipped],
        )
        self._on_built()
        _write_status(settings.index_dir, status)
