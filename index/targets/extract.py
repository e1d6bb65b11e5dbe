"""Find every numeric goal in a plan's passages (pure functions over text).

Three sentence shapes carry a goal:
  A  metric + comparator + number (+ 以上):  食品抽检合格率达到98.2%以上, 超过3.8%, 不少于100个
  B  (verb) + metric + number + unit at the clause's end:  新增…标准10项, 累计培育“津农精品”9个
  C  verb + number + unit + metric:  累计建成4.4万亩高标准农田, 建成1个4A级旅游景区
"A和B均达到95%" yields one target per metric, with the shared head distributed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.types import Passage, Target

_NUMBER = r"(?<![\dA-Za-z.．·])(?P<value>\d+(?:\.\d+)?)"
UNITS = (
    "万亩",
    "万人",
    "万元",
    "亿元",
    "万吨",
    "公里",
    "个",
    "家",
    "项",
    "天",
    "次",
    "分",
    "人",
    "亩",
    "所",
    "件",
    "座",
    "名",
    "户",
    "倍",
    "%",
    "％",
)
_UNIT = "(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + ")?"
_BOUND = r"(?P<bound>以上|以内|以下)?"
COMPARATORS = (
    "年均增长",
    "不少于",
    "不低于",
    "不超过",
    "控制在",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "稳定在",
    "保持在",
    "均达到",
    "达到",
    "均达",
    "超过",
    "保持",
    "增长",
    "达",
    "超",
)
_COMPARATOR = "(?P<comparator>" + "|".join(COMPARATORS) + ")"
SHAPE_A = re.compile(_COMPARATOR + _NUMBER + _UNIT + _BOUND + r"(?![\dA-Za-z])")
SHAPE_B = re.compile(_NUMBER + _UNIT + _BOUND + r"$")
_COUNT_UNITS = ("万亩", "个", "家", "项", "座", "所", "亩", "名", "户")
SHAPE_C = re.compile(
    r"^(?P<verb>累计建成|累计培育|建成|新建|培育|创建|打造|引进)"
    + _NUMBER
    + "(?P<unit>"
    + "|".join(_COUNT_UNITS)
    + r")(?P<metric>\S{2,20})$"
)
_LEADING_VERB = re.compile(
    r"^(累计建成|累计培育|主导参与制定\(修订\)|主导和参与制定|新增|建立|建成|培育|创建|打造|实现)"
)
_SCOPE = re.compile(
    r"^(力争|确保|每年|全区|全省|全市|全县|全镇|我区|我省|我市|各级|其中|并|且|使|实现)+"
)
_IN_PHRASE = re.compile(r"^在[^,，]{1,20}?中")
_YEAR_IN_SENTENCE = re.compile(r"(?:到|至|于)?(?P<year>20\d{2})年(?:底|末)?(?![-—–~至])")
_YEAR_AT_START = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]?[^。,，]{0,24}?。)?"
    r"(?:到|至|力争到)?(?P<year>20\d{2})年"
)
_SENTENCES = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_CLAUSES = re.compile(r"[^,，:：]+")
HEADS = (
    "质量合格率",
    "抽检合格率",
    "合格率",
    "满意度",
    "覆盖率",
    "达标率",
    "普及率",
    "完成率",
    "占比",
    "比重",
    "比例",
    "率",
)
_QUOTES = re.compile(r"[“”\"'‘’「」]")


def _clean_metric(text: str) -> str:
    metric = _QUOTES.sub("", text).strip(" ,，、")
    metric = _IN_PHRASE.sub("", metric)
    metric = _SCOPE.sub("", metric)
    if "等" in metric[:-1]:
        metric = metric[metric.rindex("等") + 1 :]
    return metric.strip(" ,，、")


def distribute(metric: str) -> list[str]:
    """制造业产品和消费品质量合格率 → [制造业产品质量合格率, 消费品质量合格率]."""
    parts = [p for p in re.split(r"和|及|与|、", metric) if p]
    if len(parts) < 2:
        return [metric]
    head = next((h for h in HEADS if parts[-1].endswith(h)), None)
    if head is None:
        return [metric]
    return [part if any(part.endswith(h) for h in HEADS) else part + head for part in parts]


def _number(value: str) -> float:
    number = float(value)
    return int(number) if number.is_integer() else number


def clause_targets(clause: str) -> list[tuple[str, float, str, str, bool]]:
    """(metric, value, unit, comparator, at_least) for each goal in one clause."""
    found = []
    for match in SHAPE_A.finditer(clause):
        metric = _clean_metric(clause[: match.start()])
        if len(metric) < 2 or re.search(r"\d年$", metric):
            continue
        comparator = match["comparator"]
        at_least = bool(
            match["bound"] == "以上" or comparator in ("不少于", "不低于", "超过", "超")
        )
        unit = (match["unit"] or "").replace("％", "%")
        metrics = distribute(metric) if comparator.startswith("均") else [metric]
        found += [(m, _number(match["value"]), unit, comparator, at_least) for m in metrics]
    if found:
        return found
    shape_c = SHAPE_C.match(clause)
    if shape_c:
        return [
            (
                _clean_metric(shape_c["metric"]),
                _number(shape_c["value"]),
                shape_c["unit"],
                shape_c["verb"],
                False,
            )
        ]
    shape_b = SHAPE_B.search(clause)
    if shape_b and (shape_b["unit"] or shape_b["bound"]):
        head = clause[: shape_b.start()]
        verb = _LEADING_VERB.match(_SCOPE.sub("", _QUOTES.sub("", head)))
        comparator = verb[0] if verb else (shape_b["bound"] or "")
        metric = _clean_metric(_SCOPE.sub("", _QUOTES.sub("", head))[len(verb[0]) if verb else 0 :])
        if len(metric) >= 2 and not re.search(r"[〔〕]", clause) and comparator:
            unit = (shape_b["unit"] or "").replace("％", "%")
            return [
                (metric, _number(shape_b["value"]), unit, comparator, shape_b["bound"] == "以上")
            ]
    return []


def paragraph_year(text: str) -> int | None:
    """The year a goal paragraph states at its start: "(二)主要目标。2025年,…" → 2025."""
    match = _YEAR_AT_START.match(text)
    return int(match["year"]) if match else None


def _section_years(passages: Sequence[Passage]) -> dict[tuple[str, ...], int]:
    """For each section path, the year its first paragraph starts with (goal sections)."""
    years: dict[tuple[str, ...], int] = {}
    seen: set[tuple[str, ...]] = set()
    for passage in passages:
        for depth in range(1, len(passage.section) + 1):
            prefix = passage.section[:depth]
            if prefix in seen:
                continue
            seen.add(prefix)
            year = paragraph_year(passage.text)
            if year is not None:
                years[prefix] = year
    return years


def extract_targets(
    passages: Sequence[Passage], skip_sections: Sequence[str] = ("印发通知",)
) -> list[Target]:
    """Every goal in a plan's passages, in reading order, with the year in force for it."""
    section_years = _section_years(passages)
    targets: list[Target] = []
    for passage in passages:
        if passage.section and passage.section[0] in skip_sections:
            continue
        start_year = paragraph_year(passage.text)
        inherited = next(
            (
                section_years[passage.section[:depth]]
                for depth in range(len(passage.section), 0, -1)
                if passage.section[:depth] in section_years
            ),
            None,
        )
        for sentence_match in _SENTENCES.finditer(passage.text):
            sentence = sentence_match[0].strip()
            if not sentence:
                continue
            clause_year: int | None = None
            for clause_match in _CLAUSES.finditer(sentence.rstrip("。；;！？!?")):
                clause = clause_match[0].strip()
                year_here = _YEAR_IN_SENTENCE.search(clause)
                if year_here:  # "到2025年," holds for the rest of its sentence
                    clause_year = int(year_here["year"])
                for metric, value, unit, comparator, at_least in clause_targets(clause):
                    if "每年" in clause or "年均" in comparator:
                        year = None
                    else:
                        year = clause_year or start_year or inherited
                    targets.append(
                        Target(
                            metric,
                            value,
                            unit,
                            comparator,
                            at_least,
                            year,
                            passage.doc_id,
                            passage.passage_id,
                            sentence,
                        )
                    )
    return targets
