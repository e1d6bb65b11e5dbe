"""Cut a plan into paragraph-level passages that carry their section path and responsible units."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from index.sentences import CLOSERS, ENDS
from index.structure.headings import Block
from index.structure.responsibility import responsible_units
from index.types import NOTICE_SECTION, OutlineNode, Passage

MAX_PASSAGE_CHARS = 600
PREAMBLE_SECTION = "引言"
# Cut at the sentence ends of index/sentences.py (an empty run matches too: a lone end mark
# stays with the piece before it).
_SENTENCE = re.compile(f"[^{ENDS}]*(?:[{ENDS}][{CLOSERS}」』]?|$)")


def passage_id(doc_id: str, text: str, seen: dict[str, int]) -> str:
    """Stable while the text is unchanged: a hash of the text, numbered when a plan repeats it."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{doc_id}-{digest}" if seen[digest] == 1 else f"{doc_id}-{digest}-{seen[digest]}"


def split_long(text: str, start: int, limit: int = MAX_PASSAGE_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans of at most about `limit` characters, cut at sentence ends."""
    if len(text) <= limit:
        return [(start, start + len(text))]
    spans: list[tuple[int, int]] = []
    piece_start = 0
    piece_end = 0
    for match in _SENTENCE.finditer(text):
        if not match[0]:
            continue
        if match.end() - piece_start > limit and piece_end > piece_start:
            spans.append((piece_start, piece_end))
            piece_start = piece_end
        piece_end = match.end()
        while piece_end - piece_start > limit * 2:  # one endless sentence: cut at a comma
            comma = max(text.rfind(mark, piece_start, piece_start + limit) for mark in ",，、:：")
            comma = comma + 1 if comma > piece_start else piece_start + limit
            spans.append((piece_start, comma))
            piece_start = comma
    if piece_end > piece_start:
        spans.append((piece_start, piece_end))
    return [(start + a, start + b) for a, b in spans if text[a:b].strip()]


def _spans(clean: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    raw = clean[start:end]
    stripped = raw.strip()
    if not stripped:
        return []
    first = start + raw.index(stripped)
    return split_long(stripped, first)


def build_passages(
    doc_id: str, clean: str, blocks: list[Block], body_start: int
) -> tuple[Passage, ...]:
    """Passages in reading order: the notice, the preamble, then items and body paragraphs."""
    pieces: list[tuple[tuple[str, ...], int, int, tuple[str, ...]]] = []
    for span in _spans(clean, 0, body_start):
        pieces.append(((NOTICE_SECTION,), *span, ()))
    stack: list[Block] = []
    for block in blocks:
        if block.kind in ("heading", "item"):
            while stack and stack[-1].level >= block.level:
                stack.pop()
            stack.append(block)
        elif stack and stack[-1].heading_kind == "bullet":
            stack.pop()  # a bullet covers its own paragraph only
        if block.kind == "heading":
            continue
        section = tuple(entry.label for entry in stack) or (PREAMBLE_SECTION,)
        units = responsible_units(clean[block.start : block.end])
        for span in _spans(clean, block.start, block.end):
            pieces.append((section, *span, units))
    seen: dict[str, int] = {}
    return tuple(
        Passage(
            passage_id=passage_id(doc_id, clean[start:end], seen),
            doc_id=doc_id,
            ordinal=ordinal,
            section=section,
            text=clean[start:end],
            start=start,
            end=end,
            responsible_units=units,
        )
        for ordinal, (section, start, end, units) in enumerate(pieces)
    )


def build_outline(blocks: list[Block]) -> tuple[OutlineNode, ...]:
    """The nested headings: parts, sections, items, boxes and bullets."""
    root: list[tuple[int, str, list]] = []
    stack: list[tuple[int, str, list]] = []
    for block in blocks:
        if block.kind == "paragraph":
            continue
        node: tuple[int, str, list] = (block.level, block.label, [])
        while stack and stack[-1][0] >= block.level:
            stack.pop()
        (stack[-1][2] if stack else root).append(node)
        stack.append(node)

    def freeze(nodes: list[tuple[int, str, list]]) -> tuple[OutlineNode, ...]:
        return tuple(OutlineNode(label, freeze(children)) for _, label, children in nodes)

    return freeze(root)
