"""Progress bars of a build: drawn per stage on a terminal, nothing in a log."""

from __future__ import annotations

import io

import pytest

from service.cli.progress import StageBars


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _stages(bars: StageBars) -> None:
    for done in range(0, 6):
        bars("reading the corpus", done, 5)
    bars("embedding passages", 10, 100)  # the embedder cache draws this one
    bars("tokenizing", 0, 195)
    bars("writing the index", 0, 0)


def test_a_terminal_sees_a_bar_for_each_counted_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with StageBars() as bars:
        _stages(bars)
    shown = terminal.getvalue()
    assert "reading the corpus" in shown and "/5 " in shown
    assert "tokenizing" in shown and "0/195" in shown
    assert "embedding passages" not in shown and "writing the index" not in shown


def test_a_log_sees_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    log = io.StringIO()
    monkeypatch.setattr("sys.stderr", log)
    with StageBars() as bars:
        _stages(bars)
    assert log.getvalue() == ""
