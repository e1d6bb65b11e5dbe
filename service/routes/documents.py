"""The plans in the index and their outlines."""

from __future__ import annotations

from fastapi import APIRouter

from service import convert, schemas
from service.deps import SearcherDep

router = APIRouter(prefix="/api", tags=["documents"])


@router.get("/documents", response_model=schemas.DocumentList)
async def documents(searcher: SearcherDep) -> schemas.DocumentList:
    """Every plan in the index with its title, region, issuer, 发文字号, date and passage count."""
    return schemas.DocumentList(
        documents=[
            schemas.DocumentSummary(**convert.summary(d.meta, d.passages))  # type: ignore[arg-type]
            for d in searcher.documents
        ]
    )


@router.get(
    "/documents/{doc_id}",
    response_model=schemas.DocumentDetail,
    responses={404: {"model": schemas.ErrorResponse, "description": "no plan with this id"}},
)
async def document(doc_id: str, searcher: SearcherDep) -> schemas.DocumentDetail:
    """One plan's metadata and its heading outline (一、 → (一) → 1.)."""
    return convert.document_detail(searcher.document(doc_id))
