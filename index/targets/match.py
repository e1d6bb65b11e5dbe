"""Match target metrics to a query: wording (with synonyms) and meaning (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.tokenize import fold

# A metric answers the query at this score (0..1); chosen on the three tables of the
# targets issue and checked against the gold list (docs/eval.md).
MATCH_THRESHOLD = 0.45
DENSE_SHARE = 0.25
SEMANTIC_OVERRIDE = 0.8
_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")


def bigrams(text: str) -> set[str]:
    runs = _KEEP.findall(fold(text))
    grams = {run[i : i + 2] for run in runs for i in range(len(run) - 1)}
    return grams or {run for run in runs}


def dice(a: str, b: str) -> float:
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


_MEASURE = re.compile(
    r"(监督)?(抽检|抽查|抽样检验|评价性抽检|例行监测|监测|检测|检验|验收|一次验收)?"
    r"(合格率|满意度|覆盖率|达标率|普及率|完成率|占比|比重|比例|指数|天数|得分|增长率|率)$"
)
SUBJECT_SHARE = 0.6


def split_metric(metric: str) -> tuple[str, str]:
    """(what is measured, the measure): 制造业产品质量合格率 → (制造业产品, 合格率)."""
    folded = "".join(fold(metric).split())
    match = _MEASURE.search(folded)
    if not match:
        return folded, ""
    subject = re.sub(r"(质量安全|质量|安全|总体)+$", "", folded[: match.start()])
    return subject, match[0]


def wording_score(query: str, metric: str) -> float | None:
    """Wording similarity, or None when the query names a different subject.

    When both name a measure (…合格率, …满意度) the subject must match too, so
    食品抽检合格率 does not match 工业产品监督抽查合格率; a query that is only a measure
    (满意度) matches every metric of that measure.
    """
    query_subject, query_measure = split_metric(query)
    subject, measure = split_metric(metric)
    if query_measure and not query_subject:
        return dice(query_measure, measure) if measure else dice(query, metric)
    if query_measure and measure and subject:
        subject_match = dice(query_subject, subject)
        if subject_match == 0:
            return None
        return SUBJECT_SHARE * subject_match + (1 - SUBJECT_SHARE) * dice(query_measure, measure)
    return dice(query, metric)


def metric_score(variants: Sequence[str], metric: str, cosine: float = 0.0) -> float:
    """How well a metric matches the query: its wording (any synonym variant) and its meaning.

    A subject mismatch is overruled only by a near-certain meaning match (a real model's
    cosine of at least SEMANTIC_OVERRIDE)."""
    scores = [wording_score(variant, metric) for variant in variants]
    known = [score for score in scores if score is not None]
    if not known and cosine < SEMANTIC_OVERRIDE:
        return 0.0
    wording = max(known, default=0.0)
    return (1 - DENSE_SHARE) * wording + DENSE_SHARE * max(0.0, cosine)
