"""The index on disk: one folder per build, checksummed, switched in atomically.

Layout under the index root::

    current -> builds/20261121T120102345-3f9a1c   (a symlink, replaced atomically)
    builds/20261121T120102345-3f9a1c/manifest.json    (its checksum in manifest.sha256)
    builds/20261121T120102345-3f9a1c/...           (files the builder wrote)
    builds/.tmp-...                             (a build in progress; never read)

A build writes into a temporary folder and only renames it into place and moves the
`current` link once every file is written, checksummed and flushed, so a crash or
`kill -9` at any point leaves the previous index serving.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import IndexCorrupt, IndexMissing
from index.layout import FORMAT_VERSION, MANIFEST
from index.manifest import REBUILD, read_manifest, write_manifest

__all__ = [
    "MANIFEST",
    "IndexFolder",
    "IndexWriter",
    "current_build",
    "file_sha256",
    "open_build",
    "open_index",
    "process_alive",
    "read_manifest",
]

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 2


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def fsync_tree(folder: Path) -> None:
    """Every file under `folder`, then the folder itself, flushed to disk."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """A folder's entries (files added, renamed, removed) flushed to disk."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class IndexFolder:
    """A verified build folder and its manifest."""

    path: Path
    manifest: dict[str, Any]

    @property
    def build_id(self) -> str:
        return str(self.manifest["build_id"])


class IndexWriter:
    """Write a new build beside the current one; `commit` switches it in, leaving the build never half-visible."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Milliseconds in the id keep builds of the same second in creation order.
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")[:-3]
        self.build_id = f"{stamp}-{secrets.token_hex(3)}"
        builds = root / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temporaries(builds)
        self.path = builds / f".tmp-{self.build_id}"
        self.path.mkdir()

    @staticmethod
    def _remove_stale_temporaries(builds: Path) -> None:
        for stale in builds.glob(".tmp-*"):
            if stale.is_dir():
                # A folder left by a killed build; its pid is gone, so it is never in use.
                pid_file = stale / ".pid"
                if pid_file.exists() and process_alive(pid_file.read_text().strip()):
                    continue
                shutil.rmtree(stale, ignore_errors=True)

    def __enter__(self) -> IndexWriter:
        (self.path / ".pid").write_text(str(os.getpid()))
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self.path.exists():  # not committed: the build failed
            shutil.rmtree(self.path, ignore_errors=True)

    def commit(self, manifest: dict[str, Any]) -> IndexFolder:
        (self.path / ".pid").unlink(missing_ok=True)
        files = {
            str(path.relative_to(self.path)): {
                "sha256": file_sha256(path),
                "bytes": path.stat().st_size,
            }
            for path in sorted(self.path.rglob("*"))
            if path.is_file()
        }
        manifest = {
            **manifest,
            "format_version": FORMAT_VERSION,
            "build_id": self.build_id,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": files,
        }
        write_manifest(self.path, manifest)
        fsync_tree(self.path)
        final = self.path.parent / self.build_id
        os.rename(self.path, final)
        fsync_dir(final.parent)
        link = self.root / f".{CURRENT}.{self.build_id}"
        os.symlink(Path(BUILDS) / self.build_id, link)
        os.replace(link, self.root / CURRENT)
        fsync_dir(self.root)
        _prune(self.root / BUILDS, keep=self.build_id)
        return IndexFolder(final, manifest)


def process_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _prune(builds: Path, keep: str) -> None:
    """Keep the newest KEEP_BUILDS builds; a server still reading an older one keeps its open files."""
    finished = sorted(
        path for path in builds.iterdir() if path.is_dir() and not path.name.startswith(".")
    )
    for old in finished[:-KEEP_BUILDS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def current_build(root: Path) -> Path | None:
    link = root / CURRENT
    if not link.exists():
        return None
    return link.resolve()


def open_index(root: Path, verify: bool = True) -> IndexFolder:
    """The current build, its files checked against the manifest's sizes and checksums."""
    folder = current_build(root)
    if folder is None:
        raise IndexMissing(
            f"no index in {root}; build one with `policy-search index` (or `make serve`)"
        )
    return open_build(folder, verify)


def open_build(
    folder: Path, verify: bool = True, only: frozenset[str] | None = None
) -> IndexFolder:
    """One build folder, its files (or `only` these of them) checked against its manifest."""
    manifest = read_manifest(folder)
    for name, expected in manifest["files"].items():
        if only is not None and name not in only:
            continue
        path = folder / name
        if not path.is_file():
            raise IndexCorrupt(f"index file {path} is missing; {REBUILD}")
        size = path.stat().st_size
        if size != expected["bytes"]:
            raise IndexCorrupt(
                f"index file {path} has {size} bytes, the manifest says {expected['bytes']} "
                f"(truncated or altered); {REBUILD}"
            )
        if verify and file_sha256(path) != expected["sha256"]:
            raise IndexCorrupt(
                f"index file {path} failed its checksum (altered or corrupted since it was "
                f"written); {REBUILD}"
            )
    return IndexFolder(folder, manifest)
