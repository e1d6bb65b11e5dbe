"""The JSON contract of the admin routes: a background build's status, an accepted upload
or removal. Re-exported by service/schemas.py, where the rest of the API's contract lives."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class BuildStatus(BaseModel):
    state: Literal["idle", "queued", "running", "succeeded", "failed"]
    stage: str | None = Field(
        None, description="reading the corpus, tokenizing, embedding, writing the index, done"
    )
    done: int = Field(0, description="items of the stage done (files read, passages embedded)")
    total: int = Field(0, description="items of the stage in all")
    triggers: list[dict[str, str]] = Field(
        default_factory=list, description="the uploads and removals this build takes in"
    )
    build_id: str | None = Field(None, description="the new index build, once succeeded")
    documents: int | None = None
    passages: int | None = None
    embedded: int | None = Field(None, description="passages embedded by this build")
    reused: int | None = Field(None, description="passages whose vectors were reused")
    sentences_embedded: int | None = Field(
        None, description="sentences embedded by this build (with a model; the rest reused)"
    )
    skipped: list[dict[str, str]] = Field(default_factory=list)
    error: str | None = Field(None, description="why it failed; the previous index serves on")
    detail: str | None = None
    seconds: float | None = None
    queued_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    serving: str | None = Field(None, description="the build this worker answers searches from")


class UploadAccepted(BaseModel):
    doc_id: str
    file: str = Field(description="its name in the corpus")
    bytes: int
    title: str | None
    region: str | None
    passages: int = Field(description="passages read from it when it was checked")
    warnings: list[str]
    build: BuildStatus


class RemovalAccepted(BaseModel):
    doc_id: str
    removed: list[str] = Field(description="files taken out of the corpus")
    build: BuildStatus
