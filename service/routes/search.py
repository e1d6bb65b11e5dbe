"""Search, compare and ask: the three ways into the plans.

These routes read their query string with `service.params.read` (one model, one
validation) rather than FastAPI parameters; `openapi_extra` documents the same fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from index.ask import ask as ask_plans
from index.compare import compare as compare_plans
from service import convert, schemas
from service.deps import searcher_of
from service.offload import offload
from service.params import AskParams, CompareParams, SearchParams, documented, filters_of, read

router = APIRouter(prefix="/api", tags=["search"])
F = TypeVar("F", bound=Callable[..., Any])

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": schemas.ErrorResponse, "description": "a parameter to fix"}
}


def _get(path: str, response: type[BaseModel], params: type[BaseModel]) -> Callable[[F], F]:
    """A GET route answering `response`, its query string documented from `params`."""
    return router.get(
        path, response_model=response, responses=_ERRORS, openapi_extra=documented(params)
    )


@_get("/search", schemas.SearchResponse, SearchParams)
async def search(request: Request) -> Response:
    """Passages ranked by relevance to `q`, each with its plan, region and section path.

    A place named in the query (合川, 东丽区, 天府新区, 四川省 …) restricts or boosts
    that plan; `filters.detected` says which. Query words in `highlight` are in `<mark>`.

    `"质量月"` matches the exact phrase; `-培训` leaves out passages containing 培训 (and
    never marks it). `total` counts the passages matching; `facets` counts them per region,
    level and year; `page` (or `offset`) with `k` pages through them, `sort=date` puts the
    newest plans first.
    """
    params = read(SearchParams, request)
    searcher = searcher_of(request)

    def work() -> Response:
        result = searcher.search(
            params.q,
            k=params.k,
            mode=params.mode,
            filters=filters_of(params),
            offset=params.start(),
            sort=params.sort,
            correct=params.correct,
        )
        return convert.json_response(convert.search(result))

    return await offload(request, work)


@_get("/compare", schemas.CompareResponse, CompareParams)
async def compare(request: Request) -> Response:
    """How each plan phrases the same measure: every plan once, the best match first.

    A plan that says nothing relevant is listed with `"passages": []`.
    """
    params = read(CompareParams, request)
    searcher = searcher_of(request)

    def work() -> Response:
        comparison = compare_plans(
            searcher, params.q, per_doc=params.per_doc, mode=params.mode, correct=params.correct
        )
        return convert.json_response(convert.compare(params.q, comparison))

    return await offload(request, work)


@_get("/ask", schemas.AskResponse, AskParams)
async def ask(request: Request) -> Response:
    """Short answers quoted verbatim from the plans, most relevant first, each with its citation.

    Extractive only: every sentence is the plans' own text; nothing is generated. The
    filters of `/api/search` (region, level, year, issuer, doc_id) limit the plans asked.
    """
    params = read(AskParams, request)
    searcher = searcher_of(request)

    def work() -> Response:
        asked = ask_plans(
            searcher, params.q, k=params.k, correct=params.correct, filters=filters_of(params)
        )
        return convert.json_response(convert.ask(params.q, asked))

    return await offload(request, work)
