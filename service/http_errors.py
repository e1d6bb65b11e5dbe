"""Domain errors become HTTP errors here, in one place, with messages that say what to fix."""

from __future__ import annotations

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
    UnknownDocument,
    UnknownPassage,
)

_STATUS = {
    UnknownDocument: 404,
    UnknownPassage: 404,
    InvalidQuery: 422,
    IndexMissing: 503,
    IndexCorrupt: 503,
    IndexStale: 503,
    EmbedderMismatch: 503,
}


def _describe(error: dict) -> str:
    location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    name = ".".join(location) or "request"
    given = error.get("input")
    message = error.get("msg", "invalid value")
    if error.get("type") == "missing":
        return f"{name} is required"
    if isinstance(given, str | int | float) and not isinstance(given, bool):
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
