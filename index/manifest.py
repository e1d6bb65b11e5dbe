"""A build's manifest: written with a checksum file beside it, its shape checked on every read.

The manifest says which files a build has and their checksums, so it is the one file whose
damage would turn the other checks off (a damaged `"files"` key used to mean "no files to
check"). It gets its own checksum, `manifest.sha256` (the format `sha256sum -c` reads), and
every key the service relies on is checked before it is used: any damage is refused with
one line naming the file, never a KeyError.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from index.errors import IndexCorrupt, IndexStale
from index.fingerprint import data_fingerprint
from index.layout import CHECKSUM, FORMAT_VERSION, MANIFEST

REBUILD = "rebuild with `policy-search index`"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    (folder / MANIFEST).write_bytes(data)
    (folder / CHECKSUM).write_text(f"{hashlib.sha256(data).hexdigest()}  {MANIFEST}\n", "ascii")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a build folder, checked against its checksum and for the keys every
    build has; IndexCorrupt naming the file otherwise."""
    path = folder / MANIFEST
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise IndexCorrupt(f"{path} is missing; {REBUILD}") from error
    _check_sum(folder / CHECKSUM, data, path)
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndexCorrupt(f"{path} is not valid JSON ({error}); {REBUILD}") from error
    if not isinstance(manifest, dict):
        raise _damaged(path, "it is not a JSON object")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexCorrupt(
            f"{path} has format version {manifest.get('format_version')!r}, this program reads "
            f"{FORMAT_VERSION}; {REBUILD}"
        )
    _require(manifest, path, build_id=str, created_at=str, files=dict)
    for name, entry in manifest["files"].items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not name:
            raise _damaged(path, f"file name {name!r} points outside the build")
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and _SHA256.fullmatch(entry["sha256"])
            and _is_int(entry.get("bytes"))
            and entry["bytes"] >= 0
        ):
            raise _damaged(path, f"the entry of {name!r} has no valid `sha256` and `bytes`")
    return manifest


def without_advice(error: Exception) -> str:
    """The error without "rebuild with …": said while rebuilding, it is advice already taken."""
    return str(error).removesuffix(f"; {REBUILD}")


def check_searchable(manifest: dict[str, Any], folder: Path) -> None:
    """The keys a search needs are there, and the build was made by this program's building
    code and data (dictionaries, stopwords …): otherwise queries would be cut differently
    from the passages they are matched against."""
    path = folder / MANIFEST
    _require(manifest, path, data_fingerprint=str, embedder=dict, counts=dict, skipped=list)
    _require(manifest["embedder"], path, prefix="embedder.", id=str, kind=str)
    built, ours = manifest["data_fingerprint"], data_fingerprint()
    if built != ours:
        raise IndexStale(
            f"index build {folder.name} was made by other building code or data (fingerprint "
            f"{built}, this program's is {ours}): queries would be cut differently from the "
            f"index; {REBUILD} (restart the service too if it was upgraded since it started)"
        )


def _check_sum(checksum: Path, data: bytes, path: Path) -> None:
    try:
        recorded = checksum.read_text("ascii").split()
    except FileNotFoundError as error:
        raise IndexCorrupt(
            f"{checksum} is missing (a build by an older version, or damaged); {REBUILD}"
        ) from error
    except (UnicodeDecodeError, OSError) as error:
        raise IndexCorrupt(f"{checksum} cannot be read ({error}); {REBUILD}") from error
    if not recorded or not _SHA256.fullmatch(recorded[0]):
        raise IndexCorrupt(f"{checksum} holds no SHA-256 checksum; {REBUILD}")
    if hashlib.sha256(data).hexdigest() != recorded[0]:
        raise IndexCorrupt(
            f"{path} failed its checksum (altered or damaged since it was written); {REBUILD}"
        )


def _require(value: dict[str, Any], path: Path, prefix: str = "", **kinds: type) -> None:
    for key, kind in kinds.items():
        found = value.get(key)
        if not isinstance(found, kind) or (kind is int and isinstance(found, bool)):
            raise _damaged(path, f"`{prefix}{key}` is missing or not {_NAMES[kind]}")


_NAMES = {str: "a string", int: "a whole number", dict: "an object", list: "a list"}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _damaged(path: Path, what: str) -> IndexCorrupt:
    return IndexCorrupt(f"index manifest {path} is damaged: {what}; {REBUILD}")
