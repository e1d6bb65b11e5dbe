"""Find every numeric goal in a plan's passages (pure functions over text).

Three sentence shapes carry a goal:
  A  metric + comparator + number (+ 以上):  食品抽检合格率达到98.2%以上, 超过3.8%, 不少于100个
  B  (verb) + metric + number + unit at the clause's end:  新增…标准10项, 累计培育“津农精品”9个
  C  verb + number + unit + metric:  累计建成4.4万亩高标准农田, 建成1个4A级旅游景区
"A和B均达到95%" yields one target per metric, with the shared head distributed.
The words these shapes are written with (units, comparators, metric heads) are data:
index/data/targets.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index import data_files
from index.sentences import sentence_pattern
from index.types import Passage, Target

_VOCABULARY = data_files.table("targets.toml")  # the words goals are written with
UNITS: tuple[str, ...] = tuple(_VOCABULARY["units"])
COMPARATORS: tuple[str, ...] = tuple(_VOCABULARY["comparators"])
HEADS: tuple[str, ...] = tuple(_VOCABULARY["heads"])
_COUNT_UNITS: tuple[str, ...] = tuple(_VOCABULARY["count_units"])

_NUMBER = r"(?<![\dA-Za-z.．·])(?P<value>\d+(?:\.\d+)?)"
# Longest first, so 万人次 is not read as 万人 followed by 次.
_UNIT = "(?P<unit>" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")?"
_BOUND = r"(?P<bound>以上|以内|以下|左右)?"
# "A、B分别达到X、Y": several values, one per metric.
_RESPECTIVELY = re.compile(
    r"分别(?P<comparator>" + "|".join(sorted(COMPARATORS, key=len, reverse=True)) + r")"
)
_COMPARATOR = "(?P<comparator>" + "|".join(sorted(COMPARATORS, key=len, reverse=True)) + ")"
SHAPE_A = re.compile(_COMPARATOR + _NUMBER + _UNIT + _BOUND + r"(?![\dA-Za-z])")
SHAPE_B = re.compile(_NUMBER + _UNIT + _BOUND + r"$")
_VERB = (
    r"(?:累计|年均|每年|新|力争)?(?:新建改建|新改建|主导参与制定\(修订\)|主导和参与制定|新建|"
    r"改建|建成|建设|建立|创建|争创|培育|打造|引进|认定|新增|增加|完成|实现|改造|实施|推广|开展)"
)
SHAPE_C = re.compile(
    rf"^(?P<verb>{_VERB})"
    + _NUMBER
    + "(?P<unit>"
    + "|".join(_COUNT_UNITS)
    + r")(?P<metric>\S{2,20})$"
)
_LEADING_VERB = re.compile(rf"^({_VERB})")
_COMPARED_WITH = re.compile(r"(比|较)(\d{4}年(底|末)?|上年|去年|上一年)$")
_SCOPE = re.compile(
    r"^(力争|确保|每年|每季度|每月|每半年|全区|全省|全市|全县|全镇|我区|我省|我市|各级|其中|并|且|使|"
    r"实现|(到|至)?\d{4}年(底|末)?(前)?)+"
)
# A clause that reports the present or the past, not a goal: 同比增长6.1%, 为512亿元, 截至2023年底.
_STATISTIC = re.compile(r"同比|截至|截止|为\d|“?十三五”?期间|^\d{4}年[^到]*实现")
_PERIODIC = re.compile(r"每年|每季度|每月|每半年|“?十四五”?期间|年均")
_IN_PHRASE = re.compile(r"^在[^,，]{1,20}?中")
_YEAR_IN_SENTENCE = re.compile(r"(?<![比较])(?:到|至|于)?(?P<year>20\d{2})年(?:底|末)?(?![-—–~至])")
_YEAR_AT_START = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]?[^。,，]{0,24}?。)?"
    r"(?:到|至|力争到)?(?P<year>20\d{2})年"
)
_SENTENCES = sentence_pattern(by_line=False, closers="")
_CLAUSES = re.compile(r"[^,，:：]+")
_QUOTES = re.compile(r"[“”\"'‘’「」]")


def _clean_metric(text: str) -> str:
    metric = _QUOTES.sub("", text).strip(" ,，、")
    metric = _IN_PHRASE.sub("", metric)
    metric = _SCOPE.sub("", metric)
    metric = _COMPARED_WITH.sub("", metric)  # 能耗比2020年下降 → 能耗
    # "优质粮油、绿色蔬菜等主导农产品…": the measured thing follows the enumeration's 等
    # (but 等级公路 and 中等职业学校 keep their 等).
    enumeration = re.search(r"、[^、]*等(?![级次同])", metric)
    if enumeration:
        metric = metric[enumeration.end() :]
    return metric.strip(" ,，、")


def distribute(metric: str) -> list[str]:
    """制造业产品和消费品质量合格率 → [制造业产品质量合格率, 消费品质量合格率];
    城市和农村生活污水处理率 → [城市生活污水处理率, 农村生活污水处理率]."""
    parts = [p for p in re.split(r"和|及|与|、", metric) if p]
    if len(parts) < 2:
        return [metric]
    last = parts[-1]
    head = next((h for h in HEADS if last.endswith(h)), None)
    if head is None:
        return [metric]
    if len(head) < 3:
        # A bare 率/比例: the shared head is what follows
        # the last part's own qualifier, taken to be as long as the first part (城市 ~ 农村).
        aligned = last[len(parts[0]) :]
        if len(aligned) >= 2:
            head = aligned
    return [part if any(part.endswith(h) for h in HEADS) else part + head for part in parts]


def _number(value: str) -> float:
    number = float(value)
    return int(number) if number.is_integer() else number


_COUNTED = re.compile(r"\d+(?:\.\d+)?(?:" + "|".join(_COUNT_UNITS) + r")(?:以上|以下)?(?=、|$)")
_VALUE_UNIT = re.compile(_NUMBER + _UNIT + _BOUND)


Found = tuple[str, float, str, str, bool, str]  # metric, value, unit, comparator, at_least, bound


def _respectively(clause: str) -> list[Found] | None:
    """ "城镇和农村居民人均可支配收入分别达到5.6万元、2.4万元": one value per metric, in order."""
    match = _RESPECTIVELY.search(clause)
    if not match:
        return None
    metrics = distribute(_clean_metric(clause[: match.start()]))
    values = list(_VALUE_UNIT.finditer(clause, match.end()))
    if len(metrics) < 2 or len(values) != len(metrics):
        return None
    comparator = "分别" + match["comparator"]
    return [
        (
            metric,
            _number(v["value"]),
            (v["unit"] or "").replace("％", "%"),
            comparator,
            v["bound"] == "以上",
            v["bound"] or "",
        )
        for metric, v in zip(metrics, values, strict=True)
    ]


def clause_targets(clause: str) -> list[Found]:
    """(metric, value, unit, comparator, at_least, bound) for each goal in one clause; the
    bound is 以上, 以内, 以下 or 左右 as written after the number, or ''."""
    if _STATISTIC.search(clause):  # what was achieved, not what is aimed at
        return []
    respectively = _respectively(clause)
    if respectively:
        return respectively
    pieces = clause.split("、")
    if len(pieces) > 1 and len(_COUNTED.findall(clause)) == len(pieces):
        # "创建省级质量强县1个、质量强镇3个": each piece is a count; the verb is shared.
        verb = _LEADING_VERB.match(_SCOPE.sub("", pieces[0]))
        lead = verb[0] if verb else ""
        out = []
        for position, piece in enumerate(pieces):
            out += clause_targets(piece if position == 0 or not lead else lead + piece)
        return out
    found = []
    for match in SHAPE_A.finditer(clause):
        metric = _clean_metric(clause[: match.start()])
        if len(metric) < 2 or re.search(r"\d年$", metric):
            continue
        comparator = match["comparator"]
        at_least = bool(
            match["bound"] == "以上" or comparator in ("不少于", "不低于", "超过", "超", "突破")
        )
        unit = (match["unit"] or "").replace("％", "%")
        metrics = distribute(metric) if comparator.startswith("均") else [metric]
        bound = match["bound"] or ""
        found += [(m, _number(match["value"]), unit, comparator, at_least, bound) for m in metrics]
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
                "",
            )
        ]
    shape_b = SHAPE_B.search(clause)
    if shape_b and (shape_b["unit"] or shape_b["bound"]):
        head = clause[: shape_b.start()]
        verb = _LEADING_VERB.match(_SCOPE.sub("", _QUOTES.sub("", head)))
        # "城镇新增就业1.7万人以上": no verb, the bound alone makes it a goal.
        comparator = verb[0] if verb else ""
        bound = shape_b["bound"] or ""
        metric = _clean_metric(_SCOPE.sub("", _QUOTES.sub("", head))[len(verb[0]) if verb else 0 :])
        if len(metric) >= 2 and not re.search(r"[〔〕]", clause) and (comparator or bound):
            unit = (shape_b["unit"] or "").replace("％", "%")
            value = _number(shape_b["value"])
            return [(metric, value, unit, comparator, bound == "以上", bound)]
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
                for metric, value, unit, comparator, at_least, bound in clause_targets(clause):
                    if _PERIODIC.search(clause):
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
                            bound,
                        )
                    )
    return targets
