"""The manifest: checksummed, its shape checked, the building code's fingerprint compared on load.

Each damage is refused with one line naming the file and the fix, never a KeyError.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from index.errors import IndexCorrupt, PolicySearchError
from index.search import Searcher
from index.store import current_build, open_index

REPO = Path(__file__).resolve().parents[2]
REBUILD = "rebuild with `policy-search index`"


def _build(root: Path) -> Path:
    folder = current_build(root)
    assert folder is not None
    return folder


def _replace_in_manifest(folder: Path, old: str, new: str) -> None:
    """Damage the manifest as a flipped byte or a careless edit would (checksum not updated)."""
    path = folder / "manifest.json"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _rewrite_consistently(folder: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    """A manifest whose checksum matches but whose content is wrong (another program wrote it)."""
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    edit(manifest)
    data = json.dumps(manifest, ensure_ascii=False).encode()
    (folder / "manifest.json").write_bytes(data)
    (folder / "manifest.sha256").write_text(f"{hashlib.sha256(data).hexdigest()}  manifest.json\n")


def _one_line(error: pytest.ExceptionInfo[Exception]) -> str:
    message = str(error.value)
    assert "\n" not in message
    assert REBUILD in message
    return message


def test_the_manifest_checksum_is_written_beside_it_in_sha256sum_format(
    private_index: Path,
) -> None:
    folder = _build(private_index)

    checked = subprocess.run(
        ["sha256sum", "--check", "manifest.sha256"], cwd=folder, capture_output=True, text=True
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip() == "manifest.json: OK"


@pytest.mark.parametrize(
    ("old", "new"),
    [('"sha256"', '"sha25X"'), ('"files"', '"filez"'), ('"bytes": 1', '"bytes": 9')],
)
def test_a_damaged_manifest_is_refused_naming_it(private_index: Path, old: str, new: str) -> None:
    folder = _build(private_index)
    _replace_in_manifest(folder, old, new)

    with pytest.raises(IndexCorrupt) as caught:
        Searcher(private_index)

    assert _one_line(caught) == (
        f"{folder / 'manifest.json'} failed its checksum (altered or damaged since it was "
        f"written); {REBUILD}"
    )


def test_a_damaged_files_key_no_longer_turns_the_checks_off(private_index: Path) -> None:
    # Before: `"files"` damaged meant no file to check, and a truncated texts.bin was served.
    folder = _build(private_index)
    _replace_in_manifest(folder, '"files"', '"filez"')
    texts = folder / "passages" / "texts.bin"
    texts.write_bytes(texts.read_bytes()[: texts.stat().st_size // 2])

    with pytest.raises(IndexCorrupt, match="failed its checksum"):
        open_index(private_index)


def test_a_missing_checksum_file_is_refused(private_index: Path) -> None:
    folder = _build(private_index)
    (folder / "manifest.sha256").unlink()

    with pytest.raises(IndexCorrupt) as caught:
        open_index(private_index)

    assert _one_line(caught).startswith(f"{folder / 'manifest.sha256'} is missing")


@pytest.mark.parametrize(
    ("edit", "what"),
    [
        (lambda m: m.pop("files"), "`files` is missing or not an object"),
        (lambda m: m.update(files=[]), "`files` is missing or not an object"),
        (lambda m: m.pop("build_id"), "`build_id` is missing or not a string"),
        (
            lambda m: m["files"]["places.json"].update(
                sha25X=m["files"]["places.json"].pop("sha256")
            ),
            "the entry of 'places.json' has no valid `sha256` and `bytes`",
        ),
        (
            lambda m: m["files"]["places.json"].update(bytes="12"),
            "the entry of 'places.json' has no valid `sha256` and `bytes`",
        ),
        (
            lambda m: m["files"].update({"../../outside": m["files"]["places.json"]}),
            "file name '../../outside' points outside the build",
        ),
        (lambda m: m.pop("embedder"), "`embedder` is missing or not an object"),
        (lambda m: m["embedder"].pop("id"), "`embedder.id` is missing or not a string"),
        (lambda m: m.pop("data_fingerprint"), "`data_fingerprint` is missing or not a string"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_refused_saying_what_is_wrong(
    private_index: Path, edit: Callable[[dict[str, Any]], object], what: str
) -> None:
    folder = _build(private_index)
    _rewrite_consistently(folder, edit)

    with pytest.raises(IndexCorrupt) as caught:
        Searcher(private_index)

    assert (
        _one_line(caught)
        == f"index manifest {folder / 'manifest.json'} is damaged: {what}; {REBUILD}"
    )


def test_a_build_of_other_building_code_is_refused_naming_the_fix(private_index: Path) -> None:
    folder = _build(private_index)
    _rewrite_consistently(folder, lambda m: m.update(data_fingerprint="0123456789abcdef"))

    with pytest.raises(PolicySearchError) as caught:
        Searcher(private_index)

    message = _one_line(caught)
    assert message.startswith(f"index build {folder.name} was made by other building code or data")
    assert "fingerprint 0123456789abcdef" in message


def test_the_command_line_says_one_line_for_a_damaged_manifest(private_index: Path) -> None:
    folder = _build(private_index)
    _replace_in_manifest(folder, '"sha256"', '"sha25X"')
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("POLICY_SEARCH_") or k == "POLICY_SEARCH_MODEL"  # the built-in LSA
    }

    searched = subprocess.run(
        [sys.executable, "-m", "service.cli", "search", "质量"],
        cwd=REPO,
        env=env | {"POLICY_SEARCH_INDEX_DIR": str(private_index)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert searched.returncode == 2
    assert searched.stderr.strip() == (
        f"policy-search search: {folder / 'manifest.json'} failed its checksum (altered or "
        f"damaged since it was written); {REBUILD}"
    )
