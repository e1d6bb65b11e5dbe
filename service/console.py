"""Tables for the terminal (rich, aligned for Chinese double-width characters) and the
clipping of long texts to a column's width."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table

# Piped or captured output is not cut to 80 columns: rows stay whole for grep and tests.
UNBOUNDED_WIDTH = 400


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def around_match(text: str, terms: Sequence[str], limit: int) -> str:
    """The text clipped to `limit` columns around the first of `terms` it holds, with … where
    text is left out: a long passage shows the phrase it was found by, not only its start."""
    text = " ".join(text.split())
    found = [(text.find(term), term) for term in terms if term and term in text]
    if width(text) <= limit or not found:
        return clip(text, limit)
    first, term = min(found)
    if width(text[: first + len(term)]) < limit - 1:  # already within the start
        return clip(text, limit)
    start, used = first, 0
    while start > 0 and used + width(text[start - 1]) <= limit // 4:
        start -= 1
        used += width(text[start])
    return "…" + clip(text[start:], limit - 1)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A table on stdout: a header row, a rule, a row per line (cells are wrapped on a
    narrow terminal, never on a pipe)."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=UNBOUNDED_WIDTH)
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for header in headers:
        grid.add_column(header)
    for row in rows:
        grid.add_row(*(str(cell) for cell in row))
    console.print(grid)
