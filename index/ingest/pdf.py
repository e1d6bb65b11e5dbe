"""Text PDFs through pypdf: pages of text, cleaned of furniture and joined into paragraphs."""

from __future__ import annotations

from pathlib import Path

from index.errors import UnreadableFile
from index.ingest.page_layout import join_wrapped_lines, strip_page_furniture
from index.ingest.radicals import normalise_radicals

# A PDF with fewer visible characters than this per page has no text layer worth reading.
MIN_CHARS_PER_PAGE = 20
MAX_PAGES = 2000


def pdf_text(path: Path) -> str:
    """The plan's text from a PDF; UnreadableFile for a damaged, encrypted or scanned one."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(
                f"{path.name}: the PDF is password-protected; save an unprotected copy"
            )
        if len(reader.pages) > MAX_PAGES:
            raise UnreadableFile(
                f"{path.name}: the PDF has {len(reader.pages)} pages, more than the "
                f"{MAX_PAGES} a plan may have; split it"
            )
        laid_out = [normalise_radicals(_page_text(page)) for page in reader.pages]
        plain = [normalise_radicals(_plain_text(page)) for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnreadableFile(
            f"{path.name}: not a valid PDF ({type(error).__name__}); re-export it as PDF"
        ) from error
    pages = strip_page_furniture([page.splitlines() for page in laid_out])
    text = join_wrapped_lines(pages, [page.splitlines() for page in plain])
    # Page images with at most a header or footer printed over them are scans.
    visible = len("".join(text.split()))
    if visible < max(MIN_CHARS_PER_PAGE, MIN_CHARS_PER_PAGE * len(laid_out) / 4):
        raise UnreadableFile(f"{path.name}: scanned PDF without text; OCR is not supported")
    return text


def _page_text(page: object) -> str:
    """The page's text laid out as printed (indents kept: they mark paragraphs)."""
    try:
        text = page.extract_text(extraction_mode="layout")  # type: ignore[attr-defined]
    except Exception:  # layout mode fails on some malformed pages; plain mode still reads them
        text = page.extract_text()  # type: ignore[attr-defined]
    return (text or "").replace("\x00", "")


def _plain_text(page: object) -> str:
    return (page.extract_text() or "").replace("\x00", "")  # type: ignore[attr-defined]
