"""Sentences of a passage, verbatim with their offsets: what answers quote and what the model
embeds one by one (a passage's best sentence finds it when its whole text is about more).

The one definition of a sentence in the plans: text up to an end mark (ENDS), with a closing
quotation mark or parenthesis after it. `sentence_pattern` is the splitter every reader of
sentences uses (answers, the LSA's fit, target extraction, synthetic corpora); the passage
cutter of structure/passages.py cuts at the same ENDS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENDS = "。！？!?；;"  # what ends a sentence
CLOSERS = "”’)）"  # what may follow its end mark and still belong to it
UNITS_SENTENCE = re.compile(r"责任单位|按职责分工负责|负责落实")
MIN_SENTENCE = 6


def sentence_pattern(*, by_line: bool = True, closers: str = CLOSERS) -> re.Pattern[str]:
    """Sentences one match each: group "body" runs up to an end mark (or a line's end, when
    `by_line`), the match takes the end mark and one of `closers` after it."""
    stops = ENDS + ("\n" if by_line else "")
    close = f"[{closers}]?" if closers else ""
    return re.compile(f"(?P<body>[^{stops}]+)(?:[{ENDS}]{close})?")


_SENTENCE = sentence_pattern()


@dataclass(frozen=True)
class Sentence:
    start: int  # offset within the passage text
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The passage's sentences in order; a (责任单位:…) parenthetical is a sentence of its own,
    fragments shorter than MIN_SENTENCE characters are left out."""
    out = []
    for match in _SENTENCE.finditer(text):
        piece = match[0]
        stripped = piece.strip()
        if len(stripped) >= MIN_SENTENCE or UNITS_SENTENCE.search(stripped):
            out.append(Sentence(match.start() + piece.index(stripped), stripped))
    return out
