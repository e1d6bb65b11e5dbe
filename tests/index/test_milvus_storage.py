"""The Milvus backend answers searches as the index folder does (Milvus Lite, started by the
suite): the same eval figures in every mode, the same hits, passages and filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.harness import ALL, run_eval
from index.results import Filters
from index.search import MODES, Searcher


@pytest.fixture(scope="module")
def milvus_searcher(
    milvus_lite, publish_to, index_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Searcher:
    """The session index published to Milvus once, and opened as a replica opens it."""
    from index.store import current_build
    from service.backend import MilvusSource
    from tests.conftest import settings_for_milvus

    settings = settings_for_milvus(milvus_lite.uri, tmp_path_factory.mktemp("milvus_search"))
    publish_to(settings, current_build(index_root))
    source = MilvusSource(settings)
    target = source.current()
    assert target is not None
    return source.open(target)


def test_eval_gives_the_same_mrr_and_recall_on_both_backends(
    searcher: Searcher, milvus_searcher: Searcher
) -> None:
    local = run_eval(searcher, None, ablations=False, with_answers=False, with_targets=False)
    milvus = run_eval(
        milvus_searcher, None, ablations=False, with_answers=False, with_targets=False
    )
    for mode in MODES:
        ours, theirs = local.retrieval[(mode, ALL, ALL)], milvus.retrieval[(mode, ALL, ALL)]
        assert abs(ours.mrr_at_10 - theirs.mrr_at_10) <= 0.005, mode
        assert abs(ours.recall_at_10 - theirs.recall_at_10) <= 0.005, mode
        assert ours.mrr_at_10 > 0.3, mode  # a real ranking, not two empty ones


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("食品安全监管", Filters()),
        ("首席质量官培训", Filters(levels=("区县级",))),
        ('"质量强区" -品牌', Filters()),
        ("quality brand", Filters()),
    ],
)
def test_search_results_are_the_same_on_both_backends(
    searcher: Searcher, milvus_searcher: Searcher, query: str, filters: Filters
) -> None:
    for mode in MODES:
        ours = searcher.search(query, mode=mode, filters=filters, k=10)
        theirs = milvus_searcher.search(query, mode=mode, filters=filters, k=10)
        # Milvus sums BM25 weights in float32, numpy in float64: the last digit may differ.
        assert [h.passage.passage_id for h in theirs.hits] == [
            h.passage.passage_id for h in ours.hits
        ]
        assert [h.score for h in theirs.hits] == pytest.approx(
            [h.score for h in ours.hits], rel=1e-5
        )
        assert theirs.total == ours.total
        assert theirs.facets == ours.facets


def test_a_passage_and_its_neighbours_come_from_milvus(
    searcher: Searcher, milvus_searcher: Searcher
) -> None:
    hit = searcher.search("质量基础设施", k=1).hits[0]
    assert milvus_searcher.passage(hit.passage.passage_id) == searcher.passage(
        hit.passage.passage_id
    )


def test_the_alias_serves_the_collection_named_in_health(milvus_searcher: Searcher) -> None:
    assert milvus_searcher.storage.collection.startswith("t_")  # type: ignore[attr-defined]
    assert milvus_searcher.storage.size == len(  # the passages of the five plans
        [p for d in milvus_searcher.documents for p in range(d.passages)]
    )
