"""`policy-search search` takes the filters, sort and page of the API."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli import main
from service.settings import get_settings


@pytest.fixture
def cli(index_root: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("POLICY_SEARCH_INDEX_DIR", str(index_root))
    get_settings.cache_clear()
    yield main
    get_settings.cache_clear()


def test_search_by_level_prints_only_plans_of_that_level(cli, capsys) -> None:
    assert cli(["search", "质量品牌", "--level", "省级", "-k", "5"]) == 0
    out = capsys.readouterr().out
    assert "四川省进一步提升" in out and "合川区" not in out
    last = out.splitlines()[-1]
    assert last.startswith("5 results in ") and last.endswith(" passages matching")


def test_a_bad_year_range_is_refused_with_the_reason(cli, capsys) -> None:
    assert cli(["search", "质量", "--year-from", "2025", "--year-to", "2023"]) == 2
    assert "year_from 2025 is after year_to 2023; swap them" in capsys.readouterr().err
