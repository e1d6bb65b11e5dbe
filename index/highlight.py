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


def _has_case(text: str) -> bool:
    """Whether the text has letters with case (Latin, Greek, Cyrillic …); Chinese has none."""
    return text.lower() != text.upper()


def highlight(text: str, terms: Iterable[str]) -> str:
    """The passage as safe HTML with each of the words in <mark>; the longest word wins where
    words overlap, and Latin letters match in any case."""
    words = [t for t in dict.fromkeys(terms) if t and t.strip()]
    return _mark(text, words, any(_has_case(w) for w in words))


def _mark(text: str, words: Sequence[str], cased: bool) -> str:
    """`highlight` for unique, non-blank words; `cased` if any of them has letters with case.

    Each word is swapped for a stand-in character, the text is escaped, and the stand-ins
    become marked words: markup in a passage or a query can never come through, nor an
    entity such as &amp; be split. All of it is str.replace, a pass in C per word.
    """
    if not words:
        return _escape(text)
    longest_first = sorted(words, key=len, reverse=True)
    if len(longest_first) > len(_STAND_INS) or (
        cased and (text.lower() != text or any(w.lower() != w for w in longest_first))
    ):
        return _highlight_spans(text, longest_first)
    marked = text
    for stand_in, word in zip(_STAND_INS, longest_first, strict=False):
        if stand_in in text:
            return _highlight_spans(text, longest_first)
        marked = marked.replace(word, stand_in)
    marked = _escape(marked)
    for stand_in, word in zip(_STAND_INS, longest_first, strict=False):
        marked = marked.replace(stand_in, f"<mark>{_escape(word)}</mark>")
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


class Highlighter:
    """One query's words (whole words before their sub-words), prepared once for every
    passage shown: which of them a passage holds, and the passage with them marked."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.terms = tuple(dict.fromkeys(t for t in terms if t and t.strip()))
        self._cased = any(_has_case(t) for t in self.terms)
        # What to look for in each passage: the words lower-cased when case can differ.
        self._needles = tuple(t.lower() for t in self.terms) if self._cased else self.terms

    def found(self, text: str) -> tuple[str, ...]:
        """The words the passage holds, in order; a sub-word (质量) counts only where its
        whole word (首席质量官) is not also found, so highlights mark what matched, not every
        质量. Latin letters match in any case."""
        haystack = text.lower() if self._cased else text
        found: list[str] = []
        for term, needle in zip(self.terms, self._needles, strict=True):
            if needle in haystack and not any(term in whole for whole in found):
                found.append(term)
        return tuple(found)

    def mark(self, text: str) -> str:
        """The passage as safe HTML with the words it holds in <mark>."""
        return _mark(text, self.found(text), self._cased)
