"""Read one corpus file of a supported format into plain text; anything else is refused with a reason."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from index.errors import UnreadableFile
from index.ingest.decoding import decode_text
from index.ingest.radicals import normalise_radicals
from index.ingest.sniff import SUPPORTED_SUFFIXES, unsupported
from index.ingest.zip_limits import check_archive

__all__ = ["SUPPORTED_SUFFIXES", "SourceText", "read_source"]


@dataclass(frozen=True)
class SourceText:
    text: str
    warnings: tuple[str, ...] = ()


def read_source(path: Path) -> SourceText:
    """The text of a .txt, .html/.htm, .docx or .pdf file; UnreadableFile says why a file
    cannot be used. Radicals that stand for ideographs (⼈⺠ for 人民) are made ideographs."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise unsupported(suffix)
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if suffix == ".docx":
        check_archive(path)
        return SourceText(normalise_radicals(_docx_text(path)))
    if suffix == ".pdf":
        from index.ingest.pdf import pdf_text

        return SourceText(pdf_text(path))
    decoded = decode_text(data)
    warnings: tuple[str, ...] = ()
    if decoded.replaced:
        warnings = (
            f"{path.name}: {decoded.replaced} undecodable byte(s) replaced "
            f"(read as {decoded.encoding})",
        )
    text = _html_text(decoded.text) if suffix in (".html", ".htm") else decoded.text
    return SourceText(normalise_radicals(text), warnings)


def _html_text(html: str) -> str:
    """The main text of a web page, through trafilatura; navigation and page chrome are dropped.

    The page title and publication date sit outside the main text in a portal page; they
    are put back as the header lines a plain-text copy of the page would carry, so the
    metadata reader sees the same thing whatever the format.
    """
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise UnreadableFile("the page has no main text that could be extracted")
    header = []
    title = (getattr(extracted, "title", None) or "").strip()
    if title and not text.lstrip().startswith(title):
        header.append(title)
    date = getattr(extracted, "date", None)
    if date:
        header.append(f"发布日期:{date}")
    return "\n".join([*header, text])


def _docx_text(path: Path) -> str:
    import docx
    from docx.opc.exceptions import OpcError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OpcError) as error:
        raise UnreadableFile(
            f"not a valid .docx file ({type(error).__name__}); re-save it from Word or WPS"
        ) from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append(" ".join(cell for cell in cells if cell))
        else:
            lines.append(block.text)
    text = "\n".join(lines)
    if not text.strip():
        raise UnreadableFile("the document has no text")
    return text
