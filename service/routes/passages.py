"""A passage in context: its text and its neighbours in the plan."""

from __future__ import annotations

from fastapi import APIRouter

from service import convert, schemas
from service.deps import SearcherDep

router = APIRouter(prefix="/api", tags=["documents"])


@router.get(
    "/passages/{passage_id}",
    response_model=schemas.PassageDetail,
    responses={404: {"model": schemas.ErrorResponse, "description": "no passage with this id"}},
)
def passage(passage_id: str, searcher: SearcherDep) -> schemas.PassageDetail:
    """One passage with its plan and section, and the ids of the passages around it."""
    return convert.passage_detail(*searcher.passage(passage_id))
