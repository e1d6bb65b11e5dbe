"""The yardstick of the model benchmarks: a bare FastAPI app that only encodes the query with
the same model, runtime and query threads as the service, and answers its vector's size.

`/api/search` is measured against it in the same run: a whole search should cost little more
than encoding its query.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from service.settings import get_settings


def create_app() -> FastAPI:
    settings = get_settings()
    state: dict[str, object] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from dataclasses import replace

        from index.embedders.transformer import TransformerEmbedder

        config = replace(settings.embedder(), query_cache=0)  # every query encoded
        assert config.model is not None, "the encoder benchmark needs a model, not builtin"
        state["embedder"] = TransformerEmbedder(
            config.model, config.models_dir, config.query_threads, config.runtime, 0
        )
        yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/encode")
    def encode(q: str) -> dict[str, int]:
        # A plain `def` route: FastAPI runs it in its thread pool, as the service's routes run
        # their searches, so the model's work never blocks the event loop here either.
        vector = state["embedder"].embed_query(q)  # type: ignore[attr-defined]
        return {"dimension": int(vector.shape[0])}

    return app
