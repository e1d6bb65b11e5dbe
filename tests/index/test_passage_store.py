"""The passage store: passages saved in columns come back whole, by position and by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import passage_store
from index.passage_store import PassageStore


@pytest.fixture(scope="module")
def passages(corpus):
    return [p for document in corpus.documents for p in document.passages]


@pytest.fixture(scope="module")
def folder(passages, corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    doc_ids = [document.doc_id for document in corpus.documents]
    PassageStore.from_passages(passages, doc_ids).save(folder)
    return folder


def test_every_passage_comes_back_whole_after_save_and_load(folder: Path, passages) -> None:
    stored = PassageStore.load(folder)

    assert len(stored) == len(passages)
    assert [stored.get(i) for i in range(len(stored))] == passages
    assert stored.texts() == [p.text for p in passages]


def test_a_passage_is_found_by_its_id(folder: Path, passages) -> None:
    stored = PassageStore.load(folder)

    for i in (0, len(passages) // 2, len(passages) - 1):
        assert stored.find(passages[i].passage_id) == i
    assert stored.find("no-such-passage") is None


def test_passages_kept_decoded_are_bounded_and_still_right(
    folder: Path, passages, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passage_store, "DECODED_KEPT", 7)
    stored = PassageStore.load(folder)

    for _ in range(2):
        for i in range(len(passages)):
            assert stored.get(i) == passages[i]
            assert stored.cache_info().currsize <= 7


def test_a_passage_read_again_stays_decoded_while_older_ones_leave(
    folder: Path, passages, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passage_store, "DECODED_KEPT", 3)
    stored = PassageStore.load(folder)
    first = stored.get(0)
    stored.get(1)
    stored.get(2)
    assert stored.get(0) is first  # read again: now the most recently shown
    stored.get(3)  # one too many: the least recently shown (1) leaves, not the oldest read (0)
    hits = stored.cache_info().hits

    assert stored.get(0) is first
    assert stored.cache_info().hits == hits + 1
    assert stored.get(1) == passages[1]
    assert stored.cache_info().hits == hits + 1  # decoded again
