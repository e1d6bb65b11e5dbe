"""Uploads are judged by content: a renamed file is refused, saying what it really is."""

from __future__ import annotations

import io
import zipfile

import pytest

from index.errors import UnreadableFile
from index.ingest.sniff import sniff
from tests.conftest import MIXED_CORPUS


def zipped(**entries: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(
                name.replace("__", "/").replace("_xml", ".xml").replace("_txt", ".txt"), text
            )
    return buffer.getvalue()


def test_each_allowed_format_is_recognised() -> None:
    docx = (MIXED_CORPUS / "shapotou-plan.docx").read_bytes()
    assert sniff(docx, ".docx").kind == "docx"
    assert sniff(b"%PDF-1.7\n...", ".PDF").kind == "pdf"
    assert sniff("<!DOCTYPE html><html><p>质量</p>".encode(), ".html").kind == "html"
    assert sniff("质量强区建设实施方案".encode("gb18030"), ".txt").kind == "text"
    assert sniff("质量强区建设实施方案".encode(), ".htm").kind == "text"  # text is valid HTML


@pytest.mark.parametrize(
    ("data", "suffix", "message"),
    [
        (
            b"%PDF-1.7\n",
            ".docx",
            "the file is named .docx but its content is pdf; rename it to .pdf",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ".txt", "binary content that is not a PDF or .docx"),
        (b"MZ\x90\x00\x03\x00", ".pdf", "binary content that is not a PDF or .docx"),
        (
            zipped(word__document_xml="<w/>"),
            ".pdf",
            "the file is named .pdf but its content is docx",
        ),
        (zipped(payload_txt="x"), ".docx", "a zip archive that is not a .docx document"),
        (zipped(OFD_xml="<ofd/>"), ".docx", "OFD (GB/T 33190) files cannot be read"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), ".docx", "Word 97-2003 (.doc) files"),
        (b"plain", ".exe", "unsupported file type '.exe'"),
    ],
)
def test_content_that_is_not_what_the_name_says_is_refused(
    data: bytes, suffix: str, message: str
) -> None:
    with pytest.raises(UnreadableFile) as raised:
        sniff(data, suffix)
    assert str(raised.value).startswith(message), str(raised.value)
