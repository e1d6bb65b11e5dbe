"""The storage contract, checked on both backends over the five plans (the index folder, and
Milvus Lite started by the suite): what any backend must answer alike for search, compare,
ask and targets to give the same results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.bigrams import bigrams
from index.storage import Candidates, Storage, neighbours
from index.storage.local import LocalStorage
from index.store import current_build
from index.types import NOTICE_SECTION


@pytest.fixture(scope="module")
def local(index_root: Path) -> LocalStorage:
    folder = current_build(index_root)
    assert folder is not None
    return LocalStorage.open(folder)


@pytest.fixture(scope="module", params=["local", "milvus"])
def storage(request: pytest.FixtureRequest, local: LocalStorage) -> Storage:
    if request.param == "local":
        return local
    return request.getfixturevalue("milvus_searcher").storage


def texts(storage: Storage, rows: np.ndarray) -> list[str]:
    return [storage.passage(int(row)).text for row in rows]


def test_word_candidates_are_the_bm25s_scores_of_every_passage_holding_a_word(storage, local):
    tokens = ["首席质量官", "制度"]
    found = storage.lexical("words", tokens)
    assert found.complete
    expected = np.asarray(local.words.retriever.get_scores(tokens), np.float32)
    assert found.rows.tolist() == np.flatnonzero(expected).tolist()
    np.testing.assert_allclose(found.scores, expected[found.rows], rtol=1e-6)
    holding = storage.term_presence(tokens, np.arange(storage.size)).any(axis=1)
    assert found.rows.tolist() == np.flatnonzero(holding).tolist()
    assert "首席质量官" in texts(storage, found.rows[[np.argmax(found.scores)]])[0]


def test_a_word_weighted_half_adds_half_its_score_and_unknown_words_add_nothing(storage):
    whole = storage.lexical("words", ["食品"])
    weighted = storage.lexical("words", ["食品", "不存在的词语", "食品"], [0.5, 1.0, 1.0])
    assert weighted.rows.tolist() == whole.rows.tolist()
    np.testing.assert_allclose(weighted.scores, whole.scores * 0.5, rtol=1e-6)
    assert len(storage.lexical("words", ["不存在的词语"])) == 0


def test_word_candidates_within_allowed_rows_are_the_same_scores_among_them(storage):
    whole = storage.lexical("words", ["质量"])
    allowed = np.concatenate((storage.rows_of_documents([2]), np.array([3, 5], np.int64)))
    allowed.sort()
    found = storage.lexical("words", ["质量"], allowed=allowed)
    inside = np.isin(whole.rows, allowed)
    assert 0 < len(found) < len(whole)
    assert found.rows.tolist() == whole.rows[inside].tolist()
    np.testing.assert_array_equal(found.scores, whole.scores[inside])
    assert len(storage.lexical("words", ["质量"], allowed=np.zeros(0, np.int64))) == 0


def test_many_passages_come_in_the_order_asked_each_as_alone(storage):
    rows = [150, 3, 4, 5, 6, 90, 3, 0]
    passages = storage.passages(rows)
    assert [p.passage_id for p in passages] == [storage.passage(r).passage_id for r in rows]
    assert passages[1] == passages[6] and passages[1] != passages[2]
    assert storage.passages([]) == []


def test_bigram_candidates_hold_the_bigrams_of_the_query(storage):
    found = storage.lexical("bigrams", bigrams("食品安全"))
    assert len(found) > 0 and (found.scores > 0).all()
    assert all(
        any(b in text for b in ("食品", "品安", "安全")) for text in texts(storage, found.rows)
    )


def test_idf_is_higher_for_a_rarer_word_and_zero_for_an_unknown_one(storage):
    assert storage.idf("首席质量官") > storage.idf("质量") > 0
    assert storage.idf("不存在的词语") == 0.0
    assert "首席质量官" in storage.vocabulary()


def test_the_dense_neighbours_are_the_best_scores_of_all_rows(storage, searcher):
    vector = searcher.embedder.embed_query("食品安全抽检")
    every = storage.dense_scores(vector, np.arange(storage.size))
    found = storage.dense_knn(vector, 10, None)
    assert len(found) == 10
    np.testing.assert_array_equal(found.scores, storage.dense_scores(vector, found.rows))
    assert sorted(found.scores.tolist(), reverse=True) == sorted(every, reverse=True)[:10]


def test_dense_neighbours_within_allowed_rows_stay_among_them(storage, searcher):
    vector = searcher.embedder.embed_query("食品安全抽检")
    allowed = storage.rows_of_documents([1])
    found = storage.dense_knn(vector, 5, allowed)
    assert len(found) == 5 and set(found.rows.tolist()) <= set(allowed.tolist())
    assert len(storage.dense_knn(vector, 5, allowed[:3])) == 3


def test_the_rows_of_a_plan_are_its_passages_in_reading_order(storage):
    for position, document in enumerate(storage.documents):
        rows = storage.rows_of_documents([position])
        assert len(rows) == document.passages
        assert rows.tolist() == list(range(int(rows[0]), int(rows[0]) + len(rows)))
        assert (storage.doc_positions(rows) == position).all()
        passages = [storage.passage(int(row)) for row in rows]
        assert {p.doc_id for p in passages} == {document.meta.doc_id}
        assert [p.ordinal for p in passages] == sorted(p.ordinal for p in passages)
        first, last = neighbours(storage, int(rows[0])), neighbours(storage, int(rows[-1]))
        assert first.previous is None and last.following is None
        assert neighbours(storage, int(rows[1])).previous == rows[0]


def test_a_passage_is_found_by_its_id_and_an_unknown_id_by_none(storage):
    passage = storage.passage(7)
    assert storage.row_of(passage.passage_id) == 7
    assert storage.row_of("no-such-passage") is None


def test_rows_containing_a_phrase_are_exactly_the_passages_that_hold_it(storage):
    rows = storage.rows_containing("首席质量官")
    every = texts(storage, np.arange(storage.size))
    assert rows.tolist() == [i for i, text in enumerate(every) if "首席质量官" in text]


def test_the_notice_rows_are_the_passages_of_the_publishing_notice(storage):
    rows = storage.rows_in_section((NOTICE_SECTION,))
    assert len(rows) > 0
    assert all(storage.passage(int(row)).section == (NOTICE_SECTION,) for row in rows)


def test_the_built_in_embedder_stores_no_sentence_vectors(storage):
    assert storage.sentence_vectors(0) is None


def test_every_target_has_a_vector_and_the_table_places_each_at_most_once(storage):
    assert len(storage.targets) > 0
    assert storage.target_vectors.shape[0] == len(storage.targets)
    placed = [position for row in storage.target_rows() for position in row]
    assert len(placed) == len(set(placed)) and set(placed) <= set(range(len(storage.targets)))
    assert len(placed) > len(storage.target_rows()) > 0


def test_candidates_refuse_rows_and_scores_of_different_lengths():
    with pytest.raises(ValueError, match="2 rows but 1 scores"):
        Candidates(np.array([1, 2]), np.array([0.5], np.float32))
    spread = Candidates(np.array([1, 3]), np.array([0.5, 2.0], np.float32)).dense_array(5)
    assert spread.tolist() == [0.0, 0.5, 0.0, 2.0, 0.0]
