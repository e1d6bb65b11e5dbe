"""Build the FastAPI app: routers, middleware, error mapping; the index loads in the lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from service import http_errors
from service.admin import audit_logger
from service.builds import BuildRunner
from service.docs import DocsPolicy, offline_app
from service.metrics import BodyLimitMiddleware, Metrics, MetricsMiddleware
from service.offload import work_limiter
from service.routes import admin, documents, health, pages, passages, plans, search, targets
from service.routes.pages import STATIC
from service.schemas import ErrorResponse
from service.settings import Settings, get_settings
from service.state import IndexHolder

DESCRIPTION = """
Semantic search and extractive answers over Chinese government policy plans
(质量强区建设实施方案 and the like).

* `/api/search` ranks paragraphs with their plan, region and section path;
* `/api/compare` shows how each plan phrases the same measure;
* `/api/ask` answers with sentences quoted verbatim from the plans;
* `/api/targets` lines up the plans' numeric goals for a metric (also as CSV);
* `/api/documents` lists the plans; `/api/passages/{id}` shows a passage in context.

All responses are JSON in UTF-8. Errors are `{"detail": "..."}` saying what to fix; an
internal error (500) also gives a `request_id` to quote when reporting it.
"""


def create_app(settings: Settings | None = None, holder: IndexHolder | None = None) -> FastAPI:
    """The app; `holder` (tests) replaces the IndexHolder that loads the configured index."""
    settings = settings or get_settings()
    metrics = Metrics()
    holder = holder or IndexHolder(settings, on_load=metrics.index_loaded)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        holder.start()
        yield
        holder.stop()

    app = offline_app(
        title="policy-search", version="1.0", description=DESCRIPTION, lifespan=lifespan
    )
    app.state.settings = settings
    app.state.holder = holder
    app.state.metrics = metrics
    app.state.work_limiter = work_limiter(settings.request_threads)
    app.state.builds = BuildRunner(settings, on_built=holder.load)
    audit_logger(settings)
    http_errors.install(app)
    for router in (
        health.router,
        documents.router,
        search.router,
        passages.router,
        targets.router,
        admin.router,
        plans.router,
        pages.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    # Middleware added last runs first: metrics see everything, CORS headers reach even a
    # 413 from the body limit or a 500.
    app.add_middleware(http_errors.UnexpectedErrors)
    app.add_middleware(DocsPolicy)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        # an upload's form adds its boundaries and the meta field to the file
        uploads=settings.max_upload_bytes + 64 * 1024,
        upload_hint=f"a plan may be at most {settings.max_upload_bytes:,} bytes "
        "(POLICY_SEARCH_MAX_UPLOAD_BYTES)",
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=settings.cors_allow_credentials,
            allow_methods=["GET"],
            allow_headers=["*"],
            max_age=600,
        )
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.openapi = lambda: _openapi(app, settings.max_query_chars)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI, max_query_chars: int) -> dict[str, Any]:
    """The OpenAPI document, its 422 responses shown as this API sends them: {"detail": "…"},
    every `q` with the length limit in force (POLICY_SEARCH_MAX_QUERY_CHARS)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    schema.setdefault("components", {}).setdefault("schemas", {})["ErrorResponse"] = (
        ErrorResponse.model_json_schema()
    )
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "q":
                    parameter["schema"]["maxLength"] = max_query_chars
                    parameter["description"] = (
                        f"{parameter.get('description', '')}; at most {max_query_chars} characters"
                    )
            unprocessable = operation.get("responses", {}).get("422")
            if unprocessable is not None:
                unprocessable["content"] = {"application/json": {"schema": error}}
                unprocessable["description"] = "a parameter to fix; `detail` says which and how"
    for unused in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(unused, None)
    app.openapi_schema = schema
    return schema
