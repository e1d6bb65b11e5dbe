"""The Milvus backend with the default model, whose passages also carry sentence vectors: a
passage's dense score mixes its own cosine and its best sentence's, so Milvus's nearest
lists are lengthened until the best are certain. The same eval figures, hits and totals as
the index folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eval.gold import load_queries
from eval.harness import ALL, run_eval
from index.search import MODES, Searcher


@pytest.fixture(scope="module")
def milvus_model_searcher(
    milvus_lite, publish_to, model_index_root: Path, model_folder: Path, tmp_path_factory
) -> Searcher:
    from index.store import current_build
    from service.backend import MilvusSource
    from tests.conftest import settings_for_milvus

    settings = settings_for_milvus(
        milvus_lite.uri, tmp_path_factory.mktemp("milvus_model")
    ).model_copy(update={"model": str(model_folder)})
    publish_to(settings, current_build(model_index_root))
    source = MilvusSource(settings)
    return source.open(source.current())  # type: ignore[arg-type]


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


def test_eval_gives_the_same_mrr_and_recall_with_the_model_on_both_backends(
    model_searcher: Searcher, milvus_model_searcher: Searcher
) -> None:
    local = run_eval(model_searcher, None, ablations=False, with_answers=False, with_targets=False)
    milvus = run_eval(
        milvus_model_searcher, None, ablations=False, with_answers=False, with_targets=False
    )
    for mode in MODES:
        ours, theirs = local.retrieval[(mode, ALL, ALL)], milvus.retrieval[(mode, ALL, ALL)]
        assert abs(ours.mrr_at_10 - theirs.mrr_at_10) <= 0.005, mode
        assert abs(ours.recall_at_10 - theirs.recall_at_10) <= 0.005, mode
        assert ours.mrr_at_10 > 0.5, mode
