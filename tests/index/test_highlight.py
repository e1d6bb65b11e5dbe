"""Highlighting: HTML-escaped text, query words in <mark>, longest first, entities intact."""

from __future__ import annotations

from index.highlight import highlight


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
