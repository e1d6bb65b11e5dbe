"""The rows of the targets table: one metric across plans, found once when the index is built.

The browse-all table shows these rows; a query shows the same rows, each with only the
targets that match it, so a metric sits in the same row whichever way it is reached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.targets.match import bigrams, split_metric
from index.types import Target

# Two metrics are "the same" (one table row) when they measure like subjects the same way
# (食品抽检合格率, 食品评价性抽检合格率: subjects' bigram Dice of at least SAME_SUBJECT),
# or, lacking a subject or a measure, when their wordings have a Dice of SAME_METRIC; and
# never when they name different scopes of a thing (其他工程 and 重大工程).
SAME_METRIC = 0.7
SAME_SUBJECT = 0.5
_SCOPES = re.compile(r"其他|其它|重大|一般|大中型|小型|重点|非重点")
_LAST_MEASURE = re.compile(
    r"(合格率|满意度|覆盖率|达标率|普及率|完成率|占比|比重|比例|指数|天数|得分|率)$"
)


@dataclass(frozen=True)
class TargetGroup:
    """One row of the metric × plan table."""

    metric: str  # the row's label
    targets: tuple[Target, ...]
    score: float  # the best match's score for a query; 0 when browsing


@dataclass(frozen=True)
class _Metric:
    text: str
    grams: frozenset[str]
    subject: str
    subject_grams: frozenset[str]
    measure: str
    scopes: frozenset[str]


def _describe(metric: str) -> _Metric:
    subject, measure = split_metric(metric)
    last = _LAST_MEASURE.search(measure)
    return _Metric(
        metric,
        frozenset(bigrams(metric)),
        subject,
        frozenset(bigrams(subject)) if subject else frozenset(),
        last[0] if last else "",
        frozenset(_SCOPES.findall(metric)),
    )


def same_metric(first: str, second: str) -> bool:
    return _same(_describe(first), _describe(second))


def _dice(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def _same(a: _Metric, b: _Metric) -> bool:
    """Same scope, and: with a subject and a measure each, the same measure of a like
    subject (制造业产品 ~ 工业产品, not 食品 ~ 药品); otherwise worded alike."""
    if a.scopes != b.scopes:
        return False
    if a.subject and b.subject and a.measure and b.measure:
        return a.measure == b.measure and (
            a.subject == b.subject or _dice(a.subject_grams, b.subject_grams) >= SAME_SUBJECT
        )
    return _dice(a.grams, b.grams) >= SAME_METRIC


def _identity(target: Target) -> tuple[object, ...]:
    return (
        target.doc_id,
        target.metric,
        target.value,
        target.unit,
        target.comparator,
        target.bound,
        target.year,
    )


def table_rows(targets: Sequence[Target]) -> list[tuple[int, ...]]:
    """Rows of the whole table as positions in `targets`, metrics most plans share first.

    A row holds one unit only (% and 家 never share one); a value a plan states twice is
    listed once. Metrics are compared once per distinct wording and unit, so a large
    corpus that repeats its metrics costs little."""
    first_seen: dict[tuple[object, ...], int] = {}
    for position, target in enumerate(targets):
        first_seen.setdefault(_identity(target), position)
    kept = sorted(first_seen.values())
    nodes: dict[tuple[str, str], int] = {}  # (metric, unit) → node
    node_of: list[int] = []
    for position in kept:
        key = (targets[position].metric, targets[position].unit)
        node_of.append(nodes.setdefault(key, len(nodes)))
    parent = list(range(len(nodes)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    by_unit: dict[str, list[tuple[int, _Metric]]] = {}
    for (metric, unit), node in nodes.items():
        by_unit.setdefault(unit, []).append((node, _describe(metric)))
    for members in by_unit.values():
        for i, (node, described) in enumerate(members):
            for other, other_described in members[:i]:
                if root(node) != root(other) and _same(described, other_described):
                    parent[root(node)] = root(other)
    rows: dict[int, list[int]] = {}
    for position, node in zip(kept, node_of, strict=True):
        rows.setdefault(root(node), []).append(position)
    ordered = sorted(
        rows.values(), key=lambda row: (-len({targets[p].doc_id for p in row}), row[0])
    )
    return [tuple(row) for row in ordered]


def label(targets: Sequence[Target]) -> str:
    """The wording most of the row's targets use (the first of equals)."""
    counts: dict[str, int] = {}
    for target in targets:
        counts[target.metric] = counts.get(target.metric, 0) + 1
    return max(counts, key=lambda metric: counts[metric])


def browse(
    targets: Sequence[Target], rows: Sequence[tuple[int, ...]], allowed: set[str]
) -> list[TargetGroup]:
    """The whole table for the plans in `allowed`."""
    groups = []
    for row in rows:
        members = tuple(targets[p] for p in row if targets[p].doc_id in allowed)
        if members:
            groups.append(TargetGroup(label(members), members, 0.0))
    groups.sort(key=lambda g: -len({t.doc_id for t in g.targets}))  # stable: ties keep order
    return groups


def matching(
    targets: Sequence[Target],
    rows: Sequence[tuple[int, ...]],
    scores: dict[int, float],
    threshold: float,
) -> list[TargetGroup]:
    """The rows with a target scoring at least `threshold`, best first; each row keeps only
    its matching targets and is labelled with the best match's wording."""
    groups = []
    for row in rows:
        members = [(p, scores[p]) for p in row if scores.get(p, 0.0) >= threshold]
        if not members:
            continue
        best, best_score = max(members, key=lambda pair: pair[1])
        groups.append(
            TargetGroup(
                targets[best].metric,
                tuple(targets[p] for p, _ in members),
                round(best_score, 4),
            )
        )
    groups.sort(key=lambda g: -g.score)
    return groups
