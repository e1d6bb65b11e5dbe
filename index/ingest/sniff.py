"""What a file is by its content, not its name: the allow-list of plan formats."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO

from index.errors import UnreadableFile

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
# Formats officials publish in that cannot be read here, with what to do instead.
UNREADABLE_FORMATS = {
    ".doc": "Word 97-2003 (.doc)",
    ".wps": "WPS Office (.wps)",
    ".ofd": "OFD (GB/T 33190)",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls … (the old Office container)
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p>")


@dataclass(frozen=True)
class Sniffed:
    kind: str  # text | html | docx | pdf
    suffix: str  # the suffix a file of this kind is stored with


def _unreadable_format(suffix: str) -> UnreadableFile:
    return UnreadableFile(
        f"{UNREADABLE_FORMATS[suffix]} files cannot be read; "
        "save the plan as .docx or PDF and add that instead"
    )


def unsupported(suffix: str) -> UnreadableFile:
    """Why a file of this suffix is not read: a format officials use, or any other."""
    suffix = suffix.lower()
    if suffix in UNREADABLE_FORMATS:
        return _unreadable_format(suffix)
    return UnreadableFile(
        f"unsupported file type {suffix or '(no extension)'!r}; "
        f"use one of {', '.join(SUPPORTED_SUFFIXES)}"
    )


def sniff(data: bytes, suffix: str) -> Sniffed:
    """The kind of a plan's bytes, checked against its suffix; UnreadableFile if the content
    is not an allowed format or is not what the name says."""
    suffix = suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise unsupported(suffix)
    head = data[:1024].lstrip()
    if data.startswith(_OLE2):
        raise _unreadable_format(".wps" if suffix == ".wps" else ".doc")
    if head.startswith(b"%PDF-"):
        found = Sniffed("pdf", ".pdf")
    elif data.startswith(b"PK\x03\x04"):
        found = _zip_kind(data)
    elif any(marker in head.lower() for marker in _HTML_MARKERS):
        found = Sniffed("html", ".html")
    elif b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(
            "binary content that is not a PDF or .docx; upload a .txt, .html, .docx or .pdf plan"
        )
    else:
        found = Sniffed("text", ".txt")
    expected = {".htm": "html", ".html": "html", ".txt": "text", ".docx": "docx", ".pdf": "pdf"}
    if expected[suffix] != found.kind and not {expected[suffix], found.kind} <= {"text", "html"}:
        raise UnreadableFile(
            f"the file is named {suffix} but its content is {found.kind}; "
            f"rename it to {found.suffix} or upload the right file"
        )
    return found


def _zip_kind(data: bytes) -> Sniffed:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"a damaged zip archive ({error}); re-save the plan") from error
    if "word/document.xml" in names:
        return Sniffed("docx", ".docx")
    if "OFD.xml" in names:
        raise _unreadable_format(".ofd")
    raise UnreadableFile("a zip archive that is not a .docx document; upload the plan itself")
