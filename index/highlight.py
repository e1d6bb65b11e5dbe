"""Highlight query words in a passage: matches wrapped in <mark>, everything else HTML-escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

# Stand-ins for marked words while the rest of the text is escaped: control characters,
# which passages do not contain (a passage that does takes the slower exact path).
_STAND_INS = tuple(chr(code) for code in range(0x01, 0x20) if chr(code) not in "\t\n\r")


def _needs_escape(text: str) -> bool:
    return "&" in text or "<" in text or ">" in text


def _escape(text: str) -> str:
    return html.escape(text, quote=False) if _needs_escape(text) else text


def _has_letters(text: str) -> bool:
    """Whether the text has letters with case (Latin, Greek, Cyrillic …); Chinese has none."""
    return text.lower() != text.upper()


def highlight(text: str, terms: Iterable[str]) -> str:
    """The passage as safe HTML with each of the words in <mark>; the longest word wins where
    words overlap, and Latin letters match in any case.

    Each word is swapped for a stand-in character, the text is escaped, and the stand-ins
    become marked words: markup in a passage or a query can never come through, nor an
    entity such as &amp; be split. All of it is str.replace, a pass in C per word.
    """
    wanted = sorted(dict.fromkeys(t for t in terms if t and t.strip()), key=len, reverse=True)
    if not wanted:
        return _escape(text)
    latin = [t for t in wanted if _has_letters(t)]
    if (
        len(wanted) > len(_STAND_INS)
        or any(stand_in in text for stand_in in _STAND_INS[: len(wanted)])
        or (latin and (text.lower() != text or any(t.lower() != t for t in latin)))
    ):
        return _highlight_spans(text, wanted)
    marked = text
    for stand_in, term in zip(_STAND_INS, wanted, strict=False):
        marked = marked.replace(term, stand_in)
    marked = _escape(marked)
    for stand_in, term in zip(_STAND_INS, wanted, strict=False):
        marked = marked.replace(stand_in, f"<mark>{_escape(term)}</mark>")
    return marked


def _highlight_spans(text: str, wanted: list[str]) -> str:
    """The same marks found by position, for text the stand-ins cannot serve: Latin words
    in another case, more words than stand-ins, or a passage holding a stand-in itself."""
    lowered = text.lower()
    haystack = lowered if len(lowered) == len(text) else text
    taken = [False] * len(text)
    spans: list[tuple[int, int]] = []
    for term in (t.lower() if haystack is lowered else t for t in wanted):
        start = haystack.find(term)
        while start != -1:
            end = start + len(term)
            if any(taken[start:end]):
                start = haystack.find(term, start + 1)
                continue
            taken[start:end] = [True] * (end - start)
            spans.append((start, end))
            start = haystack.find(term, end)
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        out.append(html.escape(text[position:start], quote=False))
        out.append(f"<mark>{html.escape(text[start:end], quote=False)}</mark>")
        position = end
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def terms_in(text: str, terms: Sequence[str]) -> tuple[str, ...]:
    """The terms a passage contains, in the order given (whole words before their sub-words);
    a sub-word (质量) counts only where its whole word (首席质量官) is not also found, so
    highlights mark what matched, not every 质量. Latin letters match in any case."""
    latin = any(_has_letters(t) for t in terms)
    haystack = text.lower() if latin else text
    found: list[str] = []
    for term in terms:
        if (
            term
            and (term.lower() if latin else term) in haystack
            and not any(term in whole for whole in found)
        ):
            found.append(term)
    return tuple(found)
