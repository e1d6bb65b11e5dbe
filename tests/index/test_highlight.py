"""Highlighting: HTML-escaped text, query words in <mark>, longest first, entities intact."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from index.highlight import Highlighter, highlight


def test_query_words_are_marked():
    assert highlight("推行企业首席质量官制度", ["制度"]) == "推行企业首席质量官<mark>制度</mark>"


def test_text_is_escaped_before_marking():
    marked = highlight("<script>alert(1)</script>质量", ["质量"])
    assert marked == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>质量</mark>"
    assert "<script>" not in marked


def test_nothing_to_mark_still_escapes():
    assert highlight("a < b & c", []) == "a &lt; b &amp; c"
    assert highlight("a < b", ["", "  "]) == "a &lt; b"


def test_the_longest_word_wins_over_words_inside_it():
    marked = highlight("推行企业首席质量官制度,提升质量", ["质量", "首席质量官"])
    assert marked == "推行企业<mark>首席质量官</mark>制度,提升<mark>质量</mark>"
    assert "<mark><mark>" not in marked


def test_overlapping_words_are_never_nested():
    marked = highlight("同线同标同质", ["同线", "同标同质", "同线同标同质"])
    assert marked == "<mark>同线同标同质</mark>"


def test_entities_are_never_split_by_a_match():
    for term in ("amp", "lt", "gt", "am", "mp;"):
        assert highlight("R&D <5G>", [term]) == "R&amp;D &lt;5G&gt;"


def test_literal_entity_letters_outside_entities_are_still_marked():
    assert highlight("R&D amp", ["amp"]) == "R&amp;D <mark>amp</mark>"


def test_latin_matches_ignore_case_and_keep_the_original_letters():
    assert highlight("全社会研发支出占GDP比重", ["gdp"]) == "全社会研发支出占<mark>GDP</mark>比重"
    assert highlight("推进5G应用", ["5g"]) == "推进<mark>5G</mark>应用"


def test_every_occurrence_is_marked():
    assert highlight("质量强区,质量强市", ["质量"]).count("<mark>质量</mark>") == 2


def test_regex_characters_in_terms_are_literal():
    assert highlight("标准化+行动与标准化", ["标准化+"]) == "<mark>标准化+</mark>行动与标准化"
    assert highlight("a.b axb", ["a.b"]) == "<mark>a.b</mark> axb"


def test_a_passage_holding_a_control_character_is_marked_the_same():
    assert highlight("质量\x01强区", ["质量", "强区"]) == "<mark>质量</mark>\x01<mark>强区</mark>"


def test_more_words_than_the_fast_path_holds_are_all_marked():
    words = [f"词{i:02d}" for i in range(40)]
    marked = highlight("".join(words), words)
    assert marked == "".join(f"<mark>{word}</mark>" for word in words)


def test_a_query_finds_whole_words_and_only_the_sub_words_not_inside_them():
    query = Highlighter(["首席质量官", "制度", "质量", "首席", "规划"])
    text = "推行企业首席质量官制度,提升质量"
    assert query.found(text) == ("首席质量官", "制度")
    assert query.mark(text) == "推行企业<mark>首席质量官</mark><mark>制度</mark>,提升质量"
    assert query.found("首席代表提升质量") == ("质量", "首席")


def test_a_query_in_latin_letters_finds_them_in_any_case():
    query = Highlighter(["gdp", "比重"])
    assert query.found("全社会研发支出占GDP比重") == ("gdp", "比重")
    assert query.mark("占GDP比重") == "占<mark>GDP</mark><mark>比重</mark>"


def test_a_query_with_no_words_marks_nothing_and_still_escapes():
    assert Highlighter(["", " "]).mark("a < b") == "a &lt; b"


_TEXT = st.text(alphabet="质量强区标准化ab&<>; \x01", max_size=40)
_TERMS = st.lists(st.text(alphabet="质量强区标准化ab&;", min_size=1, max_size=4), max_size=6)


def _plain(marked: str) -> str:
    return html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))


@given(_TEXT, _TERMS)
def test_removing_the_marks_gives_back_the_text(text: str, terms: list[str]) -> None:
    marked = highlight(text, terms)
    assert _plain(marked) == text
    assert "<mark><mark>" not in marked and "</mark></mark>" not in marked


@given(_TEXT, _TERMS)
def test_every_mark_holds_one_of_the_words(text: str, terms: list[str]) -> None:
    marked = re.findall(r"<mark>(.*?)</mark>", highlight(text, terms))
    assert all(html.unescape(piece) in terms for piece in marked)


@given(_TEXT, _TERMS)
def test_no_occurrence_of_a_word_is_left_unmarked(text: str, terms: list[str]) -> None:
    # Outside the marks no word can be found whole: each occurrence is marked or overlapped
    # by a longer (or earlier equally long) marked word.
    pieces = re.split(r"<mark>.*?</mark>", highlight(text, terms))
    assert not any(term in html.unescape(piece) for piece in pieces for term in terms)


@given(_TEXT, _TERMS)
def test_latin_in_capitals_is_marked_at_the_same_places(text: str, terms: list[str]) -> None:
    # Capital letters take the exact path, lower-case ones the fast path: same marks.
    assert highlight(text.upper(), terms).lower() == highlight(text, terms).lower()
