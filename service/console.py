"""Plain-text tables for the terminal, aligned for Chinese (double-width) characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


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


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(
            cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)
        ).rstrip()

    return "\n".join(
        [line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]]
    )
