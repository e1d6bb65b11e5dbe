"""Turn one corpus file into a Document: text, metadata, outline and passages."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

from index.errors import UnreadableFile
from index.ingest.formats import read_source
from index.ingest.furniture import strip_furniture
from index.ingest.metadata import level_of, read_statements
from index.structure.headings import find_blocks
from index.structure.passages import build_outline, build_passages
from index.types import Document, DocumentMeta

SIDECAR_SUFFIX = ".meta.json"
_META_FIELDS = {field.name for field in fields(DocumentMeta)} - {"source"}


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """Fields from the optional <name>.meta.json beside a document, and warnings about it."""
    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return {}, ()
    try:
        data = json.loads(sidecar.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, (f"{sidecar.name}: ignored, not valid UTF-8 JSON ({error})",)
    if not isinstance(data, dict):
        return {}, (f"{sidecar.name}: ignored, expected a JSON object of metadata fields",)
    unknown = sorted(set(data) - _META_FIELDS)
    warnings = (
        (
            f"{sidecar.name}: unknown field(s) {', '.join(unknown)} ignored; "
            f"known: {', '.join(sorted(_META_FIELDS))}",
        )
        if unknown
        else ()
    )
    return {key: str(value) for key, value in data.items() if key in _META_FIELDS}, warnings


def parse_document(raw: str, doc_id: str, source: str, overrides: dict[str, str]) -> Document:
    """The pure part: cleaned text, metadata, outline and passages from a file's text."""
    cleaned = strip_furniture(raw)
    stated = read_statements(raw, cleaned.text)
    meta = DocumentMeta(
        doc_id=doc_id,
        source=source,
        title=stated.title,
        notice_title=stated.notice_title,
        region=stated.region,
        level=stated.level,
        issuer=stated.issuer,
        doc_number=stated.doc_number,
        published=stated.published,
    )
    if overrides:
        meta = replace(meta, **overrides)
        if "region" in overrides and "level" not in overrides:
            meta = replace(meta, level=level_of(meta.region))
    blocks = find_blocks(cleaned.text, stated.preamble_start)
    passages = build_passages(meta.doc_id, cleaned.text, blocks, stated.body_start)
    if not passages:
        raise UnreadableFile("no paragraphs of text were found in it")
    return Document(meta, cleaned.text, build_outline(blocks), passages)


def read_document(path: Path, doc_id: str) -> Document:
    """Read, clean and structure one file; UnreadableFile says why it cannot be used."""
    source = read_source(path)
    overrides, sidecar_warnings = read_sidecar(path)
    document = parse_document(source.text, overrides.pop("doc_id", doc_id), path.name, overrides)
    warnings = source.warnings + sidecar_warnings
    return replace(document, warnings=warnings) if warnings else document
