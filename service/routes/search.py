"""Search, compare and ask: the three ways into the plans."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from index.ask import ask as ask_plans
from index.compare import compare as compare_plans
from index.search import Filters
from service import convert, schemas
from service.deps import QueryText, SearcherDep

router = APIRouter(prefix="/api", tags=["search"])

Mode = Annotated[
    Literal["hybrid", "lexical", "dense"],
    Query(
        description="hybrid (default): words and meaning; lexical: words only; dense: meaning only"
    ),
]
_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": schemas.ErrorResponse, "description": "a parameter to fix"}
}


@router.get("/search", response_model=schemas.SearchResponse, responses=_ERRORS)
async def search(
    q: QueryText,
    searcher: SearcherDep,
    k: Annotated[int, Query(ge=1, le=50, description="how many passages, 1 to 50")] = 10,
    mode: Mode = "hybrid",
    region: Annotated[
        list[str], Query(description="only plans of this region (repeatable), e.g. 合川区")
    ] = [],
    doc_id: Annotated[list[str], Query(description="only these plans (repeatable)")] = [],
) -> Response:
    """Passages ranked by relevance to `q`, each with its plan, region and section path.

    A place named in the query (合川, 东丽区, 天府新区, 四川省 …) restricts or boosts
    that plan; `filters.detected` says which. Query words in `highlight` are in `<mark>`.
    """
    result = searcher.search(q, k=k, mode=mode, filters=Filters(tuple(region), tuple(doc_id)))
    return convert.json_response(convert.search(result))


@router.get("/compare", response_model=schemas.CompareResponse, responses=_ERRORS)
async def compare(
    q: QueryText,
    searcher: SearcherDep,
    per_doc: Annotated[int, Query(ge=1, le=5, description="passages per plan, 1 to 5")] = 1,
    mode: Mode = "hybrid",
) -> Response:
    """How each plan phrases the same measure: every plan once, the best match first.

    A plan that says nothing relevant is listed with `"passages": []`.
    """
    comparison = compare_plans(searcher, q, per_doc=per_doc, mode=mode)
    return convert.json_response(convert.compare(q, comparison))


@router.get("/ask", response_model=schemas.AskResponse, responses=_ERRORS)
async def ask(
    searcher: SearcherDep,
    q: QueryText,
    k: Annotated[int, Query(ge=1, le=10, description="how many answer sentences, 1 to 10")] = 3,
) -> Response:
    """Short answers quoted verbatim from the plans, most relevant first, each with its citation.

    Extractive only: every sentence is the plans' own text; nothing is generated.
    """
    asked = ask_plans(searcher, q, k=k)
    return convert.json_response(convert.ask(q, asked))
