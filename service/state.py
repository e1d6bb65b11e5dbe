"""The index being served: loaded at start, swapped when a new build appears, kept if one fails.

A watcher thread looks at `current` every few seconds. Whatever goes wrong while it loads a
build (a damaged file, an OSError, a MemoryError, a bug), the last good build stays served,
the reason is kept for /healthz ("degraded") and the watcher goes on. A refused build is
remembered until `current` changes, so it is not re-read and re-hashed every few seconds.
With several workers the switch is made together (service/swap.py).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from index.errors import CollectionLoading, IndexMissing, PolicySearchError, StorageUnavailable
from index.search import Searcher
from service.backend import source_for
from service.settings import Settings
from service.swap import POLL_SECONDS, Swap

log = logging.getLogger("policy_search")
# Size, modification time and inode of each file of a build, as loaded.
Stamps = dict[str, tuple[int, int, int] | None]


@dataclass(frozen=True)
class _Staged:
    """A build loaded and waiting for the moment all workers switch to it."""

    searcher: Searcher
    build: Path
    stamps: Stamps
    switch_at: float | None = None  # time.time(); None until announced


@dataclass(frozen=True)
class _Refusal:
    build: Path
    reason: str


@dataclass(frozen=True)
class _Opening:
    """A build being opened, maybe over several checks (Milvus loading it into memory)."""

    build: Path
    since: float  # time.time() of the first try
    reason: str | None = None  # why the last try did not finish
    loading: bool = True  # False: the storage could not be reached (a problem)


class IndexHolder:
    """Holds the Searcher; a watcher thread loads a newer build and swaps it in whole."""

    def __init__(
        self,
        settings: Settings,
        on_load: Callable[[Searcher], None] | None = None,
        open_build: Callable[[Path], Searcher] | None = None,
        swap: Swap | None = None,
    ) -> None:
        self.settings = settings
        self._on_load = on_load
        self._source = source_for(settings)
        self._open = open_build or self._source.open
        self._swap = swap or (Swap(settings.swap_dir) if settings.swap_dir else None)
        self._searcher: Searcher | None = None
        self._staged: _Staged | None = None
        self._refused: _Refusal | None = None
        self._opening: _Opening | None = None
        self._trouble: str | None = None  # an error while looking, not tied to one build
        self._settle: Searcher | None = None  # switched in by a request, not yet settled
        self._stamps: Stamps = {}  # of the build served
        self._altered: list[str] = []  # its files changed on disk since it was loaded
        self._frozen = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- what requests see ---------------------------------------------------------------
    def get(self) -> Searcher:
        staged = self._staged
        if staged is not None and staged.switch_at is not None and time.time() >= staged.switch_at:
            self._switch(staged)
        searcher = self._searcher
        if searcher is None:
            raise IndexMissing(
                self.problem
                or self.loading
                or f"no index in {self.settings.index_dir}; build it with `policy-search index`"
            )
        return searcher

    @property
    def loaded(self) -> bool:
        return self._searcher is not None

    @property
    def problem(self) -> str | None:
        """Why the service is not serving the newest build as it should, or None."""
        if self._refused is not None:
            refused = self._refused
            serving = self._searcher.build_id if self._searcher is not None else None
            still = f"; still serving build {serving}" if serving else ""
            return f"build {refused.build.name} was not loaded: {refused.reason}{still}"
        if self._trouble is not None:
            return self._trouble
        opening = self._opening
        if opening is not None and not opening.loading:
            return (
                f"build {opening.build.name} could not be loaded yet: {opening.reason}; "
                f"trying again every {self.settings.reload_check_seconds:g} s"
            )
        if self._altered and self._searcher is not None:
            return (
                f"files of the build being served ({self._searcher.build_id}) changed on disk "
                f"since it was loaded: {', '.join(self._altered[:3])}; rebuild with "
                "`policy-search index`"
            )
        thread = self._thread
        if thread is not None and not thread.is_alive() and not self._stop.is_set():
            return "the index watcher stopped; restart the service to load new builds"
        return None

    @property
    def loading(self) -> str | None:
        """The newer build being loaded (served once it is), or None."""
        opening = self._opening
        if opening is None or not opening.loading:
            return None
        seconds = max(0.0, time.time() - opening.since)
        why = f": {opening.reason}" if opening.reason else ""
        return f"loading build {opening.build.name} ({seconds:.0f} s so far){why}"

    # -- loading -------------------------------------------------------------------------
    def load(self) -> None:
        """Load the current build if it is neither served, waiting, nor refused. Never raises."""
        try:
            self._load()
            self._altered = self._altered_files()
            self._trouble = None
        except Exception as error:  # a bug or an OSError while looking: report and go on
            self._trouble = f"looking for a new index build failed: {_describe(error)}"
            log.exception("index watcher: %s", self._trouble)

    def _load(self) -> None:
        target = self._source.current()
        served = self._searcher.folder.path if self._searcher is not None else None
        staged = self._staged
        refused = self._refused
        if target is None:
            return
        if target == served:  # `current` is back to the build served: nothing else is due
            with self._lock:
                self._staged = None
            self._refused = self._opening = None
            return
        if (staged is not None and staged.build == target) or (
            refused is not None and refused.build == target
        ):
            return
        opening = self._opening
        if opening is None or opening.build != target:
            opening = self._opening = _Opening(target, time.time())
        try:
            searcher = self._open(target)
        except StorageUnavailable as error:  # loading, slow or down: tried at the next check
            loading = isinstance(error, CollectionLoading)
            self._opening = replace(opening, reason=str(error), loading=loading)
            log.log(
                logging.INFO if loading else logging.WARNING, "index build %s: %s", target, error
            )
            return
        except Exception as error:  # whatever it is, the build being served stays
            self._opening = None
            self._refused = _Refusal(target, _describe(error))
            if isinstance(error, PolicySearchError):
                log.warning("index build %s not loaded: %s", target, error)
            else:
                log.exception("index build %s not loaded", target)
            if self._swap is not None:
                self._swap.done(target.name, "refused")
            return
        self._refused = self._opening = None
        build = searcher.folder.path  # the build actually opened
        if self._searcher is None or self._swap is None:
            self._install(searcher, build)
            if self._swap is not None:
                self._swap.done(build.name, "serving")
        else:
            self._staged = _Staged(searcher, build, _stamps(searcher))
            self._swap.done(build.name, "loaded")

    def _altered_files(self) -> list[str]:
        """Files of the build served that were changed or removed since it was loaded."""
        with self._lock:
            served, known = self._searcher, self._stamps
        return [name for name, stamp in _stamps(served).items() if stamp != known.get(name)]

    def _install(self, searcher: Searcher, build: Path) -> None:
        stamps = _stamps(searcher)
        with self._lock:
            self._searcher, self._staged, self._stamps = searcher, None, stamps
            self._altered = []
        self._loaded(searcher)

    def _switch(self, staged: _Staged) -> None:
        """Serve the staged build, once (a request and the watcher may both try); the
        watcher settles it (metrics, collector) outside the request."""
        with self._lock:
            if self._staged is staged:
                self._searcher, self._staged, self._settle = staged.searcher, None, staged.searcher
                self._stamps, self._altered = staged.stamps, []

    def _loaded(self, searcher: Searcher) -> None:
        # The index, jieba's dictionary and the modules imported live until the next build:
        # frozen, out of the collector's reach, a full collection no longer walks them (a
        # ~30 ms pause every few hundred searches). Unfrozen first, so the cycles of the
        # build just replaced are collected instead of kept for ever.
        if self._frozen:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._frozen = True
        if self._on_load is not None:
            self._on_load(searcher)

    def _advance(self) -> None:
        """Move a staged build on: learn when to switch, then switch at that time."""
        staged = self._staged
        if staged is None or self._swap is None:
            return
        if staged.switch_at is None:
            at = self._swap.switch_time(staged.build.name)
            if at is None:
                return
            announced = replace(staged, switch_at=at)
            with self._lock:
                if self._staged is not staged:
                    return
                self._staged = staged = announced
        assert staged.switch_at is not None
        if time.time() >= staged.switch_at:
            self._switch(staged)

    def _settle_switch(self) -> None:
        with self._lock:
            settle, self._settle = self._settle, None
        if settle is not None:
            self._loaded(settle)

    # -- the watcher ---------------------------------------------------------------------
    def start(self) -> None:
        """Load the current build and start watching for newer ones."""
        if self._swap is not None:
            self._swap.join()
        self.load()
        self._thread = threading.Thread(target=self._watch, name="index-watcher", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.load()
            try:
                self._advance()
                self._settle_switch()
            except Exception as error:
                self._trouble = f"switching to a new index build failed: {_describe(error)}"
                log.exception("index watcher: %s", self._trouble)
            self._stop.wait(self._pause(self._staged))

    def _pause(self, staged: _Staged | None) -> float:
        if staged is None:
            return self.settings.reload_check_seconds
        if staged.switch_at is None:
            return POLL_SECONDS
        return max(0.0, min(staged.switch_at - time.time(), POLL_SECONDS))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._swap is not None:
            self._swap.leave()


def _stamps(searcher: Searcher | None) -> Stamps:
    """What a build's files look like on disk: a change means they were altered or removed."""
    if searcher is None:
        return {}
    stamps: Stamps = {}
    for name in searcher.folder.manifest["files"]:
        try:
            found = (searcher.folder.path / name).stat()
            stamps[name] = (found.st_size, found.st_mtime_ns, found.st_ino)
        except OSError:
            stamps[name] = None
    return stamps


def _describe(error: Exception) -> str:
    if isinstance(error, PolicySearchError):
        return str(error)
    return f"{type(error).__name__}: {error}".rstrip(": ")
