"""The metric × plan table of numeric targets, written once for every reader: the API's JSON
(`targets_response`), and the cells of the CSV download and the CLI table (`grid`, each
cell the targets as `cell_text` writes them)."""

from __future__ import annotations

from collections.abc import Sequence

from index.search import Searcher
from index.targets.lookup import find_targets
from index.targets.wording import implausible, written
from service import schemas


def targets_response(
    searcher: Searcher, query: str, regions: Sequence[str]
) -> schemas.TargetsResponse:
    """The targets matching `query` in the plans of `regions` (a blank region is no filter,
    as on /api/search), grouped into rows of one metric."""
    table = find_targets(searcher, query, tuple(r for r in regions if r.strip()))
    titles = {d.meta.doc_id: d.meta for d in searcher.documents}
    rows = [
        schemas.TargetRow(
            metric=group.metric,
            targets=[
                schemas.TargetOut(
                    metric=t.metric,
                    value=t.value,
                    unit=t.unit,
                    comparator=t.comparator,
                    at_least=t.at_least,
                    bound=t.bound,
                    written=written(t),
                    implausible=implausible(t),
                    year=t.year,
                    region=titles[t.doc_id].region,
                    doc_id=t.doc_id,
                    doc_title=titles[t.doc_id].title,
                    passage_id=t.passage_id,
                    text=t.text,
                    group=group.metric,
                )
                for t in group.targets
            ],
        )
        for group in table.groups
    ]
    return schemas.TargetsResponse(
        query=table.query,
        took_ms=round(table.took_ms, 3),
        plans=[
            schemas.TargetPlan(doc_id=p.doc_id, doc_title=p.title, region=p.region)
            for p in table.plans
        ],
        groups=rows,
        targets=[t for row in rows for t in row.targets],
    )


def cell_text(target: schemas.TargetOut, row: str) -> str:
    """One target in a cell: the plan's wording of the metric when it is not the row's,
    the target as written, and the flag of a value that cannot be right."""
    wording = "" if target.metric == row else f"{target.metric} "
    flag = f"（{target.implausible}）" if target.implausible else ""
    return f"{wording}{target.written}{flag}"


def grid(response: schemas.TargetsResponse) -> tuple[list[str], list[list[str]]]:
    """The header (指标, then each plan's region and title) and one row per metric, each cell
    its plan's targets joined by ；(empty when the plan sets none)."""
    headers = [
        "指标",
        *[f"{p.region or ''} {p.doc_title or p.doc_id}".strip() for p in response.plans],
    ]
    rows = []
    for row in response.groups:
        cells = []
        for plan in response.plans:
            mine = [t for t in row.targets if t.doc_id == plan.doc_id]
            cells.append("；".join(cell_text(t, row.metric) for t in mine))
        rows.append([row.metric, *cells])
    return headers, rows
