"""Dates as plans write them, and signature dates whose 年月日 were lost in scraping."""

from __future__ import annotations

import pytest

from index.ingest.dates import parse_date, read_date, recover_run_together


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024年7月3日", "2024-07-03"),
        ("2022年12月16日", "2022-12-16"),
        ("发布时间:2024年07月19日", "2024-07-19"),
        ("2024-07-23", "2024-07-23"),
        ("时间:2023-06-08 10:30 | 来源:省市场监督管理局", "2023-06-08"),
        ("2024/7/3", "2024-07-03"),
        ("四川天府新区管委会办公室2024年7月12日深入开展质量提升行动", "2024-07-12"),
    ],
)
def test_parse_date(text: str, date: str) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text",
    ["2023-2025年", "2024年2月30日", "2024年13月1日", "到2027年", "202473", ""],
)
def test_parse_date_needs_a_real_full_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("digits", "date"),
    [
        ("202473", "2024-07-03"),  # 合川's signature
        ("2024822", "2024-08-22"),  # 东丽's: 82月2日 is no date, so 8月22日
        ("202365", "2023-06-05"),  # 四川省's
        ("20241231", "2024-12-31"),
        ("2024230", None),  # neither 2月30日 nor 23月0日
        ("2024111", None),  # 1月11日 or 11月1日: ambiguous, stays unknown
        ("2024112", None),  # 1月12日 or 11月2日
        ("18001231", None),  # not a plan's year
        ("20245", None),  # too few digits for a month and a day
        ("合川府发〔20249", None),
    ],
)
def test_recover_run_together(digits: str, date: str | None) -> None:
    assert recover_run_together(digits) == date


def test_read_date_prefers_the_written_date() -> None:
    assert read_date("2024年8月22日") == "2024-08-22"
    assert read_date("2024822") == "2024-08-22"
    assert read_date("2024-08-30") == "2024-08-30"
    assert read_date("2024111") is None
