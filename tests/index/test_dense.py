"""FAISS dense index: exact when small, IVF above the limit, filtered search, save/load, corruption."""

from __future__ import annotations

import numpy as np
import pytest

import index.dense as dense_module
from index.dense import DEFAULT_NPROBE, FAISS_FILE, VECTORS_FILE, DenseIndex, ivf_lists
from index.embedders import normalise
from index.errors import IndexCorrupt


def clustered(rng: np.random.Generator, count: int, centres: np.ndarray) -> np.ndarray:
    """Unit vectors around topic centres, the way passage embeddings gather by subject."""
    picked = centres[rng.integers(0, len(centres), count)]
    return normalise(picked + 0.2 * rng.standard_normal((count, centres.shape[1])))


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    centres = normalise(rng.standard_normal((100, 32)))
    return clustered(rng, 5000, centres), clustered(rng, 100, centres)


@pytest.fixture(scope="module")
def exact(data) -> DenseIndex:
    return DenseIndex.build(data[0])


@pytest.fixture(scope="module")
def ivf(data) -> DenseIndex:
    return DenseIndex.build(data[0], exact_limit=1000)


def brute_force(vectors: np.ndarray, query: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-(vectors @ query), kind="stable")[:k]


def test_a_small_index_is_exact(exact, data):
    vectors, queries = data
    assert exact.exact
    assert exact.describe() == {"kind": "flat", "vectors": 5000}
    for query in queries[:20]:
        scores, ids = exact.search(query, 10)
        assert set(ids.tolist()) == set(brute_force(vectors, query, 10).tolist())
        np.testing.assert_allclose(scores, np.sort(vectors @ query)[::-1][:10], rtol=1e-5)


def test_above_the_exact_limit_the_index_is_ivf(ivf):
    assert not ivf.exact
    info = ivf.describe()
    assert info["kind"] == "ivf-flat"
    assert info["vectors"] == 5000
    assert info["lists"] == ivf_lists(5000)
    assert info["nprobe"] == DEFAULT_NPROBE


def test_ivf_recall_at_10_against_exact_at_the_default_nprobe(ivf, exact, data):
    _, queries = data
    recalls = []
    for query in queries:
        _, approximate = ivf.search(query, 10)
        _, truth = exact.search(query, 10)
        recalls.append(len(set(approximate.tolist()) & set(truth.tolist())) / 10)
    assert np.mean(recalls) >= 0.9


def test_ivf_probing_every_list_is_exact(data):
    vectors, queries = data
    full = DenseIndex.build(vectors, exact_limit=1000, nprobe=ivf_lists(len(vectors)))
    for query in queries[:20]:
        _, ids = full.search(query, 10)
        assert set(ids.tolist()) == set(brute_force(vectors, query, 10).tolist())


def test_results_are_best_first(ivf, exact, data):
    query = data[1][0]
    for index in (ivf, exact):
        scores, _ = index.search(query, 10)
        assert np.all(np.diff(scores) <= 1e-6)


def test_k_larger_than_the_index_returns_every_vector():
    rng = np.random.default_rng(0)
    vectors = normalise(rng.standard_normal((7, 8)))
    _, ids = DenseIndex.build(vectors).search(vectors[0], 50)
    assert sorted(ids.tolist()) == list(range(7))
    assert ids[0] == 0


@pytest.mark.parametrize("kind", ["exact", "ivf"])
def test_filtered_search_returns_only_allowed_ids(kind, exact, ivf, data):
    index = exact if kind == "exact" else ivf
    vectors, queries = data
    allowed = np.arange(0, 5000, 7, dtype=np.int64)
    for query in queries[:10]:
        scores, ids = index.search(query, 10, allowed)
        assert len(ids) == 10
        assert set(ids.tolist()) <= set(allowed.tolist())
        # the best allowed ids, exactly: filtered search rescores the allowed vectors
        best = allowed[np.argsort(-(vectors[allowed] @ query), kind="stable")[:10]]
        assert set(ids.tolist()) == set(best.tolist())
        np.testing.assert_allclose(scores, vectors[ids] @ query, rtol=1e-5)


@pytest.mark.parametrize("kind", ["exact", "ivf"])
def test_filtered_search_through_faiss_selectors_keeps_to_allowed_ids(
    kind, exact, ivf, data, monkeypatch
):
    """A large allowed set goes through a FAISS id selector instead of exact rescoring."""
    monkeypatch.setattr(dense_module, "EXACT_LIMIT", 100)
    index = exact if kind == "exact" else ivf
    allowed = np.arange(1, 5000, 3, dtype=np.int64)
    for query in data[1][:10]:
        _, ids = index.search(query, 10, allowed)
        assert 0 < len(ids) <= 10
        assert set(ids.tolist()) <= set(allowed.tolist())


def test_filtered_search_with_fewer_allowed_than_k(exact, data):
    allowed = np.array([3, 42, 4999], dtype=np.int64)
    _, ids = exact.search(data[1][0], 10, allowed)
    assert sorted(ids.tolist()) == [3, 42, 4999]


def test_filtered_search_with_nothing_allowed_returns_nothing(exact, data):
    scores, ids = exact.search(data[1][0], 10, np.zeros(0, np.int64))
    assert len(scores) == len(ids) == 0


def test_scores_all_is_the_dot_product_with_every_vector(exact, data):
    vectors, queries = data
    np.testing.assert_allclose(exact.scores_all(queries[0]), vectors @ queries[0], rtol=1e-5)
    assert exact.scores_all(queries[0]).dtype == np.float32


def test_score_is_the_dot_product_with_the_given_vectors(exact, data):
    vectors, queries = data
    ids = np.array([5, 0, 4999])
    np.testing.assert_allclose(exact.score(queries[1], ids), vectors[ids] @ queries[1], rtol=1e-5)
    assert len(exact.score(queries[1], np.zeros(0, np.int64))) == 0


@pytest.mark.parametrize("kind", ["exact", "ivf"])
def test_save_and_load_give_the_same_results(kind, exact, ivf, data, tmp_path):
    index = exact if kind == "exact" else ivf
    index.save(tmp_path)
    assert (tmp_path / FAISS_FILE).exists() and (tmp_path / VECTORS_FILE).exists()
    loaded = DenseIndex.load(tmp_path)
    assert loaded.describe() == index.describe()
    np.testing.assert_array_equal(loaded.vectors, index.vectors)
    for query in data[1][:5]:
        scores, ids = loaded.search(query, 10)
        expected_scores, expected_ids = index.search(query, 10)
        np.testing.assert_array_equal(ids, expected_ids)
        np.testing.assert_allclose(scores, expected_scores, rtol=1e-6)


def test_load_with_another_nprobe(ivf, tmp_path):
    ivf.save(tmp_path)
    assert DenseIndex.load(tmp_path, nprobe=5).describe()["nprobe"] == 5


def test_a_vectors_file_that_disagrees_with_the_faiss_file_is_corrupt(exact, tmp_path):
    exact.save(tmp_path)
    np.save(tmp_path / VECTORS_FILE, exact.vectors[:-1])
    with pytest.raises(IndexCorrupt) as raised:
        DenseIndex.load(tmp_path)
    message = str(raised.value)
    assert "5000" in message and "4999" in message
    assert "policy-search index" in message
