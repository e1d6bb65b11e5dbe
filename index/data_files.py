"""The one reader of the data shipped in index/data/: the word lists, tables and rules that
shape ingestion (furniture.toml, radicals_supplement.txt), analysis (stopwords.txt,
domain_terms.txt, synonyms.txt), ranking (fusion.toml), the model (query_instructions.toml,
model_probes.toml) and target extraction (targets.toml), kept as data rather than code.

Each file is read once per process: the files never change while it runs."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

PACKAGE = "index.data"


@functools.cache
def text(name: str) -> str:
    """A data file's text (UTF-8)."""
    return resources.files(PACKAGE).joinpath(name).read_text("utf-8")


def lines(name: str) -> list[str]:
    """A word list's entries: its lines stripped, blank lines and # comments left out."""
    return [
        line.strip()
        for line in text(name).splitlines()
        if line.strip() and not line.startswith("#")
    ]


def table(name: str) -> dict[str, Any]:
    """A TOML data file, parsed afresh (callers may change what they get)."""
    return tomllib.loads(text(name))
