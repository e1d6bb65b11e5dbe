"""Highlight query words in a passage: matches wrapped in <mark>, everything else HTML-escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable

from index.tokenize import fold


def _spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the terms in `text`; longer terms win, Latin ignores case."""
    lowered = text.lower()
    haystack = lowered if len(lowered) == len(text) else text  # lower() kept every offset
    spans: list[tuple[int, int]] = []
    wanted = sorted(
        {t.lower() if haystack is lowered else t for t in terms if t and t.strip()},
        key=len,
        reverse=True,
    )
    for term in wanted:
        start = haystack.find(term)
        while start != -1:
            end = start + len(term)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
                start = haystack.find(term, end)
            else:
                start = haystack.find(term, start + 1)
    return sorted(spans)


def highlight(text: str, terms: Iterable[str]) -> str:
    """The passage as safe HTML with each query word in <mark>; longest words win overlaps.

    Matches are found in the plain text and each piece is escaped on its own, so markup in
    a passage or a query can never come through, nor an entity such as &amp; be split.
    """
    out: list[str] = []
    position = 0
    for start, end in _spans(text, terms):
        out.append(html.escape(text[position:start], quote=False))
        out.append(f"<mark>{html.escape(text[start:end], quote=False)}</mark>")
        position = end
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def terms_in(text: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    """The terms a passage contains; a sub-word (质量) counts only where its whole word
    (首席质量官) is not also found, so highlights mark what matched, not every 质量."""
    folded = fold(text)
    found: list[str] = []
    for term in terms:
        if term in folded and not any(term in whole for whole in found):
            found.append(term)
    return tuple(found)
