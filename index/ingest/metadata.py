"""Read a plan's own statements about itself: header fields, notice title, title, signature block."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.dates import parse_date, read_date
from index.regions import leading_units

_LABEL_FIELDS = {
    "发文字号": "doc_number",
    "文号": "doc_number",
    "政策文号": "doc_number",
    "发布日期": "published",
    "发布时间": "published",
    "成文日期": "written",
    "发布机构": "publisher",
    "发布部门": "publisher",
}
_LABELS = "|".join(sorted(_LABEL_FIELDS, key=len, reverse=True))
_ALL_LABELS = _LABELS + "|索引号|主题分类|体裁分类|有效性|来源|生效日期|废止日期"
_BRACKETED = re.compile(rf"\[\s*({_LABELS})\s*\]\s*([^\[\n]*)")
_COLON = re.compile(rf"^({_LABELS})\s*[:：]\s*([^|\n]*)", re.MULTILINE)
_LABEL_LINE = re.compile(rf"^({_ALL_LABELS})$")

_NOTICE_TITLE = re.compile(r"^(?P<issuer>\S.{1,40}?)关于印发(?P<title>.+?)的?通知$")
_QUOTED_TITLE = re.compile(r"《([^《》]{4,80})》\s*(?:已经|印发|现印发|经)")
_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{2,12})〔(?P<year>\d{4})〕(?P<number>\d{1,4})号$"
)
_DOC_NUMBER_LOST = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{2,12})〔(?P<year>\d{4})(?P<number>\d{1,4})$"
)
_YEAR_RANGE_LINE = re.compile(r"^[（(]?\d{4}\s*[-—–－~至]\s*\d{4}年[）)]?$")
_DATE_INLINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_DATE_LINE = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{6,8})$")
_ORG_WORDS = re.compile(
    r"(人民政府|政府|管委会|管理委员会|办公室|办公厅|领导小组|委员会|质量强|工作|市场监督|市场监管)"
)
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PUNCTUATION = re.compile(r"[\s、,，。:：;；“”\"'《》()（）\[\]【】\-—–－]")


@dataclass(frozen=True)
class Statements:
    """Metadata stated in the text, and where the plan's own text begins."""

    title: str | None
    notice_title: str | None
    region: str | None
    level: str | None
    issuer: str | None
    doc_number: str | None
    published: str | None
    body_start: int  # where the plan's title stands in the cleaned text (0: no notice)
    preamble_start: int  # where the text after the title begins


def header_fields(raw: str) -> dict[str, str]:
    """Fields of the portal's metadata table, in any of its three layouts."""
    fields: dict[str, str] = {}

    def put(label: str, value: str) -> None:
        value = value.strip(" \u3000\u00a0|")
        if value and _LABEL_FIELDS[label] not in fields:
            fields[_LABEL_FIELDS[label]] = value

    for match in _BRACKETED.finditer(raw):
        put(match[1], match[2])
    for match in _COLON.finditer(raw):
        put(match[1], match[2])
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    for label, value in zip(lines, [*lines[1:], ""], strict=True):
        if label in _LABEL_FIELDS and _LABEL_LINE.match(label) and not _LABEL_LINE.match(value):
            put(label, value)
    return fields


def _squash(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def _unquote(title: str) -> str:
    return re.sub(r"\s+", "", title).strip("《》")


def _find_title(lines: list[tuple[int, str]], clean: str) -> tuple[str | None, str | None, int]:
    """(notice title, plan title as cited, index of the first line after the notice title)."""
    for position, (_, line) in enumerate(lines[:12]):
        compact = re.sub(r"\s*([《》])\s*", r"\1", line)
        match = _NOTICE_TITLE.match(compact)
        if match:
            return compact, _unquote(match["title"]), position + 1
    match = _QUOTED_TITLE.search(clean[:3000])
    return None, (_unquote(match[1]) if match else None), 0


def _locate_body(
    lines: list[tuple[int, str]], clean: str, cited: str, after_line: int
) -> tuple[int, int, str] | None:
    """Where the plan's own title stands: (start, end, heading as written)."""
    target = _squash(cited)
    for offset, line in lines[after_line:]:
        if "《" in line or "关于印发" in line or len(line) > 200:
            continue
        squashed = _squash(line)
        if len(squashed) >= 6 and (target.startswith(squashed) or squashed.startswith(target)):
            return offset, offset + len(line), line
    # Run-on text: the title inline, after the notice, not inside 《》.
    for match in re.finditer(re.escape(cited), clean):
        before, after = (
            clean[match.start() - 1 : match.start()],
            clean[match.end() : match.end() + 1],
        )
        if before != "《" and after != "》" and not clean[: match.start()].endswith("印发"):
            return match.start(), match.end(), cited
    return None


def _signature(notice: str) -> tuple[str | None, str | None]:
    """(issuer, date) from the signature block at the end of the notice."""
    lines = [line.strip() for line in notice.splitlines() if line.strip()]
    for position in range(len(lines) - 1, -1, -1):
        line = lines[position]
        if _DATE_LINE.match(line):
            date = read_date(line)
            issuer = lines[position - 1] if position > 0 else None
            if issuer and re.search(r"[。:：,，]$", issuer):
                issuer = None
            return issuer, date
        inline = list(_DATE_INLINE.finditer(line))
        if inline:
            last = inline[-1]
            before = re.split(r"[。；;!！?？]", line[: last.start()])[-1].strip()
            return (before or None), parse_date(last[0])
    return None, None


def region_of(name: str | None) -> str | None:
    """The administrative region an issuer or title names: 重庆市合川区人民政府 → 重庆市合川区."""
    if not name:
        return None
    head = _ORG_WORDS.split(name, maxsplit=1)[0]
    units, _ = leading_units(head)
    return "".join(units) or None


def level_of(region: str | None) -> str | None:
    if not region:
        return None
    if region in _MUNICIPALITIES or re.search(r"(省|自治区|特别行政区)$", region):
        return "省级"
    if region.endswith("新区"):
        return "国家级新区"
    if re.search(r"(区|县|旗)$", region):
        return "区县级"
    if re.search(r"(市|州|盟|地区)$", region):
        return "市级"
    return None


def _doc_number(fields: dict[str, str], notice_lines: list[str]) -> str | None:
    if fields.get("doc_number"):
        return fields["doc_number"]
    for line in notice_lines:
        if _DOC_NUMBER.match(line):
            return line
        lost = _DOC_NUMBER_LOST.match(line)
        if (
            lost
        ):  # 〔20249 → 〔2024〕9号: the year always has four digits, so the rest is the number
            return f"{lost['prefix']}〔{lost['year']}〕{lost['number']}号"
    return None


def read_statements(raw: str, clean: str) -> Statements:
    """Everything the document states about itself; fields it does not state are None."""
    fields = header_fields(raw)
    lines = []
    offset = 0
    for line in clean.split("\n"):
        if line.strip():
            lines.append((offset, line.strip()))
        offset += len(line) + 1
    notice_title, cited, after = _find_title(lines, clean)
    body_start, preamble_start, title = 0, 0, cited
    if cited:
        located = _locate_body(lines, clean, cited, after)
        if located:
            body_start, preamble_start, heading = located
            title = cited if _squash(cited).startswith(_squash(heading)) else heading
            rest = clean[preamble_start:].lstrip("\n")
            first_line = rest.split("\n", 1)[0].strip()
            if _YEAR_RANGE_LINE.match(first_line):
                preamble_start = clean.index(first_line, preamble_start) + len(first_line)
    if (
        title is None
        and lines
        and len(lines[0][1]) <= 60
        and not re.search(r"[。;；]", lines[0][1])
    ):
        title, body_start, preamble_start = lines[0][1], lines[0][0], lines[0][0] + len(lines[0][1])
    notice = clean[:body_start]
    signer, signed = _signature(notice) if notice else (None, None)
    titled = _NOTICE_TITLE.match(notice_title) if notice_title else None
    issuer = signer or (titled["issuer"] if titled else None)
    issuer = issuer or fields.get("publisher")
    region = region_of(issuer) or region_of(title)
    published = read_date(fields["published"]) if fields.get("published") else None
    return Statements(
        title=title,
        notice_title=notice_title,
        region=region,
        level=level_of(region),
        issuer=issuer,
        doc_number=_doc_number(fields, [line for _, line in lines if _ < body_start]),
        published=published or signed,
        body_start=body_start,
        preamble_start=preamble_start,
    )
