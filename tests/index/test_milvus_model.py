"""The Milvus backend with the default model, whose passages also carry sentence vectors: a
passage's dense score mixes its own cosine and its best sentence's, so Milvus's nearest
lists are lengthened until the best are certain. The same hits and totals as the index
folder (the eval figures: tests/index/test_milvus_storage.py)."""

from __future__ import annotations

import numpy as np
import pytest

from eval.gold import load_queries
from index.search import MODES, Searcher


def test_the_nearest_passages_are_those_of_the_exact_folder_search(
    model_searcher: Searcher, milvus_model_searcher: Searcher
) -> None:
    local, milvus = model_searcher.storage, milvus_model_searcher.storage
    assert milvus.sentence_vectors(0) is not None
    for query in ("网上卖东西的质量谁来管", "chief quality officer", "食品安全", "森林覆盖率"):
        vector = model_searcher.embedder.embed_query(query)
        for k in (1, 10, 100):
            ours, theirs = local.dense_knn(vector, k, None), milvus.dense_knn(vector, k, None)
            order_ours, order_theirs = np.argsort(-ours.scores), np.argsort(-theirs.scores)
            assert theirs.rows[order_theirs].tolist() == ours.rows[order_ours].tolist(), (query, k)
            np.testing.assert_allclose(
                theirs.scores[order_theirs], ours.scores[order_ours], atol=1e-6
            )


@pytest.mark.parametrize("mode", MODES)
def test_searches_give_the_same_hits_and_totals_on_both_backends(
    model_searcher: Searcher, milvus_model_searcher: Searcher, mode: str
) -> None:
    for query in [q.query for q in load_queries()][::6]:
        ours = model_searcher.search(query, mode=mode)
        theirs = milvus_model_searcher.search(query, mode=mode)
        assert [h.passage.passage_id for h in theirs.hits] == [
            h.passage.passage_id for h in ours.hits
        ], query
        assert [h.score for h in theirs.hits] == pytest.approx(
            [h.score for h in ours.hits], abs=1e-5
        ), query
        assert theirs.total == ours.total, query
