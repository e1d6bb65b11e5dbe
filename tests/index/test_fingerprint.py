"""A build is stale after an upgrade of the code that builds it, and stays current after an
upgrade of searching or serving code (a large build takes an hour to make again)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.fingerprint import data_fingerprint, fingerprint_of

PACKAGE = Path(__file__).resolve().parents[2] / "index"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of this program's index package, to upgrade."""
    copy = tmp_path / "index"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _upgrade(package: Path, name: str) -> None:
    path = package / name
    path.write_bytes(path.read_bytes() + b"\n# upgraded\n")


def test_the_copy_has_this_programs_fingerprint(package: Path) -> None:
    assert fingerprint_of(package) == data_fingerprint()


@pytest.mark.parametrize(
    "name",
    [
        "search.py",  # searching
        "ranking.py",
        "answers.py",
        "storage/milvus.py",  # reading Milvus
        "milvus/load.py",
        "traditional.py",  # query-side conversion
    ],
)
def test_an_upgrade_of_searching_code_keeps_builds_current(package: Path, name: str) -> None:
    before = fingerprint_of(package)
    _upgrade(package, name)
    assert fingerprint_of(package) == before


@pytest.mark.parametrize(
    "name",
    [
        "build.py",
        "tokenize.py",  # cuts passages and queries alike
        "structure/passages.py",
        "ingest/furniture.py",
        "embedders/builtin.py",  # imported inside a function only
        "lexical.py",
        "milvus/schema.py",  # what a Milvus collection holds
        "data/stopwords.txt",
        "data/synonyms.txt",
    ],
)
def test_an_upgrade_of_building_code_or_data_makes_builds_stale(package: Path, name: str) -> None:
    before = fingerprint_of(package)
    _upgrade(package, name)
    assert fingerprint_of(package) != before
