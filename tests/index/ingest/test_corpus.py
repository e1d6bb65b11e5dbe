"""Reading a corpus folder: readable plans are indexed, other files are skipped with a reason."""

from __future__ import annotations

import codecs
import random
import shutil
from pathlib import Path

import pytest

from index.ingest.corpus import load_corpus
from index.types import Corpus
from tests.conftest import MIXED_CORPUS

UNSUPPORTED = "unsupported file type {!r}; use one of .txt, .html, .htm, .docx, .pdf"
WPS = "WPS Office (.wps) files cannot be read; save the plan as .docx or PDF and add that instead"


@pytest.fixture(scope="module")
def mixed() -> Corpus:
    return load_corpus(MIXED_CORPUS)


def test_committed_mixed_corpus(mixed: Corpus) -> None:
    assert {d.meta.source: d.doc_id for d in mixed.documents} == {
        "dongli-portal.html": "dongli-portal",
        "shapotou-plan.docx": "shapotou-plan",
        "四川省质量提升行动方案.txt": "si-chuan-sheng-zhi-liang-ti-sheng-xing-dong-fang-an",
    }
    assert {s.source: s.reason for s in mixed.skipped} == {
        "empty.txt": "the file is empty",
        "notes.rtf": UNSUPPORTED.format(".rtf"),
        "scan.pdf": "scan.pdf: not a valid PDF (PdfReadError); re-export it as PDF",
    }
    assert mixed.warnings == ()


def test_each_format_gives_the_whole_plan(mixed: Corpus, documents) -> None:
    by_source = {d.meta.source: d for d in mixed.documents}
    for source, original in [
        ("dongli-portal.html", "tianjin-dongli-2024"),
        ("shapotou-plan.docx", "ningxia-shapotou-2022"),
        ("四川省质量提升行动方案.txt", "sichuan-province-2023"),
    ]:
        read = by_source[source]
        assert read.outline == documents[original].outline, source
        assert [p.section for p in read.passages] == [
            p.section for p in documents[original].passages
        ]
        assert [p.responsible_units for p in read.passages] == [
            p.responsible_units for p in documents[original].passages
        ]


def write_mixed_folder(folder: Path, corpus_dir: Path) -> None:
    plan = {
        name: (corpus_dir / f"{name}.txt").read_text("utf-8")
        for name in (
            "chongqing-hechuan-2024",
            "tianjin-dongli-2024",
            "sichuan-province-2023",
            "sichuan-tianfu-2024",
        )
    }
    (folder / "hechuan.txt").write_text(plan["chongqing-hechuan-2024"], "utf-8")
    (folder / "dongli-gb18030.txt").write_bytes(plan["tianjin-dongli-2024"].encode("gb18030"))
    (folder / "sichuan-bom.txt").write_bytes(
        codecs.BOM_UTF8 + plan["sichuan-province-2023"].encode()
    )
    tianfu = plan["sichuan-tianfu-2024"].encode()
    middle = tianfu.index("全社会质量意识".encode()) + len("全社会".encode())
    (folder / "tianfu-damaged.txt").write_bytes(tianfu[:middle] + b"\xff\xfe" + tianfu[middle:])
    shutil.copy(MIXED_CORPUS / "dongli-portal.html", folder / "portal.html")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\r\n   \n")
    (folder / "scan.pdf").write_bytes(
        b"%PDF-1.4\n" + random.Random(1).randbytes(1500) + b"\n%%EOF\n"
    )
    (folder / "plan.wps").write_text("质量强区建设实施方案", "utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(3000))
    (folder / "corrupt.docx").write_bytes(random.Random(3).randbytes(3000))


def test_a_folder_of_good_and_bad_files(tmp_path: Path, corpus_dir: Path) -> None:
    write_mixed_folder(tmp_path, corpus_dir)
    corpus = load_corpus(tmp_path)

    titles = {d.meta.source: d.meta.title for d in corpus.documents}
    assert titles == {
        "hechuan.txt": "合川区质量强区建设实施方案",
        "dongli-gb18030.txt": "东丽区质量强区建设实施方案",
        "sichuan-bom.txt": "四川省进一步提升产品、工程和服务质量行动实施方案(2023-2025年)",
        "tianfu-damaged.txt": "深入开展质量提升行动推动高质量发展实施方案",
        "portal.html": "东丽区质量强区建设实施方案",
    }
    reasons = {s.source: s.reason for s in corpus.skipped}
    assert set(reasons) == {
        "empty.txt",
        "blank.txt",
        "scan.pdf",
        "plan.wps",
        "image.txt",
        "corrupt.docx",
    }
    assert reasons["empty.txt"] == reasons["blank.txt"] == "the file is empty"
    assert reasons["scan.pdf"] == "scan.pdf: not a valid PDF (PdfReadError); re-export it as PDF"
    assert reasons["plan.wps"] == WPS
    assert reasons["image.txt"].startswith("binary content, not text")
    assert corpus.warnings == (
        "tianfu-damaged.txt: 2 undecodable byte(s) replaced (read as utf-8)",
    )


def test_the_damaged_plan_keeps_its_structure(tmp_path: Path, corpus_dir: Path, documents) -> None:
    write_mixed_folder(tmp_path, corpus_dir)
    damaged = next(
        d for d in load_corpus(tmp_path).documents if d.meta.source == "tianfu-damaged.txt"
    )
    assert [node.heading for node in damaged.outline] == [
        node.heading for node in documents["sichuan-tianfu-2024"].outline
    ]
    assert damaged.warnings == (
        "tianfu-damaged.txt: 2 undecodable byte(s) replaced (read as utf-8)",
    )


def test_a_damaged_sentence_end_does_not_lose_the_later_parts(
    tmp_path: Path, corpus_dir: Path
) -> None:
    # 天府's run-on text with the 。 before 二、工作目标 damaged in transit (one byte flipped).
    raw = (corpus_dir / "sichuan-tianfu-2024.txt").read_text("utf-8")
    before = "为新时代公园城市建设提供质量支撑。二、工作目标"
    assert raw.count(before) == 1
    data = raw.encode()
    stop = data.index(before.encode()) + len("为新时代公园城市建设提供质量支撑".encode())
    assert data[stop : stop + 3] == "。".encode()
    (tmp_path / "tianfu.txt").write_bytes(data[:stop] + b"\xe3\x80\xff" + data[stop + 3 :])
    [document] = load_corpus(tmp_path).documents
    parts = [node.heading for node in document.outline]
    assert "三、重点任务" in parts and "四、保障措施" in parts, parts


def test_a_corrupt_docx_is_skipped_as_not_a_docx(tmp_path: Path) -> None:
    (tmp_path / "corrupt.docx").write_bytes(random.Random(3).randbytes(3000))
    corpus = load_corpus(tmp_path)
    assert corpus.documents == ()
    [skipped] = corpus.skipped
    assert skipped.source == "corrupt.docx"
    assert skipped.reason.startswith("not a valid .docx file")


def test_a_page_of_furniture_only_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "share.txt").write_text(
        "您当前的位置:首页 >政务公开\n分享到:\n扫一扫在手机打开当前页\n"
    )
    corpus = load_corpus(tmp_path)
    assert [(s.source, s.reason) for s in corpus.skipped] == [
        ("share.txt", "no paragraphs of text were found in it")
    ]


def test_same_name_in_two_formats_gets_two_ids(tmp_path: Path, corpus_dir: Path) -> None:
    plan = (corpus_dir / "tianjin-dongli-2024.txt").read_text("utf-8")
    (tmp_path / "dongli.txt").write_text(plan, "utf-8")
    shutil.copy(MIXED_CORPUS / "dongli-portal.html", tmp_path / "dongli.html")
    ids = [d.doc_id for d in load_corpus(tmp_path).documents]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert all(doc_id.startswith("dongli") for doc_id in ids)


def test_subfolders_hidden_files_and_sidecars(tmp_path: Path, corpus_dir: Path) -> None:
    (tmp_path / "2024").mkdir()
    shutil.copy(corpus_dir / "chongqing-hechuan-2024.txt", tmp_path / "2024" / "hechuan.txt")
    (tmp_path / "2024" / "empty.txt").write_bytes(b"")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "junk.bin").write_bytes(b"\x00" * 10)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "hechuan.meta.json").write_text('{"region": "重庆市合川区"}', "utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["hechuan"]
    assert [s.source for s in corpus.skipped] == [str(Path("2024") / "empty.txt")]


def test_an_empty_folder(tmp_path: Path) -> None:
    assert load_corpus(tmp_path) == Corpus(documents=(), skipped=(), warnings=())


def test_a_missing_folder_says_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="POLICY_SEARCH_CORPUS") as raised:
        load_corpus(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(raised.value)


def test_one_file_name_in_three_folders_gets_three_stable_ids(
    tmp_path: Path, corpus_dir: Path
) -> None:
    plans = ["chongqing-hechuan-2024", "tianjin-dongli-2024", "ningxia-shapotou-2022"]
    for folder, plan in zip(("a", "b", "c"), plans, strict=True):
        (tmp_path / folder).mkdir()
        shutil.copy(corpus_dir / f"{plan}.txt", tmp_path / folder / "plan.txt")
    first = load_corpus(tmp_path)
    assert [(d.doc_id, d.meta.region) for d in first.documents] == [
        ("plan", "重庆市合川区"),
        ("b-plan", "天津市东丽区"),
        ("c-plan", "中卫市沙坡头区"),
    ]
    assert len({p.passage_id for d in first.documents for p in d.passages}) == sum(
        len(d.passages) for d in first.documents
    )
    assert [d.doc_id for d in load_corpus(tmp_path).documents] == ["plan", "b-plan", "c-plan"]


def test_a_sidecar_that_takes_another_plans_id_is_refused_naming_both_files(
    tmp_path: Path, corpus_dir: Path
) -> None:
    shutil.copy(corpus_dir / "chongqing-hechuan-2024.txt", tmp_path / "hechuan.txt")
    shutil.copy(corpus_dir / "tianjin-dongli-2024.txt", tmp_path / "dongli.txt")
    (tmp_path / "hechuan.meta.json").write_text('{"doc_id": "dongli"}', "utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.meta.source for d in corpus.documents] == ["dongli.txt"]
    assert [(s.source, s.reason) for s in corpus.skipped] == [
        (
            "hechuan.txt",
            "its sidecar sets doc_id 'dongli', which dongli.txt already has; "
            "give one of them another doc_id",
        )
    ]
