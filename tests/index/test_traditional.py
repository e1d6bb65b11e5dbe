"""Traditional characters become simplified; simplified and Latin text are left as they are."""

from __future__ import annotations

from index.traditional import to_simplified


def test_traditional_characters_become_simplified() -> None:
    assert to_simplified("首席質量官") == "首席质量官"
    assert to_simplified("食品抽檢合格率") == "食品抽检合格率"


def test_simplified_and_latin_text_are_unchanged() -> None:
    assert to_simplified("网上卖东西的质量谁来管") == "网上卖东西的质量谁来管"
    assert to_simplified("chief quality officer") == "chief quality officer"
