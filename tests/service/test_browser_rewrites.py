"""The page says what it searched, in a real headless Chromium, and searches the words as typed
on request."""

from __future__ import annotations

import urllib.parse

import pytest

pytestmark = pytest.mark.browser


def test_a_corrected_query_says_so_and_links_to_the_words_as_typed(ui) -> None:
    ui.open("/", q="质量巡诊邦扶")
    note = ui.visible("#panel-search .notice.rewrite")[0]
    assert "已按“质量巡诊帮扶”检索" in note.text and "“邦扶”按“帮扶”" in note.text

    link = ui.visible("#panel-search .notice.rewrite a.as-typed")[0]
    assert link.text == "仍按原词“质量巡诊邦扶”检索"
    link.click()
    ui.wait(
        lambda d: "correct=false" in d.current_url, "the URL never asked for the words as typed"
    )
    ui.loaded("search")
    assert not ui.driver.find_elements("css selector", "#panel-search .notice.rewrite")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(ui.driver.current_url).query)
    assert query["q"] == ["质量巡诊邦扶"]


def test_traditional_characters_are_said_to_be_converted(ui) -> None:
    ui.open("/", q="首席質量官")
    note = ui.visible("#panel-search .notice.rewrite")[0]
    assert "繁体字已转为简体" in note.text
    assert not note.find_elements("css selector", "a.as-typed")  # nothing to search instead
    marks = ui.visible("#panel-search .results mark")
    assert any(mark.text == "首席质量官" for mark in marks)
