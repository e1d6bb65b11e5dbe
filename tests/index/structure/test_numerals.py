"""Chinese numerals of heading numbers: 一 … 九十九."""

from __future__ import annotations

import pytest

from index.structure.numerals import chinese_to_int


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("五", 5),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("十九", 19),
        ("二十", 20),
        ("二十一", 21),
        ("三十", 30),
        ("三十一", 31),
        ("九十九", 99),
    ],
)
def test_numerals(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize(
    "numeral", ["", "十十", "二二", "二十十", "零", "百", "两", "十一二", "1", "壹"]
)
def test_not_heading_numerals(numeral: str) -> None:
    assert chinese_to_int(numeral) is None
