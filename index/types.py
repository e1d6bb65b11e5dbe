"""Typed values that flow between the building and searching modules."""

from __future__ import annotations

from dataclasses import dataclass, field

# The section of the passage that is the notice publishing a plan (印发通知), ahead of its text.
NOTICE_SECTION = "印发通知"


@dataclass(frozen=True)
class DocumentMeta:
    """What a plan says about itself: titles, region, issuer, number and date."""

    doc_id: str
    source: str
    title: str | None = None
    notice_title: str | None = None
    region: str | None = None
    level: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    published: str | None = None


def year_of(published: str | None) -> int | None:
    """2024 for a plan published 2024-07-23; None for a plan without a date."""
    if published and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


@dataclass(frozen=True)
class Heading:
    """A heading found in the text: its level in the hierarchy, its label and where it stands."""

    level: int
    kind: str  # part | section | item | subitem | box | bullet | unnumbered
    number: int | None
    label: str  # the heading as published, e.g. "(三)完善质量治理体系"
    start: int
    end: int  # end of the heading label (title) in the cleaned text


@dataclass(frozen=True)
class OutlineNode:
    heading: str
    children: tuple[OutlineNode, ...] = ()


@dataclass(frozen=True)
class Passage:
    """A paragraph-level chunk: an item with its body, or a body paragraph."""

    passage_id: str
    doc_id: str
    ordinal: int
    section: tuple[str, ...]
    text: str
    start: int
    end: int
    responsible_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    text: str  # the cleaned document: furniture removed, text as published otherwise
    outline: tuple[OutlineNode, ...]
    passages: tuple[Passage, ...]
    warnings: tuple[str, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id

    @property
    def parts(self) -> int:
        return len(self.outline)


@dataclass(frozen=True)
class SkippedFile:
    source: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The outcome of reading a folder: the plans read and the files skipped, with reasons."""

    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...] = ()
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Target:
    """A quantitative goal stated in a plan: 食品抽检合格率 达到 98.2 % 以上 by 2027."""

    metric: str
    value: float
    unit: str
    comparator: str
    at_least: bool
    year: int | None
    doc_id: str
    passage_id: str
    text: str  # the sentence that states it
    bound: str = ""  # 以上, 以内, 以下 or 左右 as written after the number
