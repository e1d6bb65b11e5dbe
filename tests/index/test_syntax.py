"""Quoted phrases and -excluded words, as people type them into search engines."""

from __future__ import annotations

import pytest

from index.syntax import parse_syntax, without_excluded


@pytest.mark.parametrize(
    ("query", "searched", "phrases", "excluded"),
    [
        ('"质量月" 活动 -培训', "质量月 活动", ("质量月",), ("培训",)),
        ("“三品一标” -培训 -宣传", "三品一标", ("三品一标",), ("培训", "宣传")),
        ("「首席质量官」", "首席质量官", ("首席质量官",), ()),
        ("2021-2025年 质量提升", "2021-2025年 质量提升", (), ()),  # a range, not an exclusion
        ('"质量 提升', "质量 提升", (), ()),  # an open quote is an ordinary character
        ("首席质量官 －培训", "首席质量官", (), ("培训",)),  # a full-width minus
        ("质量 - 培训", "质量 - 培训", (), ()),  # a lone minus excludes nothing
    ],
)
def test_phrases_and_exclusions_are_read(query, searched, phrases, excluded) -> None:
    syntax = parse_syntax(query)
    assert (syntax.searched, syntax.phrases, syntax.excluded) == (searched, phrases, excluded)


def test_an_excluded_word_is_never_highlighted() -> None:
    assert without_excluded(["质量", "培训", "培训班", "质量培训"], ("培训",)) == ["质量"]
