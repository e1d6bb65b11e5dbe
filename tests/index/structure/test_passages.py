"""Passages of the five plans: offsets, sizes, the notice and preamble, stable ids; split_long."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.ingest.corpus import load_corpus
from index.ingest.documents import parse_document
from index.structure.passages import MAX_PASSAGE_CHARS, passage_id, split_long
from index.types import Document, OutlineNode

PLANS = [
    "chongqing-hechuan-2024",
    "ningxia-shapotou-2022",
    "sichuan-province-2023",
    "sichuan-tianfu-2024",
    "tianjin-dongli-2024",
]

# (a sentence of the notice, how the preamble starts), read from each plan.
NOTICE_AND_PREAMBLE = {
    "chongqing-hechuan-2024": (
        "现将《合川区质量强区建设实施方案》印发给你们",
        "为深入贯彻落实习近平总书记关于质量工作的重要论述",
    ),
    "ningxia-shapotou-2022": (
        "已经区人民政府研究同意,现印发给你们",
        "为开展质量提升行动,加快推进质量强区和商标战略建设",
    ),
    "sichuan-province-2023": (
        "已经省政府同意,现印发给你们",
        "为贯彻落实《质量强国建设纲要》和党中央、国务院关于质量提升的决策部署",
    ),
    "sichuan-tianfu-2024": (
        "已经管委会领导同意,现印发你们",
        "为全面贯彻落实党中央国务院、省委省政府和市委市政府关于质量强国",
    ),
    "tianjin-dongli-2024": (
        "现将《东丽区质量强区建设实施方案》印发给你们",
        "为贯彻落实党中央、国务院关于质量强国建设的决策部署",
    ),
}


# The plan's own title as it stands in the text, between the notice and the preamble.
TITLE_LINES = {
    "chongqing-hechuan-2024": ["合川区质量强区建设实施方案"],
    "ningxia-shapotou-2022": ["沙坡头区加快推进质量强区和商标战略建设的实施方案"],
    "sichuan-province-2023": ["四川省进一步提升产品、工程和服务质量行动实施方案", "2023-2025年)"],
    "sichuan-tianfu-2024": ["深入开展质量提升行动推动高质量发展实施方案"],
    "tianjin-dongli-2024": ["东丽区质量强区建设实施方案"],
}


def all_headings(nodes: tuple[OutlineNode, ...]) -> list[str]:
    found = []
    for node in nodes:
        found.append(node.heading)
        found.extend(all_headings(node.children))
    return found


@pytest.mark.parametrize("doc_id", PLANS)
def test_passages_are_spans_of_the_cleaned_text(
    documents: dict[str, Document], doc_id: str
) -> None:
    document = documents[doc_id]
    assert document.passages
    previous_end = 0
    for ordinal, passage in enumerate(document.passages):
        assert passage.ordinal == ordinal
        assert passage.doc_id == doc_id
        assert passage.text == document.text[passage.start : passage.end]
        assert passage.text == passage.text.strip() and passage.text
        assert passage.start >= previous_end, "passages overlap or are out of reading order"
        previous_end = passage.end


@pytest.mark.parametrize("doc_id", PLANS)
def test_every_paragraph_of_the_plan_is_in_a_passage(
    documents: dict[str, Document], doc_id: str
) -> None:
    document = documents[doc_id]
    covered = [False] * len(document.text)
    for passage in document.passages:
        covered[passage.start : passage.end] = [True] * (passage.end - passage.start)
    left_out = "".join("\n" if hit else ch for ch, hit in zip(document.text, covered, strict=True))
    # What is left out is the plan's title line(s) and the headings, nothing else.
    allowed = sorted(set(all_headings(document.outline)) | set(TITLE_LINES[doc_id]), key=len)
    for label in reversed(allowed):
        left_out = left_out.replace(label, "")
    assert left_out.split() == []


@pytest.mark.parametrize("doc_id", PLANS)
def test_passages_stay_short(documents: dict[str, Document], doc_id: str) -> None:
    longest = max(len(passage.text) for passage in documents[doc_id].passages)
    assert longest <= MAX_PASSAGE_CHARS


@pytest.mark.parametrize("doc_id", PLANS)
def test_heading_lines_and_title_are_not_passages(
    documents: dict[str, Document], doc_id: str
) -> None:
    document = documents[doc_id]
    texts = {passage.text for passage in document.passages}
    assert not texts & set(all_headings(document.outline))
    assert not texts & set(TITLE_LINES[doc_id])


@pytest.mark.parametrize("doc_id", PLANS)
def test_notice_and_preamble_are_sections_of_their_own(
    documents: dict[str, Document], doc_id: str
) -> None:
    notice_sentence, preamble_start = NOTICE_AND_PREAMBLE[doc_id]
    document = documents[doc_id]
    notice = [p for p in document.passages if p.section == ("印发通知",)]
    preamble = [p for p in document.passages if p.section == ("引言",)]
    assert notice and preamble
    assert notice == list(document.passages[: len(notice)])
    assert any(notice_sentence in passage.text for passage in notice)
    assert not any(preamble_start in passage.text for passage in notice)
    assert preamble[0].text.startswith(preamble_start)
    assert preamble[0].ordinal == len(notice)
    # The plan's own title stands between them and belongs to neither.
    title_lines = set(TITLE_LINES[doc_id])
    assert not any(title_lines & set(p.text.split("\n")) for p in notice + preamble)


def test_notice_passages_hold_the_notice_only(documents: dict[str, Document]) -> None:
    document = documents["chongqing-hechuan-2024"]
    notice_text = "\n".join(p.text for p in document.passages if p.section == ("印发通知",))
    assert "各镇人民政府、街道办事处,区政府各部门,有关单位:" in notice_text
    assert "(此件公开发布)" in notice_text
    assert "为深入贯彻落实" not in notice_text
    assert "合川区质量强区建设实施方案" not in notice_text.split("\n")


def test_ids_are_stable_across_independent_ingests(corpus, corpus_dir: Path) -> None:
    again = load_corpus(corpus_dir)
    before = {d.doc_id: [p.passage_id for p in d.passages] for d in corpus.documents}
    after = {d.doc_id: [p.passage_id for p in d.passages] for d in again.documents}
    assert before == after
    every_id = [pid for ids in before.values() for pid in ids]
    assert len(every_id) == len(set(every_id))
    assert all(pid.startswith(doc_id + "-") for doc_id, ids in before.items() for pid in ids)


def test_only_the_edited_passage_changes_id(
    documents: dict[str, Document], corpus_dir: Path, tmp_path: Path
) -> None:
    name = "chongqing-hechuan-2024.txt"
    raw = (corpus_dir / name).read_text("utf-8")
    original, edited = "加快社会公用计量标准器具升级换代", "加快社会公用计量标准器具更新换代"
    assert raw.count(original) == 1
    (tmp_path / name).write_text(raw.replace(original, edited), "utf-8")

    changed = load_corpus(tmp_path).documents[0]
    before = documents["chongqing-hechuan-2024"].passages
    after = changed.passages
    assert changed.doc_id == "chongqing-hechuan-2024"
    assert len(after) == len(before)
    differing = [
        (old.section, new.text)
        for old, new in zip(before, after, strict=True)
        if old.passage_id != new.passage_id
    ]
    assert len(differing) == 1
    section, text = differing[0]
    assert section[-1] == "19.提升合川测量精准性"
    assert edited in text


def test_a_repeated_paragraph_gets_its_own_id() -> None:
    seen: dict[str, int] = {}
    first = passage_id("plan", "加强组织领导。", seen)
    second = passage_id("plan", "加强组织领导。", seen)
    other = passage_id("plan", "强化督促检查。", seen)
    assert len({first, second, other}) == 3
    assert passage_id("plan", "加强组织领导。", {}) == first
    assert passage_id("other-plan", "加强组织领导。", {}) != first


def test_a_long_paragraph_is_split_at_sentence_ends(corpus_dir: Path) -> None:
    raw = (corpus_dir / "chongqing-hechuan-2024.txt").read_text("utf-8")
    goals_start = raw.index("到2035年")
    goals = raw[goals_start : raw.index("\n", goals_start)]
    safeguards_start = raw.index("加强组织领导。")
    safeguards = raw[safeguards_start : raw.index("\n", safeguards_start)]
    # Run the 保障措施 paragraph on after the 总体要求 paragraph: one paragraph over 600 chars.
    long_raw = raw.replace(goals, goals + safeguards, 1)
    document = parse_document(long_raw, "hechuan", "hechuan.txt", {})

    pieces = [p for p in document.passages if p.section == ("一、总体要求",)]
    assert len(pieces) >= 2
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in pieces)
    assert all(p.text.endswith("。") for p in pieces)
    assert pieces[-1].text.endswith("提升宣传成效。")
    assert "".join(p.text for p in pieces).endswith(goals + safeguards)


def test_split_long_keeps_short_text_whole() -> None:
    assert split_long("加强组织领导。", 100) == [(100, 107)]


def test_split_long_cuts_between_sentences() -> None:
    sentence = "推进质量基础设施建设,提升检验检测能力。"  # 20 characters
    text = sentence * 50
    spans = split_long(text, 10)
    assert len(spans) > 1
    assert all(text[a - 10 : b - 10].endswith("。") for a, b in spans)
    assert "".join(text[a - 10 : b - 10] for a, b in spans) == text
    assert all(b - a <= MAX_PASSAGE_CHARS for a, b in spans)


@pytest.mark.parametrize("comma", [",", "，"], ids=["ascii-comma", "full-width-comma"])
def test_split_long_cuts_an_endless_sentence_at_commas(comma: str) -> None:
    clause = "加强质量基础设施建设和质量品牌培育"  # 17 characters, so 600 falls mid-clause
    text = comma.join([clause] * 120) + "。"
    spans = split_long(text, 0)
    assert len(spans) > 1
    assert "".join(text[a:b] for a, b in spans) == text
    for _, end in spans[:-1]:
        assert text[end - 1] == comma, f"cut inside a clause: …{text[end - 5 : end + 5]}…"


def test_outline_matches_the_passage_sections(documents: dict[str, Document]) -> None:
    for document in documents.values():
        headings = set(all_headings(document.outline))
        for passage in document.passages:
            if passage.section in (("印发通知",), ("引言",)):
                continue
            assert set(passage.section) <= headings, passage.section


def test_units_come_from_the_passage_text(documents: dict[str, Document]) -> None:
    for document in documents.values():
        for passage in document.passages:
            for unit in passage.responsible_units:
                assert unit in passage.text
            if passage.responsible_units:
                assert re.search(r"[)）〕]。?$", passage.text), passage.text[-30:]
