"""One file to one Document: sidecar metadata, warnings, and files with no plan in them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.errors import UnreadableFile
from index.ingest.documents import parse_document, read_document

SHAPOTOU = "ningxia-shapotou-2022"


@pytest.fixture
def shapotou(tmp_path: Path, corpus_dir: Path) -> Path:
    """沙坡头's plan alone in a folder, without its sidecar."""
    path = tmp_path / f"{SHAPOTOU}.txt"
    shutil.copy(corpus_dir / path.name, path)
    return path


def sidecar(plan: Path, content: str) -> None:
    plan.with_name(plan.stem + ".meta.json").write_text(content, "utf-8")


def test_without_a_sidecar_the_region_is_the_issuers(shapotou: Path) -> None:
    document = read_document(shapotou, SHAPOTOU)
    assert document.meta.region == "中卫市沙坡头区"
    assert document.meta.level == "区县级"
    assert document.meta.source == f"{SHAPOTOU}.txt"
    assert document.warnings == ()


def test_the_committed_sidecar_sets_the_full_region(corpus_dir: Path) -> None:
    meta = read_document(corpus_dir / f"{SHAPOTOU}.txt", SHAPOTOU).meta
    assert meta.region == "宁夏回族自治区中卫市沙坡头区"
    assert meta.level == "区县级"
    assert meta.issuer == "中卫市沙坡头区人民政府办公室"  # what the sidecar does not set is kept


def test_a_sidecar_region_sets_the_level_unless_the_sidecar_gives_one(shapotou: Path) -> None:
    sidecar(shapotou, '{"region": "宁夏回族自治区"}')
    assert read_document(shapotou, SHAPOTOU).meta.level == "省级"
    sidecar(shapotou, '{"region": "宁夏回族自治区", "level": "区县级"}')
    assert read_document(shapotou, SHAPOTOU).meta.level == "区县级"


def test_a_sidecar_can_fill_what_the_plan_does_not_state(shapotou: Path) -> None:
    sidecar(shapotou, '{"doc_number": "卫沙政办发〔2022〕88号", "published": "2022-12-20"}')
    meta = read_document(shapotou, SHAPOTOU).meta
    assert (meta.doc_number, meta.published) == ("卫沙政办发〔2022〕88号", "2022-12-20")


def test_a_sidecar_doc_id_names_the_passages(shapotou: Path) -> None:
    sidecar(shapotou, '{"doc_id": "shapotou"}')
    document = read_document(shapotou, SHAPOTOU)
    assert document.doc_id == "shapotou"
    assert all(
        p.doc_id == "shapotou" and p.passage_id.startswith("shapotou-") for p in document.passages
    )


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        ('{"region": "宁夏', f"{SHAPOTOU}.meta.json: ignored, not valid UTF-8 JSON"),
        (
            '["宁夏回族自治区"]',
            f"{SHAPOTOU}.meta.json: ignored, expected a JSON object of metadata fields",
        ),
    ],
    ids=["broken-json", "not-an-object"],
)
def test_a_bad_sidecar_is_ignored_with_a_warning(
    shapotou: Path, content: str, warning: str
) -> None:
    sidecar(shapotou, content)
    document = read_document(shapotou, SHAPOTOU)
    assert document.meta.region == "中卫市沙坡头区"
    [message] = document.warnings
    assert message.startswith(warning)


def test_unknown_sidecar_fields_are_named(shapotou: Path) -> None:
    sidecar(shapotou, '{"region": "宁夏回族自治区中卫市沙坡头区", "regoin": "x", "source": "y"}')
    document = read_document(shapotou, SHAPOTOU)
    assert document.meta.region == "宁夏回族自治区中卫市沙坡头区"
    assert document.meta.source == f"{SHAPOTOU}.txt"
    [message] = document.warnings
    assert message.startswith(
        f"{SHAPOTOU}.meta.json: unknown field(s) regoin, source ignored; known: "
    )


def test_text_without_paragraphs_is_not_a_plan() -> None:
    with pytest.raises(UnreadableFile, match="no paragraphs of text were found"):
        parse_document("分享到:\n扫一扫在手机打开当前页\n\n", "page", "page.txt", {})


def test_a_plan_without_notice_or_headings_is_one_preamble(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("各单位要加强质量工作,落实质量责任。\n区市场监管局要加强统筹协调。\n", "utf-8")
    document = read_document(path, "memo")
    assert document.outline == ()
    assert [(p.section, p.text) for p in document.passages] == [
        (("引言",), "各单位要加强质量工作,落实质量责任。"),
        (("引言",), "区市场监管局要加强统筹协调。"),
    ]
