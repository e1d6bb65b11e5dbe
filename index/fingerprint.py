"""What shapes a build besides the corpus: the shipped data and the building code.

A build records this fingerprint and is searched only by a program with the same one, so an
upgrade that would cut or score passages differently rebuilds. Only the code a build runs
counts — the modules `index.build` and `index.milvus.publish` import, directly or not, found
by reading their import statements — so an upgrade of searching, ranking or serving code
keeps every build current (a million passages take an hour to build and publish again).
"""

from __future__ import annotations

import ast
import hashlib
from functools import cache
from pathlib import Path

BUILD_VERSION = "1"  # bump when the build changes what it writes for the same corpus
PACKAGE = "index"
# Where a build starts: the folder build, and the Milvus collection written from it.
BUILDING = ("index.build", "index.milvus.publish")
DATA_SUFFIXES = (".toml", ".txt")


def _source(package: Path, module: str) -> Path | None:
    """The file of a module of the package (`index.x.y`), or None (not ours, or absent)."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = package.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported(tree: ast.AST) -> set[str]:
    """The modules one file imports, anywhere in it (functions import lazily)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)  # `from index import x`: x may be a module too
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def building_files(package: Path) -> list[Path]:
    """The package's source files a build runs: the imports of BUILDING, followed through,
    with the `__init__.py` of every package on the way (Python runs them on import)."""
    found: set[Path] = set()
    todo = list(BUILDING)
    while todo:
        module = todo.pop()
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            path = _source(package, ".".join(parts[:depth]))
            if path is None or path in found:
                continue
            found.add(path)
            todo += sorted(_imported(ast.parse(path.read_bytes(), str(path))))
    return sorted(found)


def fingerprint_of(package: Path) -> str:
    """Hash of the building code and every data file of the package."""
    digest = hashlib.sha256(BUILD_VERSION.encode())
    data = [
        path
        for path in package.rglob("*")
        if path.is_file() and path.suffix in DATA_SUFFIXES and "__pycache__" not in path.parts
    ]
    for path in sorted({*building_files(package), *data}):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def data_fingerprint() -> str:
    """This program's fingerprint: the building code and the shipped data (dictionaries,
    synonyms, furniture rules)."""
    return fingerprint_of(Path(__file__).resolve().parent)
