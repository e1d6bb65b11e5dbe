"""Pages of PDF text into paragraphs: furniture removed, wrapped lines joined."""

from __future__ import annotations

from index.ingest.page_layout import close_gaps, join_wrapped_lines, strip_page_furniture

FULL = "为深入贯彻落实习近平总书记关于质量工作的重要论述和对重庆作出的重"  # fills a line


def page(number: int, *body: str) -> list[str]:
    return ["合川区人民政府行政规范性文件", *body, f"— {number} —"]


def test_running_headers_and_page_numbers_are_removed() -> None:
    bodies = ["一、总体要求", "二、质量供给体系", "三、质量支撑体系", "四、保障措施"]
    pages = [page(n, body) for n, body in enumerate(bodies, start=1)]
    assert strip_page_furniture(pages) == [[body] for body in bodies]


def test_page_counters_of_several_styles_are_removed() -> None:
    for footer in ("3", "- 3 -", "第 3 页 共 9 页", "Page 3 of 9", "3/9"):
        assert strip_page_furniture([["正文。", footer]]) == [["正文。"]], footer


def test_a_line_repeated_inside_the_text_is_kept() -> None:
    body = [f"第{n}行。" for n in range(10)]
    pages = [[*body[:5], "加强组织领导。", *body[5:]] for _ in range(3)]
    assert all("加强组织领导。" in kept for kept in strip_page_furniture(pages))


def test_a_full_line_runs_on_into_the_next() -> None:
    lines = ["  " + FULL, "要指示批示精神,全面提高我区质量总体水平。", "  一、总体要求"]
    assert join_wrapped_lines([lines]) == (
        FULL + "要指示批示精神,全面提高我区质量总体水平。\n一、总体要求"
    )


def test_a_heading_or_a_document_number_never_runs_on() -> None:
    lines = [FULL, "(一)增强产业质量竞争力", FULL, "合川府发〔2024〕9号", FULL, "2.提升质量。"]
    assert join_wrapped_lines([lines]).split("\n") == lines


def test_with_indented_paragraphs_a_full_line_ending_a_sentence_may_run_on() -> None:
    sentence_end = FULL[:-1] + "。"
    lines = ["  " + sentence_end, "推动完善服务业质量标准。", "  " + FULL, "量。"]
    assert join_wrapped_lines([lines]).split("\n") == [
        sentence_end + "推动完善服务业质量标准。",
        FULL + "量。",
    ]


def test_without_indents_a_sentence_end_ends_the_paragraph() -> None:
    sentence_end = FULL[:-1] + "。"
    assert join_wrapped_lines([[sentence_end, "推动完善服务业质量标准。"]]).split("\n") == [
        sentence_end,
        "推动完善服务业质量标准。",
    ]


def test_an_open_title_bracket_runs_on_even_into_a_centred_line() -> None:
    lines = ["        关于印发《合川区质量强区建设", "          实施方案》的通知", "各镇人民政府:"]
    assert join_wrapped_lines([lines]).split("\n") == [
        "关于印发《合川区质量强区建设实施方案》的通知",
        "各镇人民政府:",
    ]


def test_a_paragraph_runs_on_across_a_page_break() -> None:
    assert join_wrapped_lines([["  " + FULL], ["要指示批示精神。"]]) == FULL + "要指示批示精神。"


def test_layout_gaps_are_closed_but_spaces_between_latin_words_kept() -> None:
    assert close_gaps("合川府发〔2      024〕9号 显著提高,    质量  ISO   9001 认证") == (
        "合川府发〔2024〕9号显著提高,质量ISO 9001认证"
    )


def test_plain_text_of_a_line_is_preferred_to_its_layout() -> None:
    laid_out = ["  专栏1     产业质量竞争力提升工程"]
    plain = ["专栏1 产业质量竞争力提升工程"]
    assert join_wrapped_lines([laid_out], [plain]) == "专栏1 产业质量竞争力提升工程"
