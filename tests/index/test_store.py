"""The index folder: atomic switch, checksums on load, clear errors for damaged files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from index.errors import IndexCorrupt, IndexMissing
from index.search import Searcher
from index.store import CURRENT, IndexWriter, current_build, open_index, read_manifest


def _flip_byte(path: Path, at: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    position = len(data) // 2 if at is None else at
    data[position] ^= 0xFF
    path.write_bytes(bytes(data))


def test_an_empty_folder_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="build one with `policy-search index`"):
        open_index(tmp_path / "nothing")


def test_manifest_lists_every_file_with_its_checksum(private_index: Path) -> None:
    folder = current_build(private_index)
    assert folder is not None
    manifest = read_manifest(folder)
    on_disk = {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.name not in ("manifest.json", "manifest.sha256")
    }
    assert set(manifest["files"]) == on_disk
    assert manifest["counts"]["documents"] == 5
    assert manifest["embedder"]["kind"] == "builtin"
    assert {"faiss-cpu", "bm25s", "jieba", "numpy"} <= set(manifest["libraries"])


@pytest.mark.parametrize(
    "name", ["vectors.faiss", "vectors.npy", "bm25/data.csc.index.npy", "passages/texts.bin"]
)
def test_a_flipped_byte_is_caught_by_its_checksum(private_index: Path, name: str) -> None:
    folder = current_build(private_index)
    assert folder is not None
    _flip_byte(folder / name)

    with pytest.raises(IndexCorrupt) as caught:
        open_index(private_index)
    assert str(folder / name) in str(caught.value)
    assert "failed its checksum" in str(caught.value)
    assert "rebuild with `policy-search index`" in str(caught.value)


def test_a_truncated_file_names_its_size(private_index: Path) -> None:
    folder = current_build(private_index)
    assert folder is not None
    target = folder / "vectors.npy"
    size = target.stat().st_size
    with target.open("r+b") as handle:
        handle.truncate(size // 2)

    with pytest.raises(IndexCorrupt, match=f"has {size // 2} bytes, the manifest says {size}"):
        Searcher(private_index)


def test_a_missing_file_is_named(private_index: Path) -> None:
    folder = current_build(private_index)
    assert folder is not None
    (folder / "places.json").unlink()

    with pytest.raises(IndexCorrupt, match=r"places\.json is missing"):
        Searcher(private_index)


def test_a_garbled_manifest_fails_its_checksum(private_index: Path) -> None:
    folder = current_build(private_index)
    assert folder is not None
    (folder / "manifest.json").write_text("{not json", "utf-8")

    with pytest.raises(IndexCorrupt, match=r"manifest\.json failed its checksum"):
        open_index(private_index)


def test_a_failed_build_leaves_the_current_one_and_no_trace(private_index: Path) -> None:
    before = current_build(private_index)

    with pytest.raises(RuntimeError), IndexWriter(private_index) as writer:
        (writer.path / "half-written.bin").write_bytes(b"x" * 100)
        raise RuntimeError("the build crashed")

    assert current_build(private_index) == before
    assert not list((private_index / "builds").glob(".tmp-*"))


def test_a_commit_switches_the_link_and_keeps_two_builds(private_index: Path) -> None:
    first = current_build(private_index)
    committed = []
    for _ in range(3):
        with IndexWriter(private_index) as writer:
            (writer.path / "data.txt").write_text("一个文件", "utf-8")
            committed.append(writer.commit({"counts": {}}))

    assert current_build(private_index) == committed[-1].path
    assert os.readlink(private_index / CURRENT) == f"builds/{committed[-1].build_id}"
    kept = sorted(p.name for p in (private_index / "builds").iterdir())
    assert kept == sorted([committed[-2].build_id, committed[-1].build_id])
    assert first is not None and not first.exists()
    manifest = json.loads((committed[-1].path / "manifest.json").read_text("utf-8"))
    assert manifest["files"]["data.txt"]["bytes"] == len("一个文件".encode())


def test_a_temporary_folder_of_a_killed_build_is_removed_by_the_next(private_index: Path) -> None:
    stale = private_index / "builds" / ".tmp-20260101T000000-dead00"
    stale.mkdir()
    (stale / ".pid").write_text("999999999")  # no such process

    with IndexWriter(private_index) as writer:
        writer.commit({"counts": {}})

    assert not stale.exists()
