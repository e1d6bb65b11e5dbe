"""Domain errors become HTTP errors here, in one place, with messages that say what to fix."""

from __future__ import annotations

import logging
import secrets

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from index.errors import (
    EmbedderMismatch,
    IndexCorrupt,
    IndexMissing,
    IndexStale,
    InvalidQuery,
    PolicySearchError,
    StorageUnavailable,
    UnknownDocument,
    UnknownPassage,
    shown,
)
from service.asgi import ASGIApp, Message, Receive, Scope, Send, send_json

log = logging.getLogger("policy_search")

_STATUS = {
    UnknownDocument: 404,
    UnknownPassage: 404,
    InvalidQuery: 422,
    IndexMissing: 503,
    IndexCorrupt: 503,
    IndexStale: 503,
    EmbedderMismatch: 503,
    StorageUnavailable: 503,
}


def _describe(error: dict) -> str:
    location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    name = ".".join(location) or "request"
    given = error.get("input")
    message = error.get("msg", "invalid value")
    if error.get("type") == "missing":
        return f"{name} is required"
    if isinstance(given, str):
        return f"{name}: {message} (got {shown(given)})"
    if isinstance(given, int | float) and not isinstance(given, bool):
        return f"{name}: {message} (got {given!r})"
    return f"{name}: {message}"


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = error.errors()
        detail = "; ".join(_describe(e) for e in errors) or "invalid request"
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(PolicySearchError)
    async def domain_error(request: Request, error: PolicySearchError) -> JSONResponse:
        status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
        return JSONResponse({"detail": str(error)}, status_code=status)


class UnexpectedErrors:
    """An exception no handler took (a bug) becomes a JSON 500 with a request id, and its
    traceback is logged with that id, so a report can be matched to the log.

    Pure ASGI, inside the metrics and CORS middleware: the 500 is counted and gets CORS
    headers like any other answer.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            request_id = secrets.token_hex(8)
            log.exception(
                "request_id %s: %s %s failed", request_id, scope.get("method"), scope.get("path")
            )
            if started:  # too late for another answer; the server closes the connection
                raise
            detail = (
                "internal error: the service failed to answer this request; "
                f"please report it with request_id {request_id}"
            )
            await send_json(
                send,
                500,
                {"detail": detail, "request_id": request_id},
                {"x-request-id": request_id},
            )
