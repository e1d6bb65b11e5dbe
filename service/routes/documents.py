"""The plans in the index and their outlines."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from service import convert, schemas
from service.deps import SearcherDep
from service.offload import offload

router = APIRouter(prefix="/api", tags=["documents"])


@router.get("/documents", response_model=schemas.DocumentList)
async def documents(request: Request, searcher: SearcherDep) -> Response:
    """Every plan in the index with its title, region, issuer, 发文字号, date and passage count."""

    def work() -> Response:
        return convert.json_response(
            schemas.DocumentList(
                documents=[
                    schemas.DocumentSummary(**convert.summary(d.meta, d.passages))  # type: ignore[arg-type]
                    for d in searcher.documents
                ]
            )
        )

    return await offload(request, work)


@router.get(
    "/documents/{doc_id}",
    response_model=schemas.DocumentDetail,
    responses={404: {"model": schemas.ErrorResponse, "description": "no plan with this id"}},
)
async def document(request: Request, doc_id: str, searcher: SearcherDep) -> Response:
    """One plan's metadata and its heading outline (一、 → (一) → 1.)."""
    return await offload(
        request, lambda: convert.json_response(convert.document_detail(searcher.document(doc_id)))
    )
