"""A passage's dense score with sentence vectors: the mean of its own cosine and its best
sentence's; stored beside the passage vectors and checked against them on load."""

from __future__ import annotations

import numpy as np
import pytest

from index.dense import SENTENCE_SHARE, SENTENCE_STARTS_FILE, DenseIndex, SentenceVectors
from index.embedders import normalise
from index.errors import IndexCorrupt

COUNTS = [2, 0, 3, 1]  # sentences of each passage; the second has none


@pytest.fixture
def parts() -> tuple[np.ndarray, SentenceVectors, np.ndarray]:
    rng = np.random.default_rng(3)
    passages = normalise(rng.normal(size=(len(COUNTS), 8)))
    sentences = normalise(rng.normal(size=(sum(COUNTS), 8)))
    starts = np.concatenate(([0], np.cumsum(COUNTS)))
    query = normalise(rng.normal(size=8))
    return passages, SentenceVectors(sentences, starts), query


def _expected(passages: np.ndarray, sentences: SentenceVectors, query: np.ndarray) -> np.ndarray:
    own = passages @ query
    best = [
        max((sentences.vectors[r] @ query for r in sentences.rows_of(i)), default=own[i])
        for i in range(len(COUNTS))
    ]
    return (1 - SENTENCE_SHARE) * own + SENTENCE_SHARE * np.array(best)


def test_every_passage_scores_by_itself_and_its_best_sentence(parts) -> None:
    passages, sentences, query = parts
    index = DenseIndex.build(passages, sentences=sentences)

    assert np.allclose(index.scores_all(query), _expected(passages, sentences, query), atol=1e-6)


def test_scoring_some_passages_agrees_with_scoring_all(parts) -> None:
    passages, sentences, query = parts
    index = DenseIndex.build(passages, sentences=sentences)
    ids = np.array([3, 1, 0])

    assert np.allclose(index.score(query, ids), index.scores_all(query)[ids], atol=1e-6)
    _, found = index.search(query, 2, allowed=np.array([0, 2]))
    assert set(found.tolist()) == {0, 2}


def test_sentence_vectors_survive_a_save_and_load(parts, tmp_path) -> None:
    passages, sentences, query = parts
    DenseIndex.build(passages, sentences=sentences).save(tmp_path)

    loaded = DenseIndex.load(tmp_path)

    assert loaded.sentences is not None
    assert np.allclose(loaded.scores_all(query), _expected(passages, sentences, query), atol=1e-6)
    assert loaded.describe()["sentence_vectors"] == sum(COUNTS)


def test_sentence_starts_that_do_not_match_are_refused(parts, tmp_path) -> None:
    passages, sentences, _ = parts
    DenseIndex.build(passages, sentences=sentences).save(tmp_path)
    np.save(tmp_path / SENTENCE_STARTS_FILE, np.array([0, 2, 2]))

    with pytest.raises(IndexCorrupt, match="rebuild with `policy-search index`"):
        DenseIndex.load(tmp_path)
