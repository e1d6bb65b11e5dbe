"""Numeric targets lined up across plans: a metric × plan table, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from index.search import Searcher
from service import schemas
from service.convert import json_response
from service.deps import SearcherDep
from service.offload import offload
from service.params import max_query_chars, optional_query_text
from service.targets_table import grid, targets_response

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
    return await offload(request, lambda: json_response(targets_response(searcher, q, region)))


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
    headers, rows = grid(targets_response(searcher, q, region))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    filename = "targets.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
