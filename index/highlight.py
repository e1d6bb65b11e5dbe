"""Highlight query words in a passage: HTML-escape first, then wrap matches in <mark>."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable


def highlight(text: str, terms: Iterable[str]) -> str:
    """The passage as safe HTML with each query word in <mark>; longest words win overlaps."""
    escaped = html.escape(text, quote=False)
    wanted = sorted(
        {html.escape(t, quote=False) for t in terms if t and t.strip()}, key=len, reverse=True
    )
    if not wanted:
        return escaped
    pattern = re.compile("|".join(re.escape(t) for t in wanted), re.IGNORECASE)
    # Never split an entity such as &amp; by matching inside it.
    parts = re.split(r"(&[a-z]+;|&#\d+;)", escaped)
    return "".join(
        part
        if part.startswith("&") and part.endswith(";")
        else pattern.sub(lambda m: f"<mark>{m[0]}</mark>", part)
        for part in parts
    )
