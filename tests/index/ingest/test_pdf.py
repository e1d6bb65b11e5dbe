"""Text PDFs printed from the five plans read as the plans themselves; scans are refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.errors import UnreadableFile
from index.ingest.corpus import load_corpus
from index.ingest.pdf import pdf_text
from index.types import Corpus

pytestmark = pytest.mark.browser  # the PDFs are printed by Chromium

RADICALS = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")


@pytest.fixture(scope="module")
def pdf_corpus(plan_pdfs: Path) -> Corpus:
    return load_corpus(plan_pdfs)


def test_the_printed_pdfs_carry_radicals_furniture_and_broken_lines(plan_pdfs: Path) -> None:
    """What the reader has to undo is really there in the PDFs."""
    from pypdf import PdfReader

    raw = "\n".join(
        page.extract_text() for page in PdfReader(plan_pdfs / "chongqing-hechuan-2024.pdf").pages
    )
    assert "⼈⺠政府" in raw  # U+2F08 U+2EA0: Kangxi and supplementary radicals
    assert "ﬁle:///" in raw  # footer
    # header: the print date and time (AM or PM, as the clock says) before the title
    assert re.search(r"\d+/\d+/\d+, \d+:\d+ [AP]M 合川区质量强区建设实施⽅案", raw)
    assert "重要指示批示精神" not in raw.replace("⽰", "示")  # broken over a line


def test_each_pdf_has_the_structure_of_its_plan(pdf_corpus: Corpus, documents) -> None:
    assert sorted(d.doc_id for d in pdf_corpus.documents) == sorted(documents)
    for read in pdf_corpus.documents:
        original = documents[read.doc_id]
        assert read.meta.source == f"{read.doc_id}.pdf"
        assert (read.meta.title, read.meta.region, read.meta.level) == (
            original.meta.title,
            original.meta.region,
            original.meta.level,
        ), read.doc_id
        assert read.meta.doc_number == original.meta.doc_number, read.doc_id
        assert read.meta.published == original.meta.published, read.doc_id
        assert read.outline == original.outline, read.doc_id
        assert [p.section for p in read.passages] == [p.section for p in original.passages]
        assert [p.responsible_units for p in read.passages] == [
            p.responsible_units for p in original.passages
        ], read.doc_id


def test_radicals_furniture_and_line_breaks_are_gone(pdf_corpus: Corpus) -> None:
    for document in pdf_corpus.documents:
        assert not RADICALS.search(document.text), document.doc_id
        assert "file:///" not in document.text, document.doc_id
        assert not re.search(r"\d+/\d+/\d+, \d+:\d+", document.text), document.doc_id
    hechuan = next(d for d in pdf_corpus.documents if d.doc_id == "chongqing-hechuan-2024")
    assert "重庆市合川区人民政府" in hechuan.text
    assert any("重要指示批示精神" in p.text for p in hechuan.passages)


def test_a_scanned_pdf_is_refused_naming_the_file(plan_pdfs: Path, pdf_corpus: Corpus) -> None:
    with pytest.raises(UnreadableFile) as error:
        pdf_text(plan_pdfs / "scanned.pdf")
    assert str(error.value) == "scanned.pdf: scanned PDF without text; OCR is not supported"
    assert {s.source: s.reason for s in pdf_corpus.skipped} == {
        "scanned.pdf": "scanned.pdf: scanned PDF without text; OCR is not supported"
    }


def test_a_damaged_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    with pytest.raises(UnreadableFile, match=r"^damaged.pdf: (not a valid PDF|scanned PDF)"):
        pdf_text(path)
