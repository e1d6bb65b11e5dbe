"""The web page, the embeddable widget and its iframe version: static files, no build step."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)
STATIC = resources.files("service") / "static"


def _file(name: str, media_type: str) -> FileResponse:
    return FileResponse(
        str(STATIC / name), media_type=media_type, headers={"Cache-Control": "no-cache"}
    )


@router.get("/", response_class=HTMLResponse)
async def page() -> FileResponse:
    return _file("index.html", "text/html; charset=utf-8")


@router.get("/embed", response_class=HTMLResponse)
async def embed() -> FileResponse:
    return _file("embed.html", "text/html; charset=utf-8")


@router.get("/widget.js")
async def widget() -> FileResponse:
    return _file("widget.js", "text/javascript; charset=utf-8")


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    """The tab icon browsers ask for on every page (a 404 in every log otherwise)."""
    return FileResponse(
        str(STATIC / "favicon.ico"),
        media_type="image/vnd.microsoft.icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )
