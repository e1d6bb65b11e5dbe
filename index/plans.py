"""A whole plan to read: its passages in order, the headings between them, and an outline
whose every entry points at the place in the text where it begins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.results import IndexedDocument
from index.types import OutlineNode, Passage


@dataclass(frozen=True)
class Heading:
    anchor: str  # the id of the heading in the page
    level: int  # 0 for a part (一、), 1 for a section ((一)) …
    label: str


@dataclass(frozen=True)
class OutlineEntry:
    heading: str
    anchor: str  # where in the text it begins: its heading, or its first passage
    children: tuple[OutlineEntry, ...] = ()


@dataclass(frozen=True)
class PlanText:
    document: IndexedDocument
    blocks: tuple[Heading | Passage, ...]  # in reading order
    outline: tuple[OutlineEntry, ...]


def plan_text(document: IndexedDocument, passages: Sequence[Passage]) -> PlanText:
    """The plan's passages with a heading before each that opens a part or section not
    printed at the start of its first passage (an item's number and title are)."""
    headings = _outline_labels(document.outline)
    blocks: list[Heading | Passage] = []
    anchors: dict[tuple[str, ...], str] = {}
    previous: tuple[str, ...] = ()
    for passage in passages:
        section = passage.section
        for depth in range(len(section)):
            path = section[: depth + 1]
            if path == previous[: depth + 1] or path in anchors:
                continue
            label = section[depth]
            in_text = depth == len(section) - 1 and passage.text.startswith(label)
            if label in headings and not in_text:
                heading = Heading(f"h-{len(anchors) + 1}", depth, label)
                blocks.append(heading)
                anchors[path] = heading.anchor
            else:
                anchors[path] = passage.passage_id
        blocks.append(passage)
        previous = section
    return PlanText(document, tuple(blocks), _anchored(document.outline, (), anchors))


def _outline_labels(nodes: Sequence[OutlineNode]) -> set[str]:
    labels: set[str] = set()
    for node in nodes:
        labels.add(node.heading)
        labels |= _outline_labels(node.children)
    return labels


def _anchored(
    nodes: Sequence[OutlineNode], path: tuple[str, ...], anchors: dict[tuple[str, ...], str]
) -> tuple[OutlineEntry, ...]:
    entries = []
    for node in nodes:
        here = (*path, node.heading)
        children = _anchored(node.children, here, anchors)
        anchor = anchors.get(here) or (children[0].anchor if children else None)
        if anchor is not None:
            entries.append(OutlineEntry(node.heading, anchor, children))
    return tuple(entries)
