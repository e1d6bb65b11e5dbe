"""An uploaded plan checked before anything is written, then put into the corpus atomically;
a removed plan taken out the same way."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass, fields
from pathlib import Path

from index.errors import PolicySearchError, UnreadableFile
from index.ingest.corpus import assign_doc_ids
from index.ingest.dates import parse_date
from index.ingest.documents import SIDECAR_SUFFIX, read_document, sidecar_path
from index.ingest.slugs import slugify
from index.ingest.sniff import sniff, unsupported
from index.store import fsync_dir, fsync_tree
from index.types import Document, DocumentMeta

STAGING = ".uploads"  # inside the corpus: hidden folders are never read as plans
META_FIELDS = tuple(f.name for f in fields(DocumentMeta) if f.name not in ("source",))
MAX_META_CHARS = 500
_DOC_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class UploadRefused(PolicySearchError):
    """An upload or removal that is refused; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Stored:
    doc_id: str
    file: str  # its name in the corpus
    bytes: int
    document: Document  # as read when it was checked


def safe_name(filename: str | None) -> tuple[str, str]:
    """(stem, suffix) of an uploaded file's name, refused if it holds a path or controls."""
    if not filename or not filename.strip():
        raise UploadRefused(422, "the file has no name; send it with its name, e.g. plan.pdf")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in filename):
        raise UploadRefused(
            422, f"the file name {filename!r} holds control characters; rename the file"
        )
    if "/" in filename or "\\" in filename or filename.startswith("..") or ":" in filename:
        raise UploadRefused(
            422,
            f"the file name {filename!r} holds a path; send the plain file name, e.g. plan.pdf",
        )
    stem, dot, suffix = filename.strip().rpartition(".")
    if not dot or not stem.strip(". "):
        raise unsupported_refusal(f".{suffix}" if dot else "")
    return stem, f".{suffix.lower()}"


def unsupported_refusal(suffix: str) -> UploadRefused:
    return UploadRefused(415, str(unsupported(suffix)))


def read_meta(meta: str | None) -> dict[str, str]:
    """The sidecar fields sent as JSON in the `meta` form field, checked."""
    if meta is None or not meta.strip():
        return {}
    try:
        data = json.loads(meta)
    except json.JSONDecodeError as error:
        raise UploadRefused(422, f"meta is not valid JSON ({error})") from error
    if not isinstance(data, dict):
        raise UploadRefused(422, "meta must be a JSON object of metadata fields")
    unknown = sorted(set(data) - set(META_FIELDS))
    if unknown:
        raise UploadRefused(
            422, f"meta has unknown field(s) {', '.join(unknown)}; known: {', '.join(META_FIELDS)}"
        )
    checked: dict[str, str] = {}
    for name, value in data.items():
        if not isinstance(value, str) or len(value) > MAX_META_CHARS:
            raise UploadRefused(
                422, f"meta.{name} must be text of at most {MAX_META_CHARS} characters"
            )
        checked[name] = value.strip()
    if checked.get("published") and parse_date(checked["published"]) is None:
        raise UploadRefused(
            422, f"meta.published {checked['published']!r} is not a date; use YYYY-MM-DD"
        )
    if "doc_id" in checked and not _DOC_ID.match(checked["doc_id"]):
        raise UploadRefused(
            422, f"meta.doc_id {checked['doc_id']!r} must be lower-case letters, digits and -"
        )
    return checked


def corpus_files_of(corpus: Path, doc_id: str) -> list[Path]:
    return [entry.path for entry in assign_doc_ids(corpus) if entry.doc_id == doc_id]


def store_upload(
    corpus: Path,
    filename: str | None,
    data: bytes,
    meta: str | None,
    max_bytes: int,
    replace: bool = False,
) -> Stored:
    """Check an uploaded plan and, only if it reads, put it into the corpus atomically."""
    stem, suffix = safe_name(filename)
    if len(data) > max_bytes:
        raise UploadRefused(
            413,
            f"the file is {len(data):,} bytes, over the limit of {max_bytes:,} "
            "(POLICY_SEARCH_MAX_UPLOAD_BYTES)",
        )
    if not data.strip():
        raise UploadRefused(422, "the file is empty")
    try:
        sniff(data, suffix)
    except UnreadableFile as error:
        raise UploadRefused(415, str(error)) from error
    fields_given = read_meta(meta)
    doc_id = fields_given.pop("doc_id", None) or slugify(stem)
    existing = corpus_files_of(corpus, doc_id)
    if existing and not replace:
        raise UploadRefused(
            409,
            f"a plan with doc_id {doc_id!r} is already in the corpus ({existing[0].name}); "
            "remove it first or upload with replace=true",
        )
    name = f"{doc_id}{suffix}"  # the suffix says how to read it; sniff() checked it agrees
    staging = corpus / STAGING / secrets.token_hex(8)
    staging.mkdir(parents=True)
    try:
        staged = staging / name
        staged.write_bytes(data)
        if fields_given:
            sidecar_path(staged).write_text(
                json.dumps(fields_given, ensure_ascii=False, indent=1), "utf-8"
            )
        try:
            document = read_document(staged, doc_id)
        except UnreadableFile as error:
            reason = str(error).replace(name, filename or name)  # the name the user knows
            raise UploadRefused(422, f"the plan could not be read: {reason}") from error
        except Exception as error:  # a parser's own failure is the file's fault, not ours
            raise UploadRefused(
                422, f"the plan could not be read ({type(error).__name__}: {error})"
            ) from error
        fsync_tree(staging)
        _move_in(staging, name, corpus, existing)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Stored(doc_id, name, len(data), document)


def _move_in(staging: Path, name: str, corpus: Path, replaced: list[Path]) -> None:
    """Sidecar first, then the plan: each os.replace is atomic, and a sidecar without its
    plan is never read. A replaced plan of another name is removed after."""
    sidecar = sidecar_path(staging / name)
    target = corpus / name
    if sidecar.exists():
        os.replace(sidecar, sidecar_path(target))
    else:
        sidecar_path(target).unlink(missing_ok=True)
    os.replace(staging / name, target)
    for old in replaced:
        if old.resolve() != target.resolve():
            remove_plan_file(old)
    fsync_dir(corpus)


def remove_document(corpus: Path, doc_id: str) -> list[Path]:
    """Take a plan (and its sidecar) out of the corpus; 404 if there is none, 409 for the
    last one (an index needs a plan)."""
    files = corpus_files_of(corpus, doc_id)
    if not files:
        raise UploadRefused(404, f"no plan with doc_id {doc_id!r} in the corpus")
    if len(assign_doc_ids(corpus)) == len(files):
        raise UploadRefused(
            409, f"{doc_id!r} is the last plan in the corpus; upload another before removing it"
        )
    for path in files:
        remove_plan_file(path)
    fsync_dir(corpus)
    return files


def remove_plan_file(path: Path) -> None:
    path.unlink(missing_ok=True)
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    sidecar.unlink(missing_ok=True)
