"""Numeric targets lined up across plans: a metric × plan table, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from index.search import Searcher
from index.targets.lookup import TargetTable, find_targets
from index.targets.wording import implausible, written
from service import schemas
from service.convert import json_response
from service.deps import SearcherDep
from service.offload import offload
from service.params import max_query_chars, optional_query_text

router = APIRouter(prefix="/api", tags=["targets"])

TargetQuery = Annotated[
    str,
    Query(
        description="the metric to look for, e.g. 食品抽检合格率; empty: all",
        examples=["食品抽检合格率"],
    ),
]
Regions = Annotated[
    list[str], Query(description="only plans of this region (repeatable); blank: no filter")
]


def _table(searcher: Searcher, q: str, region: list[str]) -> TargetTable:
    # A blank region is no filter, as on /api/search.
    return find_targets(searcher, q, tuple(r for r in region if r.strip()))


def cell_text(target: schemas.TargetOut, row: str) -> str:
    """One value of a CSV cell: the plan's wording of the metric when it is not the row's,
    the target as written, and the flag of a value that cannot be right."""
    wording = "" if target.metric == row else f"{target.metric} "
    flag = f"（{target.implausible}）" if target.implausible else ""
    return f"{wording}{target.written}{flag}"


def _response(searcher: Searcher, table: TargetTable) -> schemas.TargetsResponse:
    titles = {d.meta.doc_id: d.meta for d in searcher.documents}
    rows = []
    for group in table.groups:
        rows.append(
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
        )
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


@router.get(
    "/targets",
    response_model=schemas.TargetsResponse,
    responses={422: {"model": schemas.ErrorResponse}},
)
async def targets(
    request: Request, searcher: SearcherDep, q: TargetQuery = "", region: Regions = []
) -> Response:
    """The plans' numeric goals for a metric, matched by meaning and grouped across plans.

    Each row (`groups`) is one metric; each target says its plan, value, unit, comparator,
    target year and the sentence it comes from.
    """
    q = optional_query_text(q, max_query_chars(request))
    return await offload(
        request, lambda: json_response(_response(searcher, _table(searcher, q, region)))
    )


@router.get(
    "/targets.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "metric × plan table"},
        422: {"model": schemas.ErrorResponse},
    },
)
async def targets_csv(
    request: Request, searcher: SearcherDep, q: TargetQuery = "", region: Regions = []
) -> Response:
    """The same table as CSV (UTF-8 with BOM, opens in Excel): one row per metric, one column per plan."""
    q = optional_query_text(q, max_query_chars(request))
    return await offload(request, lambda: _csv(searcher, q, region))


def _csv(searcher: Searcher, q: str, region: list[str]) -> Response:
    response = _response(searcher, _table(searcher, q, region))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["指标", *[f"{p.region or ''} {p.doc_title or p.doc_id}".strip() for p in response.plans]]
    )
    for row in response.groups:
        cells = []
        for plan in response.plans:
            mine = [t for t in row.targets if t.doc_id == plan.doc_id]
            cells.append("；".join(cell_text(t, row.metric) for t in mine))
        writer.writerow([row.metric, *cells])
    filename = "targets.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
