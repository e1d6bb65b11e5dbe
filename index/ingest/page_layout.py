"""Text pages as a PDF gives them back, made into the plain text of the plan (pure functions).

Three things stand between a PDF's text and the plan's: page furniture (page numbers,
running headers and footers repeated on every page), lines broken wherever the page
ran out of width, mid-sentence, and spaces a layout engine put between CJK characters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# Lines at the top and bottom of a page where running headers and footers stand.
EDGE_LINES = 3
# A line seen at a page edge on at least this share of the pages is furniture.
REPEATED_SHARE = 0.5
# A line this close to the page's longest line filled the width: the text ran on. Titles
# are set larger than the text (二号 against 三号 in GB/T 9704), so a full title line holds
# about 0.73 of the characters of a full line of text.
FULL_LINE_SHARE = 0.7

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*"
    r"(?:(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)"
    r"|(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?)"
    r"|(?:\d+\s*(?:/\s*\d+)?))"
    r"[\s\-—–－·•]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_SPACES = "[ \\t\\u00a0\\u3000]+"
# Layout engines space out justified lines: gaps beside a CJK character or inside a number
# are the layout's, not the text's; other gaps (between Latin words) become one space.
_LAYOUT_GAP = re.compile(rf"(?<=[{_CJK}]){_SPACES}|{_SPACES}(?=[{_CJK}])|(?<=\d){_SPACES}(?=\d)")
_GAP = re.compile(_SPACES)
_SENTENCE_END = re.compile(r"[。！？；!?;:：…」』”’)）】〕》]\s*$")
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十百]+\s*[)）]"
    r"|\d{1,3}\s*[、.．](?!\d)"
    r"|[（(]\s*\d{1,3}\s*[)）]"
    r"|第[一二三四五六七八九十百\d]+[章节条部分]"
    r"|附件|附表"
    r"|[\u4e00-\u9fff]{2,12}〔\d{4})"  # a 发文字号 such as 合川府发〔2024〕9号
)
# A line indented this many spaces more than the page's text starts a paragraph.
INDENT_SPACES = 2
_UNCLOSED = (("《", "》"), ("（", "）"), ("(", ")"), ("“", "”"))


def _furniture_key(line: str) -> str:
    """A line with its numbers blanked: page 3's footer and page 4's are the same line."""
    return _DIGITS.sub("#", re.sub(r"\s+", "", line))


def strip_page_furniture(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """Each page's lines without page numbers and the headers and footers repeated on
    most pages (found among the first and last EDGE_LINES lines of each page)."""
    pages = [[line.rstrip() for line in page if line.strip()] for page in pages]
    edges: Counter[str] = Counter()
    for page in pages:
        edge = {*page[:EDGE_LINES], *page[-EDGE_LINES:]}
        edges.update({_furniture_key(line) for line in edge})
    repeated = {
        key
        for key, count in edges.items()
        if len(pages) >= 2 and count >= max(2, REPEATED_SHARE * len(pages))
    }
    cleaned = []
    for page in pages:
        last = len(page) - 1
        kept = []
        for position, line in enumerate(page):
            at_edge = position < EDGE_LINES or position > last - EDGE_LINES
            if at_edge and (_PAGE_NUMBER.match(line.strip()) or _furniture_key(line) in repeated):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def close_gaps(line: str) -> str:
    """The line without the spaces a layout put between CJK characters or digits."""
    return _GAP.sub(" ", _LAYOUT_GAP.sub("", line.strip()))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \u3000\u00a0"))


def _width(line: str) -> float:
    """Printed width in CJK character widths: Latin letters and digits take about half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in line)


def _unclosed(line: str) -> bool:
    return any(line.count(left) > line.count(right) for left, right in _UNCLOSED)


def join_wrapped_lines(
    pages: Sequence[Sequence[str]], texts: Sequence[Sequence[str]] | None = None
) -> str:
    """The pages' lines as paragraphs: a line that filled the page width without ending a
    sentence, or that leaves a 《title》 or bracket open, runs on into the next line
    unless that one starts a numbered heading.

    `pages` are laid out as printed (indents kept, columns proportional to width);
    `texts`, when given, are the same pages read plainly, whose spacing within a line is
    truer than a layout's: a line found in both is taken from them.
    """
    laid_out = [
        _laid_out(page, {_key(line): line.strip() for line in (texts[number] if texts else ())})
        for number, page in enumerate(pages)
    ]
    # Whether the document marks paragraphs by indenting their first line: a page that is
    # all one paragraph has no indented line, but its paragraph ends no sooner for that.
    indents = sum(line.indented for page in laid_out for line in page) >= 2
    paragraphs: list[str] = []
    running = unclosed = False
    for page in laid_out:
        for line in page:
            runs_on = (running and not line.indented) or unclosed
            if runs_on and paragraphs and not _HEADING_START.match(line.text):
                paragraphs[-1] += line.text
            else:
                paragraphs.append(line.text)
            # Where paragraphs are indented, a full line that ends a sentence may still run
            # on: the next line's indent tells. Where they are not, a sentence end ends it.
            ends = bool(_SENTENCE_END.search(line.text)) and not indents
            running = line.full and not ends
            unclosed = _unclosed(paragraphs[-1])
    return "\n".join(paragraphs)


def _key(line: str) -> str:
    return re.sub(r"\s+", "", line)


@dataclass(frozen=True)
class _Line:
    text: str  # without the gaps of the layout
    full: bool  # it filled the width of the page's text
    indented: bool  # it starts further right than the page's text


def _laid_out(page: Sequence[str], plain: dict[str, str]) -> list[_Line]:
    page = [line.rstrip() for line in page if line.strip()]
    if not page:
        return []
    texts = [plain.get(_key(line)) or close_gaps(line) for line in page]
    widths = [_width(text) for text in texts]
    widest = max(widths)
    indents = [_indent(line) for line in page]
    base = min(indents)
    indented = [indent - base >= INDENT_SPACES for indent in indents]
    return [
        _Line(text, width >= FULL_LINE_SHARE * widest, is_indented)
        for text, width, is_indented in zip(texts, widths, indented, strict=True)
    ]
