"""The Milvus backend answers searches as the index folder does (Milvus Lite, started by the
suite): the same eval figures in every mode, the same hits, passages and filters."""

from __future__ import annotations

import pytest

from eval.harness import ALL, run_eval
from index.results import Filters
from index.search import MODES, Searcher


@pytest.mark.parametrize(("embedder", "floor"), [("builtin", 0.3), ("model", 0.5)])
def test_eval_gives_the_same_mrr_and_recall_on_both_backends(
    request: pytest.FixtureRequest, embedder: str, floor: float
) -> None:
    """With the built-in LSA and with the default model (whose sentence vectors Milvus
    searches apart from the passages')."""
    prefix = "" if embedder == "builtin" else "model_"
    searchers = [request.getfixturevalue(f"{where}{prefix}searcher") for where in ("", "milvus_")]
    local, milvus = (
        run_eval(s, None, ablations=False, with_answers=False, with_targets=False)
        for s in searchers
    )
    for mode in MODES:
        ours, theirs = local.retrieval[(mode, ALL, ALL)], milvus.retrieval[(mode, ALL, ALL)]
        assert abs(ours.mrr_at_10 - theirs.mrr_at_10) <= 0.005, mode
        assert abs(ours.recall_at_10 - theirs.recall_at_10) <= 0.005, mode
        assert ours.mrr_at_10 > floor, mode  # a real ranking, not two empty ones


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


@pytest.mark.parametrize("mode", MODES)
def test_past_the_milvus_answer_cap_the_hits_stay_the_best_and_the_total_says_at_least(
    searcher: Searcher, milvus_searcher: Searcher, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """Milvus answers at most 16,384 entities to a search, which a common word meets in a
    large corpus; here the cap is lowered to 120 (still above the 100 candidates a search
    ranks, as 16,384 is) so the five plans meet it with 质量."""
    import index.storage.milvus as milvus_storage

    local = searcher.search("质量", k=5, mode=mode)
    monkeypatch.setattr(milvus_storage, "MAX_RESULTS", 120)
    capped = milvus_searcher.search("质量", k=5, mode=mode)
    assert [h.passage.passage_id for h in capped.hits] == [h.passage.passage_id for h in local.hits]
    assert [h.lexical for h in capped.hits] == [h.lexical for h in local.hits]
    assert local.total_exact
    if mode == "dense":  # the passages found by meaning are the nearest, never capped
        assert capped.total_exact and capped.total == local.total
    else:
        assert local.total > 120
        assert not capped.total_exact and 120 <= capped.total < local.total
    # Rows asked for by a phrase are paged past the cap, so they are all there.
    assert (
        milvus_searcher.storage.rows_containing("质量").tolist()
        == searcher.storage.rows_containing("质量").tolist()
    )


@pytest.mark.parametrize("mode", MODES)
def test_past_the_cap_a_search_in_one_plan_still_finds_that_plans_passages(
    searcher: Searcher, milvus_searcher: Searcher, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """The best 40 passages of 质量 in all five plans can miss a whole plan; a search
    filtered to that plan asks Milvus for its rows alone, so it still gets every one."""
    import index.storage.milvus as milvus_storage

    smallest = min(searcher.documents, key=lambda d: d.passages).meta.doc_id
    only = Filters(doc_ids=(smallest,))
    local = searcher.search("质量", k=5, mode=mode, filters=only)
    monkeypatch.setattr(milvus_storage, "MAX_RESULTS", 40)
    capped = milvus_searcher.search("质量", k=5, mode=mode, filters=only)
    assert local.hits and {h.passage.doc_id for h in local.hits} == {smallest}
    assert [(h.passage.passage_id, h.score) for h in capped.hits] == [
        (h.passage.passage_id, h.score) for h in local.hits
    ]
    assert capped.total == local.total and capped.total_exact


def test_a_replica_gets_every_shipped_file_when_they_span_many_result_pages(
    milvus_lite, publish_to, index_root, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large build ships more file chunks than one Milvus query may return (rows or bytes):
    the replica pages through them and writes every file byte for byte."""
    from index.milvus import publish as publishing
    from index.milvus.connect import MilvusAddress, connect
    from index.storage import milvus as storage
    from index.store import current_build, open_build
    from tests.conftest import settings_for_milvus

    build = current_build(index_root)
    published = publish_to(settings_for_milvus(milvus_lite.uri, tmp_path), build)
    client = connect(MilvusAddress(milvus_lite.uri, None, 60.0))
    whole = storage.fetch_files(client, published.collection, tmp_path / "whole")
    monkeypatch.setattr(storage, "MAX_RESULTS", 3)  # one query's cap, far below the chunks
    monkeypatch.setattr(storage, "FILE_PAGE_ROWS", 2)
    names = storage.fetch_files(client, published.collection, tmp_path / "paged")
    assert names == whole
    assert set(publishing.shipped_files(open_build(build))) <= set(names)
    for name in names:
        paged = (tmp_path / "paged" / name).read_bytes()
        assert paged == (tmp_path / "whole" / name).read_bytes(), name
        if (build / name).exists():
            assert paged == (build / name).read_bytes(), name


def test_a_replica_pages_through_milvus_lite_without_a_warning(
    milvus_lite, publish_to, index_root, tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    """pymilvus warned at every page of Milvus Lite ("failed to get mvccTs"), each time a
    replica opened a collection: noise in the log an operator reads for real trouble."""
    import logging

    from index.milvus.connect import MilvusAddress, connect
    from index.storage.milvus import fetch_files
    from index.store import current_build
    from tests.conftest import settings_for_milvus

    published = publish_to(
        settings_for_milvus(milvus_lite.uri, tmp_path), current_build(index_root)
    )
    client = connect(MilvusAddress(milvus_lite.uri, None, 60.0))
    with caplog.at_level(logging.WARNING):
        names = fetch_files(client, published.collection, tmp_path / "files")
    assert names
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
