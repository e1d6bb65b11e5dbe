"""Managing the corpus: upload and remove plans (admin token), and the build they start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from service import schemas
from service.admin import Admin, audit
from service.builds import read_status
from service.uploads import UploadRefused, remove_document, store_upload

router = APIRouter(prefix="/api", tags=["administration"])

_REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ErrorResponse, "description": description}
    for status, description in {
        401: "missing or wrong admin token",
        403: "no admin token configured: managing documents is switched off",
        404: "no such plan",
        409: "the plan already exists (upload with replace=true), or it is the last one",
        413: "the file is over POLICY_SEARCH_MAX_UPLOAD_BYTES",
        415: "not a .txt, .html, .docx or .pdf plan (judged by content)",
        422: "the plan cannot be read, or a bad file name or meta; `detail` says why",
    }.items()
}
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "the plan: .txt, .html/.htm, .docx or .pdf",
                        },
                        "meta": {
                            "type": "string",
                            "description": 'optional sidecar metadata as JSON, e.g. {"region": "重庆市合川区"}',
                        },
                    },
                }
            }
        },
    }
}


def _unwritable(corpus: Path, error: OSError) -> HTTPException:
    return HTTPException(
        503,
        f"the corpus folder {corpus} cannot be changed ({error.strerror or error}); "
        "make it writable by the service (POLICY_SEARCH_CORPUS)",
    )


def _status(request: Request) -> dict[str, Any]:
    holder = request.app.state.holder
    status = read_status(request.app.state.settings.index_dir)
    status["serving"] = holder.get().build_id if holder.loaded else None
    return status


@router.post(
    "/documents",
    status_code=202,
    response_model=schemas.UploadAccepted,
    responses=_REFUSALS,
    openapi_extra=_UPLOAD_BODY,
)
async def upload(request: Request, _: Admin, replace: bool = False) -> schemas.UploadAccepted:
    """Add a plan (multipart: `file`, optional `meta` JSON), with `Authorization: Bearer`.

    The file is checked before anything is written (type by content, size, archive limits,
    a safe name, and that it reads as a plan); it then goes into the corpus atomically and
    a build starts in the background. Searches are answered from the current index until
    the new one is switched in: `GET /api/builds/current` follows it.
    """
    settings = request.app.state.settings
    try:
        form = await request.form(max_files=1, max_fields=4)
    except MultiPartException as error:
        raise HTTPException(422, f"not a multipart form with a file ({error.message})") from None
    try:
        upload_file, meta = form.get("file"), form.get("meta")
        if not isinstance(upload_file, UploadFile):
            raise HTTPException(422, "file is required: send the plan in a form field named `file`")
        if meta is not None and not isinstance(meta, str):
            raise HTTPException(422, "meta must be a text field of JSON, not a file")
        filename, data = upload_file.filename, await upload_file.read()
    finally:
        await form.close()
    try:
        stored = await run_in_threadpool(
            store_upload,
            settings.corpus,
            filename,
            data,
            meta,
            settings.max_upload_bytes,
            replace,
        )
    except OSError as error:  # the service cannot write where it was told to keep plans
        raise _unwritable(settings.corpus, error) from None
    except UploadRefused as refused:
        audit(
            request,
            action="upload",
            outcome="refused",
            size=len(data),
            detail=f"{refused.status} {refused}",
        )
        raise HTTPException(refused.status, str(refused)) from None
    audit(request, action="upload", outcome="accepted", doc_id=stored.doc_id, size=stored.bytes)
    build = request.app.state.builds.request({"action": "upload", "doc_id": stored.doc_id})
    meta_read = stored.document.meta
    return schemas.UploadAccepted(
        doc_id=stored.doc_id,
        file=stored.file,
        bytes=stored.bytes,
        title=meta_read.title,
        region=meta_read.region,
        passages=len(stored.document.passages),
        warnings=list(stored.document.warnings),
        build=build,
    )


@router.delete(
    "/documents/{doc_id}",
    status_code=202,
    response_model=schemas.RemovalAccepted,
    responses=_REFUSALS,
)
async def remove(doc_id: str, request: Request, _: Admin) -> schemas.RemovalAccepted:
    """Remove a plan from the corpus (with `Authorization: Bearer`); a build takes its
    passages out of the index in the background."""
    settings = request.app.state.settings
    try:
        files = await run_in_threadpool(remove_document, settings.corpus, doc_id)
    except OSError as error:
        raise _unwritable(settings.corpus, error) from None
    except UploadRefused as refused:
        audit(request, action="remove", outcome="refused", doc_id=doc_id, detail=str(refused))
        raise HTTPException(refused.status, str(refused)) from None
    audit(request, action="remove", outcome="accepted", doc_id=doc_id)
    build = request.app.state.builds.request({"action": "remove", "doc_id": doc_id})
    return schemas.RemovalAccepted(
        doc_id=doc_id, removed=[path.name for path in files], build=build
    )


@router.get("/builds/current", response_model=schemas.BuildStatus, responses=_REFUSALS)
async def current_build(request: Request, _: Admin) -> schemas.BuildStatus:
    """The latest build started by an upload or removal: queued, running (stage and
    progress), succeeded (counts, passages embedded and reused) or failed (why); and the
    build this worker serves."""
    return schemas.BuildStatus(**_status(request))
