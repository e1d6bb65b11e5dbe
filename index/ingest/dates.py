"""Dates as plans write them, including signature dates that lost their 年月日 in scraping."""

from __future__ import annotations

import datetime as dt
import re

_FULL = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_RUN_TOGETHER = re.compile(r"^(\d{4})(\d{2,4})$")


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first well-formed date in `text` (2024-07-23, 2024年7月3日, 2024/7/3) as YYYY-MM-DD."""
    for match in _FULL.finditer(text):
        date = _valid(int(match[1]), int(match[2]), int(match[3]))
        if date:
            return date.isoformat()
    return None


def recover_run_together(digits: str) -> str | None:
    """Read a date whose 年 月 日 were lost ("202473" for 2024年7月3日).

    Every split of the digits after the year into month and day is tried; the date is
    returned only when exactly one split is a real date ("2024111" could be 1月11日 or
    11月1日, so it stays unknown).
    """
    match = _RUN_TOGETHER.match(digits.strip())
    if not match:
        return None
    year, rest = int(match[1]), match[2]
    if not 1949 <= year <= 2100:
        return None
    readings = set()
    for cut in range(1, len(rest)):
        month_text, day_text = rest[:cut], rest[cut:]
        if len(month_text) > 2 or len(day_text) > 2:
            continue
        date = _valid(year, int(month_text), int(day_text))
        if date:
            readings.add(date)
    return readings.pop().isoformat() if len(readings) == 1 else None


def read_date(text: str) -> str | None:
    """A date written out in full, else one recovered from run-together digits."""
    return parse_date(text) or recover_run_together(text)
