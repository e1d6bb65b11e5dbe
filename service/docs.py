"""The API reference pages, /docs (Swagger UI) and /redoc (ReDoc), served offline.

fastapi-offline ships both from the package instead of a CDN. ReDoc still adds a logo it
fetches from cdn.redoc.ly whatever its options; a Content-Security-Policy on the two pages
keeps every request on this machine.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from service.asgi import ASGIApp, Message, Receive, Scope, Send

DOCS_PAGES = frozenset({"/docs", "/redoc"})
# Scripts and styles inline in the pages FastAPI writes; ReDoc runs a worker from a blob.
SAME_MACHINE_ONLY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def offline_app(**kwargs: Any) -> FastAPI:
    """A FastAPI app whose /docs and /redoc need nothing from outside the machine."""
    # No validator badge: Swagger UI would fetch it from validator.swagger.io.
    return FastAPIOffline(swagger_ui_parameters={"validatorUrl": None}, **kwargs)


class DocsPolicy:
    """Pure ASGI: the Content-Security-Policy header on the docs pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") not in DOCS_PAGES:
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", SAME_MACHINE_ONLY.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
