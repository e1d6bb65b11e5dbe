"""What shapes a build besides the corpus: the shipped data and the building code."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

BUILD_VERSION = "1"  # bump when the build changes what it writes for the same corpus


@cache
def data_fingerprint() -> str:
    """Hash of what shapes a build besides the corpus: the shipped data (dictionaries,
    synonyms, furniture rules) and the building code itself, so an upgrade rebuilds."""
    digest = hashlib.sha256(BUILD_VERSION.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".toml", ".txt")
            and "__pycache__" not in path.parts
        ):
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
