"""Chinese numerals as used in heading numbers: 一 … 九十九."""

from __future__ import annotations

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_to_int(numeral: str) -> int | None:
    """Return the value of 一 … 九十九, or None for anything else (so 十十 and 二二 are rejected)."""
    if not numeral:
        return None
    if numeral in _DIGITS:
        return _DIGITS[numeral]
    if "十" not in numeral:
        return None
    tens_part, _, units_part = numeral.partition("十")
    if "十" in units_part:
        return None
    if tens_part == "":
        tens = 1
    elif tens_part in _DIGITS and tens_part != "一":
        tens = _DIGITS[tens_part]
    else:
        return None
    if units_part == "":
        units = 0
    elif units_part in _DIGITS:
        units = _DIGITS[units_part]
    else:
        return None
    return tens * 10 + units
