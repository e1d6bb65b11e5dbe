"""Heading detection on small texts: the hierarchy, continuity checks and false positives."""

from __future__ import annotations

from itertools import pairwise

from index.structure.headings import Block, find_blocks
from index.structure.passages import build_passages


def headings(text: str, body_start: int = 0) -> list[tuple[str, int, str]]:
    """(label, level, kind) of every heading or item found, in order."""
    return [
        (block.label, block.level, block.heading_kind)
        for block in find_blocks(text, body_start)
        if block.kind != "paragraph"
    ]


def paragraphs(text: str) -> list[str]:
    return [
        text[block.start : block.end] for block in find_blocks(text) if block.kind == "paragraph"
    ]


def sections(text: str) -> dict[str, tuple[str, ...]]:
    """Passage text → its section path."""
    passages = build_passages("doc", text, find_blocks(text), 0)
    return {passage.text: passage.section for passage in passages}


FOUR_LEVELS = (
    "一、总体要求\n"
    "到2025年,质量水平明显提升。\n"
    "二、重点任务\n"
    "(一)强化质量基础\n"
    "1.完善标准体系。推动标准制定。\n"
    "(1)国家标准。主导制定国家标准。\n"
    "(2)行业标准。参与制定行业标准。\n"
    "2.加强计量能力。建设计量中心。\n"
    "(二)提升检测能力\n"
    "1.建设检测平台。服务中小企业。\n"
)


def test_four_levels_of_numbering() -> None:
    assert headings(FOUR_LEVELS) == [
        ("一、总体要求", 1, "part"),
        ("二、重点任务", 1, "part"),
        ("(一)强化质量基础", 2, "section"),
        ("1.完善标准体系", 3, "item"),
        ("(1)国家标准", 4, "subitem"),
        ("(2)行业标准", 4, "subitem"),
        ("2.加强计量能力", 3, "item"),
        ("(二)提升检测能力", 2, "section"),
        ("1.建设检测平台", 3, "item"),
    ]


def test_heading_lines_and_items_with_bodies() -> None:
    blocks = {block.label: block for block in find_blocks(FOUR_LEVELS) if block.label}
    # A heading alone on its line is a heading; a numbered line with text after it is an item.
    assert blocks["二、重点任务"].kind == "heading"
    assert blocks["(一)强化质量基础"].kind == "heading"
    item = blocks["1.完善标准体系"]
    assert item.kind == "item"
    assert FOUR_LEVELS[item.start : item.end] == "1.完善标准体系。推动标准制定。"


def test_section_paths_follow_the_hierarchy() -> None:
    found = sections(FOUR_LEVELS)
    assert found["到2025年,质量水平明显提升。"] == ("一、总体要求",)
    assert found["(2)行业标准。参与制定行业标准。"] == (
        "二、重点任务",
        "(一)强化质量基础",
        "1.完善标准体系",
        "(2)行业标准",
    )
    # Item 2 closes item 1 and its sub-items; (二) closes (一) and restarts the items at 1.
    assert found["2.加强计量能力。建设计量中心。"] == (
        "二、重点任务",
        "(一)强化质量基础",
        "2.加强计量能力",
    )
    assert found["1.建设检测平台。服务中小企业。"] == (
        "二、重点任务",
        "(二)提升检测能力",
        "1.建设检测平台",
    )


def test_full_width_brackets_and_dots() -> None:
    text = "\n".join(
        [
            "一、重点任务",
            "（一）强化基础",
            "1．完善标准。推动制定。",
            "2、加强计量。建设中心。",
            "（二）提升能力",
        ]
    )
    assert [label for label, _, _ in headings(text)] == [
        "一、重点任务",
        "（一）强化基础",
        "1．完善标准",
        "2、加强计量",
        "（二）提升能力",
    ]


def test_numbers_in_text_are_not_headings() -> None:
    text = (
        "一、主要目标\n"
        "每年城镇新增就业1.7万人以上,研发投入占比超过3.8%。\n"
        "3.8%的企业开展质量认证。\n"
        "实施期限为2023-2025年。\n"
        "2024年7月3日起施行。\n"
        "2024.7.3起施行。\n"
        "(2023-2025年)\n"
        "二、重点任务\n"
    )
    assert headings(text) == [("一、主要目标", 1, "part"), ("二、重点任务", 1, "part")]
    assert paragraphs(text) == [
        "每年城镇新增就业1.7万人以上,研发投入占比超过3.8%。",
        "3.8%的企业开展质量认证。",
        "实施期限为2023-2025年。",
        "2024年7月3日起施行。",
        "2024.7.3起施行。",
        "(2023-2025年)",
    ]


def test_enumeration_inside_a_sentence_is_not_a_part() -> None:
    text = "一、指导思想\n坚持质量第一、效益优先,推动高质量发展。\n二、工作目标\n"
    assert [label for label, _, _ in headings(text)] == ["一、指导思想", "二、工作目标"]


def test_a_skipped_number_is_not_an_item() -> None:
    text = "一、重点任务\n1.第一项。内容甲。\n3.第三项。跳过了第二项。\n2.第二项。内容乙。\n"
    assert [label for label, _, _ in headings(text)] == ["一、重点任务", "1.第一项", "2.第二项"]
    assert "3.第三项。跳过了第二项。" in paragraphs(text)


def test_a_repeated_part_number_is_not_a_part() -> None:
    text = (
        "一、总体要求\n内容。\n二、重点任务\n内容。\n"
        "二、重点任务\n重复的标题。\n三、保障措施\n内容。\n"
    )
    assert [label for label, _, _ in headings(text)] == [
        "一、总体要求",
        "二、重点任务",
        "三、保障措施",
    ]


def test_boxes_and_bullets() -> None:
    text = (
        "一、重点任务\n"
        "(一)提升产业质量。加强产业链质量管理。详见专栏1。\n"
        "专栏1 产业质量提升工程\n"
        "——开展农业提质行动。建设高标准农田。\n"
        "——开展工业塑强行动。推动数字化转型。\n"
        "推动产业协同发展——这是关键。\n"
        "专栏3 跳号的专栏\n"
    )
    assert headings(text) == [
        ("一、重点任务", 1, "part"),
        ("(一)提升产业质量", 2, "section"),
        ("专栏1 产业质量提升工程", 2, "box"),
        ("——开展农业提质行动", 3, "bullet"),
        ("——开展工业塑强行动", 3, "bullet"),
    ]
    found = sections(text)
    assert found["——开展工业塑强行动。推动数字化转型。"] == (
        "一、重点任务",
        "专栏1 产业质量提升工程",
        "——开展工业塑强行动",
    )
    # An inline dash is not a bullet, and the text after the bullets belongs to the box.
    assert found["推动产业协同发展——这是关键。"] == ("一、重点任务", "专栏1 产业质量提升工程")


def test_unnumbered_headings() -> None:
    text = "保障措施\n加强组织领导,落实工作责任。\n强化督促检查\n定期通报工作进展。\n"
    assert headings(text) == [("保障措施", 1, "unnumbered"), ("强化督促检查", 2, "unnumbered")]
    assert sections(text)["定期通报工作进展。"] == ("保障措施", "强化督促检查")


def test_run_on_text() -> None:
    text = (
        "一、工作目标(一)总体目标。到2027年,质量基础进一步夯实。(二)产品目标。合格率达95%以上。"
        "二、重点任务(一)推动发展1.培育动能。开展攻关。2.厚植优势。推进转型。"
        "(二)增强优势1.增强能力。推进升级。(责任单位:区市场监管局)2.加强监管。严查违法行为。"
    )
    assert [label for label, _, _ in headings(text)] == [
        "一、工作目标",
        "(一)总体目标",
        "(二)产品目标",
        "二、重点任务",
        "(一)推动发展",
        "1.培育动能",
        "2.厚植优势",
        "(二)增强优势",
        "1.增强能力",
        "2.加强监管",
    ]
    found = sections(text)
    assert found["1.增强能力。推进升级。(责任单位:区市场监管局)"] == (
        "二、重点任务",
        "(二)增强优势",
        "1.增强能力",
    )


def test_run_on_known_part_title_before_a_short_sentence() -> None:
    # As in 天府新区's plan the part titles run straight into their text; here the last
    # part's text is one short sentence, as a closing 附则 usually is.
    text = "一、总体要求(一)指导思想。坚持质量第一、效益优先。二、附则本方案自印发之日起施行。"
    assert [label for label, _, _ in headings(text)] == ["一、总体要求", "(一)指导思想", "二、附则"]
    found = sections(text)
    assert all(any(ch.isalnum() for ch in passage) for passage in found), list(found)
    assert [passage for passage in found if "本方案自印发之日起施行" in passage] != []


def test_headings_before_the_body_are_ignored() -> None:
    notice = "关于印发方案的通知\n一、请认真贯彻执行。\n"
    text = notice + "一、总体要求\n内容。\n"
    assert headings(text, body_start=len(notice)) == [("一、总体要求", 1, "part")]


def test_blocks_cover_the_text_in_order() -> None:
    blocks: list[Block] = find_blocks(FOUR_LEVELS)
    starts = [block.start for block in blocks]
    assert starts == sorted(starts)
    for before, after in pairwise(blocks):
        assert before.end <= after.start
    covered = "".join(FOUR_LEVELS[block.start : block.end] for block in blocks)
    assert covered == FOUR_LEVELS.replace("\n", "")
