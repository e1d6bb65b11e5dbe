"""The `policy-search` command as a user runs it: what it prints and what it exits with."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.store import current_build
from service.cli import main
from service.settings import get_settings
from tests.conftest import CORPUS


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], index_root: Path):
    """Run the command on the session index (or another one) and return (exit code, out, err)."""

    def call(*argv: str, index: Path = index_root) -> tuple[int, str, str]:
        monkeypatch.setenv("POLICY_SEARCH_INDEX_DIR", str(index))
        monkeypatch.setenv("POLICY_SEARCH_CORPUS", str(CORPUS))
        get_settings.cache_clear()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield call
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_search_shows_each_hits_whole_plan_title_and_region(run) -> None:
    code, out, _ = run("search", "首席质量官", "-k", "10")
    assert code == 0
    header = out.splitlines()[0].split()
    assert header == ["#", "score", "plan", "region", "section", "text"]
    assert "深入开展质量提升行动推动高质量发展实施方案" in out  # 21 characters, not clipped
    assert "四川天府新区" in out and "重庆市合川区" in out
    assert out.splitlines()[-1].startswith("10 results in ")


def test_search_says_when_the_region_asked_for_has_no_plan(run) -> None:
    code, out, _ = run("search", "北京市首席质量官", "-k", "3")
    assert code == 0
    assert out.splitlines()[0] == "未收录北京市的方案，以下是其他地区最相近的内容。"


def test_compare_shows_the_phrase_each_plan_was_found_by(run) -> None:
    code, out, _ = run("compare", "首席质量官制度要求")
    assert code == 0
    blocks = out.split("== ")[1:]
    assert len(blocks) == 5
    found = [block for block in blocks if "(nothing relevant)" not in block]
    assert len(found) >= 4
    for block in found:
        assert "首席质量官" in block, block


def test_targets_are_written_as_the_plans_write_them(run) -> None:
    code, out, _ = run("targets", "食品抽检合格率")
    assert code == 0
    assert "2027年达到98.2%以上" in out
    code, out, _ = run("targets")
    assert code == 0
    for written in ("年均增长20%", "控制在5.5%", "1.7万人以上", "2027年超265% ⚠疑似录入错误"):
        assert written in out, written


def test_ask_quotes_a_sentence_and_cites_its_plan(run) -> None:
    code, out, _ = run("ask", "合川区食品抽检合格率要达到多少？")
    assert code == 0
    first, citation = out.splitlines()[:2]
    assert first.startswith("1. ") and "食品抽检合格率达到98.2%以上" in first
    assert citation.strip().startswith("—— 合川区质量强区建设实施方案（重庆市合川区）")


def test_an_unknown_plan_is_a_message_and_exit_code_2(run) -> None:
    code, out, err = run("outline", "no-such-plan")
    assert code == 2 and out == ""
    assert err.startswith("policy-search outline: no plan 'no-such-plan' in the corpus; known: ")
    assert "chongqing-hechuan-2024" in err


def test_search_without_an_index_says_how_to_build_one(run, tmp_path: Path) -> None:
    code, _, err = run("search", "首席质量官", index=tmp_path / "none")
    assert code == 2
    assert "policy-search index" in err


def test_eval_on_a_fresh_clone_builds_the_index_first(run, tmp_path: Path) -> None:
    index = tmp_path / "index"
    code, out, err = run("eval", "--mode", "lexical", index=index)
    assert code == 0, err
    assert "building the index from" in err
    assert current_build(index) is not None
    assert "MRR@10" in out
