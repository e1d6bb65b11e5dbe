"""What each plan states about itself: titles, region, level, issuer, number and date."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from index.ingest.corpus import load_corpus
from index.ingest.documents import parse_document
from index.ingest.furniture import strip_furniture
from index.ingest.metadata import header_fields, level_of, read_statements, region_of
from index.types import Document
from tests.conftest import MIXED_CORPUS

# Read off the five plans: header fields where the portal states them, else the notice.
EXPECTED = {
    "chongqing-hechuan-2024": {
        "source": "chongqing-hechuan-2024.txt",
        "title": "合川区质量强区建设实施方案",
        "notice_title": "重庆市合川区人民政府关于印发《合川区质量强区建设实施方案》的通知",
        "region": "重庆市合川区",
        "level": "区县级",
        "issuer": "重庆市合川区人民政府",
        "doc_number": "合川府发〔2024〕9号",
        "published": "2024-07-23",  # [ 发布日期 ]; it was signed (成文) on 2024-07-03
    },
    "ningxia-shapotou-2022": {
        "source": "ningxia-shapotou-2022.txt",
        "title": "沙坡头区加快推进质量强区和商标战略建设的实施方案",
        "notice_title": None,  # the page starts at the addressees
        "region": "宁夏回族自治区中卫市沙坡头区",  # from ningxia-shapotou-2022.meta.json
        "level": "区县级",
        "issuer": "中卫市沙坡头区人民政府办公室",
        "doc_number": None,
        "published": "2022-12-16",  # no header: the signature date
    },
    "sichuan-province-2023": {
        "source": "sichuan-province-2023.txt",
        "title": "四川省进一步提升产品、工程和服务质量行动实施方案(2023-2025年)",
        "notice_title": (
            "四川省质量强省工作领导小组关于印发"
            "《四川省进一步提升产品、工程和服务质量行动实施方案(2023-2025年)》的通知"
        ),
        "region": "四川省",
        "level": "省级",
        "issuer": "四川省质量强省工作领导小组",
        "doc_number": None,  # the 文号 field is empty
        "published": "2023-06-08",  # 发布日期; signed 2023-06-05
    },
    "sichuan-tianfu-2024": {
        "source": "sichuan-tianfu-2024.txt",
        "title": "深入开展质量提升行动推动高质量发展实施方案",
        "notice_title": (
            "四川天府新区管委会办公室关于印发深入开展质量提升行动推动高质量发展实施方案的通知"
        ),
        "region": "四川天府新区",
        "level": "国家级新区",
        "issuer": "四川天府新区管委会办公室",
        "doc_number": "川天管办发〔2024〕12号",
        "published": "2024-07-19",  # 发布时间; signed 2024-07-12
    },
    "tianjin-dongli-2024": {
        "source": "tianjin-dongli-2024.txt",
        "title": "东丽区质量强区建设实施方案",
        "notice_title": "东丽区人民政府关于印发东丽区质量强区建设实施方案的通知",
        "region": "天津市东丽区",
        "level": "区县级",
        "issuer": "天津市东丽区人民政府",
        "doc_number": "东丽政发〔2024〕5号",  # printed as the mangled 东丽政发〔20245
        "published": "2024-08-30",  # 发布时间; signed 2024-08-22
    },
}


def test_the_corpus_is_the_five_plans(documents: dict[str, Document]) -> None:
    assert sorted(documents) == sorted(EXPECTED)


@pytest.mark.parametrize("doc_id", list(EXPECTED))
def test_plan_metadata(documents: dict[str, Document], doc_id: str) -> None:
    meta = asdict(documents[doc_id].meta)
    assert meta == {"doc_id": doc_id, **EXPECTED[doc_id]}


def without_header(raw: str, header_line: str) -> str:
    assert header_line in raw
    return raw.replace(header_line, "")


def test_without_a_header_the_signature_date_is_used(corpus_dir: Path) -> None:
    # 合川 signed 202473 and 东丽 2024822: run-together digits that still read one way only.
    hechuan = (corpus_dir / "chongqing-hechuan-2024.txt").read_text("utf-8")
    hechuan = without_header(hechuan, "[ 成文日期 ] 2024-07-03 [ 发布日期 ] 2024-07-23")
    assert parse_document(hechuan, "h", "h.txt", {}).meta.published == "2024-07-03"
    dongli = (corpus_dir / "tianjin-dongli-2024.txt").read_text("utf-8")
    dongli = without_header(dongli, "发布时间:2024-08-30 | 来源:东丽区政府网 | 专栏:政策法规")
    assert parse_document(dongli, "d", "d.txt", {}).meta.published == "2024-08-22"


def test_an_ambiguous_signature_date_stays_unknown(corpus_dir: Path) -> None:
    raw = (corpus_dir / "ningxia-shapotou-2022.txt").read_text("utf-8")
    assert "\n2022年12月16日\n" in raw
    meta = parse_document(raw.replace("\n2022年12月16日\n", "\n2022111\n"), "s", "s.txt", {}).meta
    assert meta.published is None  # 2022年1月11日 or 2022年11月1日
    assert meta.issuer == "中卫市沙坡头区人民政府办公室"


def test_doc_number_recovered_from_the_notice_when_the_header_has_none(corpus_dir: Path) -> None:
    raw = (corpus_dir / "chongqing-hechuan-2024.txt").read_text("utf-8")
    raw = without_header(
        raw, "[ 索引号 ] 11500000MB1678200K/2024-00118 [ 发文字号 ] 合川府发〔2024〕9号"
    )
    assert "\n合川府发〔20249\n" in raw
    assert parse_document(raw, "h", "h.txt", {}).meta.doc_number == "合川府发〔2024〕9号"


def test_a_doc_number_in_the_body_is_not_the_plans(corpus_dir: Path) -> None:
    # 沙坡头's preamble cites 中发〔2017〕24号 and 宁质发〔2022〕1号; neither is its own number.
    raw = (corpus_dir / "ningxia-shapotou-2022.txt").read_text("utf-8")
    clean = strip_furniture(raw).text
    statements = read_statements(raw, clean)
    assert statements.doc_number is None
    assert clean[statements.body_start :].startswith(
        "沙坡头区加快推进质量强区和商标战略建设的实施方案\n"
    )
    assert clean[statements.preamble_start :].lstrip().startswith("为开展质量提升行动")


def test_the_body_starts_at_the_title_in_run_on_text(corpus_dir: Path) -> None:
    raw = (corpus_dir / "sichuan-tianfu-2024.txt").read_text("utf-8")
    clean = strip_furniture(raw).text
    statements = read_statements(raw, clean)
    assert clean[: statements.body_start].endswith("四川天府新区管委会办公室2024年7月12日")
    assert clean[statements.body_start : statements.preamble_start] == (
        "深入开展质量提升行动推动高质量发展实施方案"
    )


def test_header_fields_in_each_portal_layout() -> None:
    bracketed = (
        "[ 索引号 ] 11500000MB1678200K/2024-00118 [ 发文字号 ] 合川府发〔2024〕9号\n"
        "[ 成文日期 ] 2024-07-03 [ 发布日期 ] 2024-07-23"
    )
    assert header_fields(bracketed) == {
        "doc_number": "合川府发〔2024〕9号",
        "written": "2024-07-03",
        "published": "2024-07-23",
    }
    colon = "\n".join(
        [
            "发布部门:四川天府新区管委会办公室",
            "发布时间:2024年07月19日",
            "政策文号:川天管办发〔2024〕12号",
        ]
    )
    assert header_fields(colon) == {
        "publisher": "四川天府新区管委会办公室",
        "published": "2024年07月19日",
        "doc_number": "川天管办发〔2024〕12号",
    }
    block = (
        "索引号\n/2023-00243\n主题分类\n发布机构\n市市场监督管理局\n"
        "发布日期\n2023-06-08\n文号\n有效性\n有效"
    )
    # 文号 is empty: the line after it is the next label, not a number.
    assert header_fields(block) == {"publisher": "市市场监督管理局", "published": "2023-06-08"}


@pytest.mark.parametrize(
    ("issuer", "region", "level"),
    [
        ("重庆市合川区人民政府", "重庆市合川区", "区县级"),
        ("重庆市人民政府", "重庆市", "省级"),
        ("四川省质量强省工作领导小组", "四川省", "省级"),
        ("宁夏回族自治区人民政府", "宁夏回族自治区", "省级"),
        ("中卫市沙坡头区人民政府办公室", "中卫市沙坡头区", "区县级"),
        ("成都市人民政府办公厅", "成都市", "市级"),
        ("阿坝藏族羌族自治州人民政府", "阿坝藏族羌族自治州", "市级"),
        ("四川天府新区管委会办公室", "四川天府新区", "国家级新区"),
        ("鄂尔多斯市伊金霍洛旗人民政府", "鄂尔多斯市伊金霍洛旗", "区县级"),
        ("国务院办公厅", None, None),
        (None, None, None),
    ],
)
def test_region_and_level_of_an_issuer(
    issuer: str | None, region: str | None, level: str | None
) -> None:
    assert region_of(issuer) == region
    assert level_of(region) == level


def test_the_same_plan_in_other_formats_states_the_same(documents: dict[str, Document]) -> None:
    mixed = {
        document.meta.source: document.meta for document in load_corpus(MIXED_CORPUS).documents
    }
    ignore = {"doc_id", "source"}

    def stated(meta) -> dict:
        return {key: value for key, value in asdict(meta).items() if key not in ignore}

    assert stated(mixed["四川省质量提升行动方案.txt"]) == stated(
        documents["sichuan-province-2023"].meta
    )
    assert stated(mixed["dongli-portal.html"]) == stated(documents["tianjin-dongli-2024"].meta)
    # The .docx has no sidecar, so its region is the one its issuer names.
    docx_meta = stated(mixed["shapotou-plan.docx"])
    assert docx_meta == {
        **stated(documents["ningxia-shapotou-2022"].meta),
        "region": "中卫市沙坡头区",
    }
