"""A passage in context: its text and its neighbours in the plan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from index.query import visible
from service import convert, schemas
from service.deps import SearcherDep
from service.offload import offload
from service.params import max_query_chars, optional_query_text

router = APIRouter(prefix="/api", tags=["documents"])


@router.get(
    "/passages/{passage_id}",
    response_model=schemas.PassageDetail,
    responses={404: {"model": schemas.ErrorResponse, "description": "no passage with this id"}},
)
async def passage(
    request: Request,
    passage_id: str,
    searcher: SearcherDep,
    q: Annotated[
        str | None,
        Query(description="optional: mark this query's words in `highlight`"),
    ] = None,
) -> Response:
    """One passage with its plan and section, and the ids of the passages around it."""
    if q is not None:
        q = optional_query_text(q, max_query_chars(request))

    def work() -> Response:
        found = searcher.passage(passage_id)
        highlighter = None
        if q and visible(q):
            highlighter = searcher.highlighter(searcher.parse(q))
        return convert.json_response(
            convert.passage_detail(
                found.passage, found.document, found.previous, found.following, highlighter
            )
        )

    return await offload(request, work)
