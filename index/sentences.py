"""Sentences of a passage, verbatim with their offsets: what answers quote and what the model
embeds one by one (a passage's best sentence finds it when its whole text is about more)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;][”’)）]?)?")
UNITS_SENTENCE = re.compile(r"责任单位|按职责分工负责|负责落实")
MIN_SENTENCE = 6


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
