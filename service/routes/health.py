"""Liveness, index status and Prometheus metrics."""

from __future__ import annotations

import os

from fastapi import APIRouter, Request, Response

from service import schemas
from service.deps import SearcherDep

router = APIRouter(tags=["status"])


@router.get("/healthz", response_model=schemas.Health)
async def healthz(request: Request, searcher: SearcherDep) -> schemas.Health:
    """The service is up and serving an index: its plan and passage counts, embedder and build.

    `"status": "degraded"` with a `reason` while something needs an operator, e.g. a newer
    build that failed its checks (the last good one is still served); `loading` names a newer
    build being loaded. 503 with no index, or while the first one is loading.
    """
    manifest = searcher.manifest
    holder = request.app.state.holder
    problem = holder.problem
    return schemas.Health(
        status="degraded" if problem else "ok",
        reason=problem,
        loading=holder.loading,
        documents=len(searcher.documents),
        passages=searcher.passage_count,
        collection=getattr(searcher.storage, "collection", None),
        embedder=searcher.embedder.id,
        model=getattr(searcher.embedder, "folder", None) and searcher.embedder.folder.name,  # type: ignore[attr-defined]
        runtime=getattr(searcher.embedder, "runtime", None),
        index_version=searcher.build_id,
        built_at=manifest.get("created_at"),
        skipped=manifest.get("skipped", []),
        worker=os.getpid(),
    )


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus text format: requests, latency histogram by route, index size."""
    body, content_type = request.app.state.metrics.render()
    return Response(body, media_type=content_type)
