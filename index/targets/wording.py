"""A target written the way the plans write it (2027年达到98.2%以上), and a check on its value."""

from __future__ import annotations

import re

from index.types import Target

# Measures of a share of a whole: as a percentage they cannot pass 100.
_SHARE = re.compile(
    r"(覆盖率|合格率|达标率|普及率|完成率|处置率|处理率|利用率|符合率|占比|比重|比例|程度)$"
)
# …unless the goal is a change: 年均增长20%, 提高15%.
_CHANGE = re.compile(r"(增长|提高|提升|增加|下降|降低|减少|压减)$")


def number(value: float) -> str:
    """98.2 → 98.2, 95.0 → 95, 1.7 → 1.7: never an exponent or a trailing zero."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def written(target: Target) -> str:
    """The goal as the plan states it: year, comparator, number, unit and bound
    (2027年达到98.2%以上, 年均增长20%, 控制在5.5%, 1.7万人以上, 累计建成4.4万亩)."""
    year = f"{target.year}年" if target.year else ""
    return f"{year}{target.comparator}{number(target.value)}{target.unit}{target.bound}"


def implausible(target: Target) -> str | None:
    """Why the value looks like a transcription error (森林覆盖率 超265%), or None.

    The value is still shown as published: only the plan's issuer can say what was meant."""
    share = _SHARE.search(target.metric) and not _CHANGE.search(target.comparator)
    if target.unit == "%" and target.value > 100 and share:
        return f"{target.metric}不会超过100%，原文数值疑为录入错误，请核对原句"
    if target.unit == "分" and target.value > 100 and target.metric.endswith("满意度"):
        return f"{target.metric}满分为100分，原文数值疑为录入错误，请核对原句"
    return None
