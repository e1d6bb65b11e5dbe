"""Find the heading hierarchy of a plan: 一、 / (一) / 1. / (1) / 专栏N with —— bullets / unnumbered.

Headings are found at line starts and inline in run-on text. A numbered candidate is
accepted only where it continues the numbering of its level (or restarts at 1 under a
new parent) and stands at a sentence boundary, so 坚持质量第一、效益优先, 1.7万人,
3.8% and dates are not taken for headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.structure.numerals import chinese_to_int

PART, SECTION, ITEM, SUBITEM = 1, 2, 3, 4

_CANDIDATE = re.compile(
    r"(?P<part>[一二三四五六七八九十]{1,3})、"
    r"|[(（](?P<section>[一二三四五六七八九十]{1,4})[)）]"
    r"|(?<![\d.．A-Za-z])(?P<item>\d{1,2})[.．、](?![\d%])"
    r"|[(（](?P<subitem>\d{1,2})[)）]"
    r"|专栏\s*(?P<box>\d{1,2})"
    r"|(?P<bullet>——)(?!—)"
)
_SENTENCE_END = "。；;！!？?\ufffd"  # a replaced (damaged) byte most likely was punctuation
_TITLE_STOP = re.compile(r"[。；;\n]")
# Titles of plan parts that run straight into their body in run-on text ("一、指导思想以习近平…").
KNOWN_TITLES = (
    "指导思想",
    "总体要求",
    "基本原则",
    "工作原则",
    "主要目标",
    "工作目标",
    "发展目标",
    "总体目标",
    "重点任务",
    "主要任务",
    "工作任务",
    "保障措施",
    "组织保障",
    "组织实施",
    "实施步骤",
    "工作要求",
    "工作措施",
    "相关要求",
    "职责分工",
    "附则",
)
MAX_TITLE = 50
# Characters that continue a title after a known title word (指导思想和基本原则).
_TITLE_CONTINUES = "和与及、的暨"
MAX_UNNUMBERED = 16
_NO_PUNCTUATION = re.compile(r"^[\u4e00-\u9fff]{2,16}$")


@dataclass(frozen=True)
class Block:
    """A run of the text: a heading-only line, an item (heading with body) or a body paragraph."""

    kind: str  # heading | item | paragraph
    level: int  # hierarchy level for headings and items; 0 for paragraphs
    heading_kind: str  # part | section | item | subitem | box | bullet | unnumbered | ""
    number: int | None
    label: str  # heading label for headings and items; "" for paragraphs
    start: int
    end: int


@dataclass
class _Marker:
    kind: str
    level: int
    number: int | None
    start: int
    marker_end: int


def _at_boundary(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t\u3000")
    if not before or before.endswith("\n"):
        return True
    if before[-1] in _SENTENCE_END:
        return True
    if before[-1] == "”" and len(before) > 1 and before[-2] in _SENTENCE_END:
        return True
    # "…。(责任单位:…)2.下一项" in run-on text: a closing parenthetical after a sentence end.
    return bool(re.search(r"[。；;][(（][^()（）\n]{0,300}[)）]$", before))


def _at_line_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t\u3000")
    return not before or before.endswith("\n")


def _candidates(text: str, start: int, end: int) -> list[_Marker]:
    found = []
    for match in _CANDIDATE.finditer(text, start, end):
        kind = next(name for name, value in match.groupdict().items() if value is not None)
        value = match[kind]
        if kind in ("part", "section"):
            number = chinese_to_int(value)
            if number is None:
                continue
        elif kind == "bullet":
            number = None
        else:
            number = int(value)
        level = {
            "part": PART,
            "section": SECTION,
            "box": SECTION,
            "item": ITEM,
            "subitem": SUBITEM,
            "bullet": 0,
        }[kind]
        found.append(_Marker(kind, level, number, match.start(), match.end()))
    return found


def _known_title_run_in(text: str, start: int, segment_end: int) -> int | None:
    """End of a part title that runs straight into its body ("一、指导思想以习近平…")."""
    for title in KNOWN_TITLES:
        end = start + len(title)
        if text.startswith(title, start) and end < segment_end:
            following = text[end]
            if following not in _TITLE_CONTINUES and not _TITLE_STOP.match(following):
                return end
    return None


def _title_end(text: str, marker: _Marker, segment_end: int) -> tuple[int, int, str]:
    """(end of the title, start of the body, how the title ended: line | sentence | run-on)."""
    if marker.kind == "box":
        line_end = text.find("\n", marker.marker_end, segment_end)
        end = segment_end if line_end == -1 else line_end
        return end, end, "line"
    run_in = _known_title_run_in(text, marker.marker_end, segment_end)
    if run_in is not None:
        return run_in, run_in, "sentence"
    stop = _TITLE_STOP.search(text, marker.marker_end, segment_end)
    if stop and stop.start() - marker.marker_end <= MAX_TITLE:
        if stop[0] == "\n":
            return stop.start(), stop.start(), "line"
        return stop.start(), stop.end(), "sentence"
    if not stop and segment_end - marker.marker_end <= MAX_TITLE:
        return segment_end, segment_end, "run-on"
    following = text[marker.marker_end : marker.marker_end + MAX_TITLE]
    clause = re.search(r"[,，:：]", following)
    end = marker.marker_end + (clause.start() if clause else min(30, len(following)))
    return end, end, "sentence"


def _accept(text: str, body_start: int) -> list[_Marker]:
    """The candidates that are real headings, by boundary and numbering continuity."""
    counters = {PART: 0, SECTION: 0, ITEM: 0, SUBITEM: 0}
    restarted = {PART: True, SECTION: True, ITEM: True, SUBITEM: True}
    boxes = 0
    accepted: list[_Marker] = []
    open_title: _Marker | None = None
    candidates = _candidates(text, body_start, len(text))
    for position, marker in enumerate(candidates):
        adjacent = open_title is not None and (
            marker.start - open_title.start <= MAX_TITLE
            and not _TITLE_STOP.search(text, open_title.marker_end, marker.start)
        )
        if marker.kind in ("bullet", "box"):
            if not _at_line_start(text, marker.start):
                continue
            if marker.kind == "box":
                if marker.number != boxes + 1:
                    continue
                boxes += 1
            accepted.append(marker)
            open_title = None
            continue
        if not (adjacent or _at_boundary(text, marker.start)):
            continue
        level, number = marker.level, marker.number
        continues = number == counters[level] + 1 or (number == 1 and restarted[level])
        # One heading lost to a damaged boundary must not cost all that follow it: at a
        # clear boundary, a number that skips exactly one is taken, unless the skipped
        # number still comes later (then this one is out of order, not the other lost).
        skips_one = (
            number == counters[level] + 2
            and counters[level] > 0
            and _at_boundary(text, marker.start)
            and not any(
                later.kind == marker.kind and later.number == counters[level] + 1
                for later in candidates[position + 1 :]
            )
        )
        if not (continues or skips_one):
            continue
        counters[level] = number or 0
        restarted[level] = False
        for deeper in range(level + 1, SUBITEM + 1):
            restarted[deeper] = True
        accepted.append(marker)
        open_title = marker
    return accepted


def _unnumbered(text: str, start: int, end: int, accepted: list[_Marker]) -> list[_Marker]:
    """Short lines without punctuation between body text, such as 保障措施."""
    found = []
    taken = {marker.start for marker in accepted}
    position = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        line_start = position + line.index(stripped) if stripped else position
        position += len(line) + 1
        if (
            stripped
            and line_start not in taken
            and len(stripped) <= MAX_UNNUMBERED
            and _NO_PUNCTUATION.match(stripped)
            and position < end
        ):
            level = PART if stripped in KNOWN_TITLES else 0
            found.append(_Marker("unnumbered", level, None, line_start, line_start))
    return found


def find_blocks(text: str, body_start: int = 0) -> list[Block]:
    """Headings, items and body paragraphs of the plan text that starts at `body_start`."""
    markers = _accept(text, body_start)
    markers = sorted(
        markers + _unnumbered(text, body_start, len(text), markers), key=lambda m: m.start
    )
    blocks: list[Block] = []
    if markers:
        blocks += _paragraphs(text, body_start, markers[0].start)
    else:
        blocks += _paragraphs(text, body_start, len(text))
    depth = 0
    for index, marker in enumerate(markers):
        segment_end = markers[index + 1].start if index + 1 < len(markers) else len(text)
        if marker.kind == "unnumbered":
            line_end = text.find("\n", marker.start, segment_end)
            title_end = segment_end if line_end == -1 else line_end
            level = marker.level or min(depth + 1, SUBITEM)
            label = text[marker.start : title_end].strip()
            blocks.append(
                Block("heading", level, "unnumbered", None, label, marker.start, title_end)
            )
            blocks += _paragraphs(text, title_end, segment_end)
            depth = level
            continue
        title_end, body_start_at, ending = _title_end(text, marker, segment_end)
        level = marker.level or depth + 1
        label = text[marker.start : title_end].strip()
        if ending == "sentence" and text[body_start_at:segment_end].strip():
            line_end = text.find("\n", body_start_at, segment_end)
            item_end = segment_end if line_end == -1 else line_end
            blocks.append(
                Block("item", level, marker.kind, marker.number, label, marker.start, item_end)
            )
            blocks += _paragraphs(text, item_end, segment_end)
        else:
            blocks.append(
                Block("heading", level, marker.kind, marker.number, label, marker.start, title_end)
            )
            blocks += _paragraphs(text, title_end, segment_end)
        if marker.kind != "bullet":
            depth = level
    return blocks


def _paragraphs(text: str, start: int, end: int) -> list[Block]:
    blocks = []
    position = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            line_start = position + line.index(stripped)
            blocks.append(
                Block("paragraph", 0, "", None, "", line_start, line_start + len(stripped))
            )
        position += len(line) + 1
    return blocks
