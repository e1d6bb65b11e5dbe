"""Built-in LSA embedder and the embedding cache: unit vectors, query = passage, save/load, reuse."""

from __future__ import annotations

import numpy as np
import pytest

from index.embedders import BuiltinEmbedder, normalise
from index.embedders.cache import embed_with_cache, embedding_key, keys_of
from index.reuse import previous_vectors

TEXTS = [
    "推行企业首席质量官制度,培育一批区内质量领军人才。",
    "落实高标准农田建设规划,累计建成4.4万亩高标准农田。",
    "食品抽检合格率达到98.2%以上。",
    "建立健全托育服务政策法规体系和标准规范体系。",
]


@pytest.fixture(scope="module")
def embedder(searcher) -> BuiltinEmbedder:
    return searcher.embedder


def test_the_loaded_embedder_is_the_one_the_index_was_built_with(searcher, embedder):
    # What the manifest records, and what the vectors stored at build time say: a passage
    # embedded again by the loaded embedder is the stored vector (cosine 1).
    assert searcher.manifest["embedder"]["id"] == embedder.id
    rows = np.arange(0, searcher.passage_count, 37)
    for row in rows:
        vector = embedder.embed_passages([searcher.storage.store.get(int(row)).text])[0]
        assert searcher.storage.dense.score(vector, np.array([row]))[0] == pytest.approx(
            1.0, abs=1e-4
        )


def test_passage_vectors_are_unit_norm_float32(embedder):
    vectors = embedder.embed_passages(TEXTS)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(TEXTS), embedder.dimension)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_query_vectors_are_unit_norm_float32(embedder):
    vector = embedder.embed_query("首席质量官制度要求")
    assert vector.dtype == np.float32
    assert vector.shape == (embedder.dimension,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, rel=1e-5)


def test_a_query_lands_where_the_same_text_as_a_passage_lands(embedder, searcher):
    texts = [
        *TEXTS,
        *(searcher.storage.store.text(i) for i in range(0, searcher.passage_count, 17)),
    ]
    passages = embedder.embed_passages(texts)
    for text, passage in zip(texts, passages, strict=True):
        assert float(np.dot(embedder.embed_query(text), passage)) == pytest.approx(1.0, abs=1e-4)


def test_given_tokens_and_the_bound_tokenizer_give_the_same_vector(embedder, searcher):
    tokens = [searcher.tokenizer.tokens(text) for text in TEXTS]
    np.testing.assert_allclose(
        embedder.embed_passages(TEXTS, tokens), embedder.embed_passages(TEXTS), atol=1e-6
    )


def test_a_text_sharing_words_with_a_passage_scores_higher_than_an_unrelated_one(embedder):
    passage = embedder.embed_passages([TEXTS[0]])[0]
    related = float(np.dot(embedder.embed_query("首席质量官"), passage))
    unrelated = float(np.dot(embedder.embed_query("高标准农田"), passage))
    assert related > unrelated + 0.1


def test_synonyms_share_an_axis(embedder):
    """托育 and 婴幼儿照护 are one synonym group: each is nearer the other than an unrelated word."""
    childcare = embedder.embed_query("托育")
    assert np.dot(childcare, embedder.embed_query("婴幼儿照护")) > np.dot(
        childcare, embedder.embed_query("高标准农田")
    )


def test_a_text_with_nothing_the_embedder_knows_embeds_to_zero(embedder):
    assert not embedder.embed_query("zzqxv").any()
    assert not embedder.embed_passages(["zzqxv"]).any()


def test_save_and_load_give_identical_vectors(embedder, searcher, tmp_path):
    embedder.save(tmp_path)
    loaded = BuiltinEmbedder.load(tmp_path, searcher.tokenizer.tokens)
    assert loaded.id == embedder.id
    assert loaded.dimension == embedder.dimension
    np.testing.assert_array_equal(loaded.embed_passages(TEXTS), embedder.embed_passages(TEXTS))
    np.testing.assert_array_equal(
        loaded.embed_query("首席质量官制度要求"), embedder.embed_query("首席质量官制度要求")
    )


def test_fitting_is_deterministic(documents, searcher):
    texts = [p.text for p in documents["ningxia-shapotou-2022"].passages]
    first = BuiltinEmbedder.fit(texts, searcher.tokenizer.tokens, dimension=16)
    second = BuiltinEmbedder.fit(texts, searcher.tokenizer.tokens, dimension=16)
    assert first.id == second.id
    assert first.dimension == 16
    np.testing.assert_array_equal(first.embed_passages(TEXTS), second.embed_passages(TEXTS))


def test_a_tiny_corpus_fits_fewer_dimensions_than_asked(searcher):
    texts = ["推行企业首席质量官制度。", "落实企业首席质量官制度。", "培育首席质量官队伍。"]
    tiny = BuiltinEmbedder.fit(texts, searcher.tokenizer.tokens)
    assert 2 <= tiny.dimension < len(texts) + 1
    vectors = tiny.embed_passages(texts)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_normalise_leaves_zero_rows_at_zero():
    rows = normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.0, 0.0]])


# -- the embedding cache -------------------------------------------------------------------
class CountingEmbedder:
    """Wraps an embedder and records which texts it was asked to embed."""

    def __init__(self, inner: BuiltinEmbedder) -> None:
        self.inner = inner
        self.dimension = inner.dimension
        self.embedded: list[str] = []

    def embed_passages(self, texts, tokens=None):
        self.embedded += list(texts)
        return self.inner.embed_passages(texts, tokens)


def test_keys_depend_on_the_text_only():
    assert embedding_key("质量") == embedding_key("质量")
    assert embedding_key("质量") != embedding_key("质量 ")
    keys = keys_of(["质量", "强区"])
    assert keys.dtype == np.dtype("S20")
    assert bytes(keys[0]) == embedding_key("质量")


def test_the_cache_embeds_only_changed_texts(embedder, searcher):
    tokens = [searcher.tokenizer.tokens(text) for text in TEXTS]
    counting = CountingEmbedder(embedder)
    vectors, keys, embedded = embed_with_cache(counting, TEXTS, tokens, {})
    assert embedded == len(TEXTS)
    previous = {bytes(key): vector for key, vector in zip(keys, vectors, strict=True)}

    changed = [*TEXTS[:2], "食品抽检合格率达到99%以上。", TEXTS[3]]
    changed_tokens = [searcher.tokenizer.tokens(text) for text in changed]
    counting.embedded.clear()
    again, _, embedded = embed_with_cache(counting, changed, changed_tokens, previous)
    assert embedded == 1
    assert counting.embedded == ["食品抽检合格率达到99%以上。"]
    np.testing.assert_array_equal(again[[0, 1, 3]], vectors[[0, 1, 3]])
    np.testing.assert_allclose(again[2], embedder.embed_passages([changed[2]])[0], atol=1e-6)


def test_the_cache_embeds_nothing_when_no_text_changed(embedder, searcher):
    tokens = [searcher.tokenizer.tokens(text) for text in TEXTS]
    vectors, keys, _ = embed_with_cache(embedder, TEXTS, tokens, {})
    previous = {bytes(key): vector for key, vector in zip(keys, vectors, strict=True)}
    counting = CountingEmbedder(embedder)
    again, _, embedded = embed_with_cache(counting, list(reversed(TEXTS)), tokens[::-1], previous)
    assert embedded == 0
    assert counting.embedded == []
    np.testing.assert_array_equal(again, vectors[::-1])


def test_a_cached_vector_of_another_size_is_not_reused(embedder, searcher):
    tokens = [searcher.tokenizer.tokens(text) for text in TEXTS]
    stale = {embedding_key(text): np.ones(3, np.float32) for text in TEXTS}
    vectors, _, embedded = embed_with_cache(embedder, TEXTS, tokens, stale)
    assert embedded == len(TEXTS)
    np.testing.assert_allclose(vectors, embedder.embed_passages(TEXTS), atol=1e-6)


def test_previous_vectors_of_the_built_index_cover_every_passage(searcher):
    folder = searcher.folder.path
    cached = previous_vectors(folder, searcher.embedder.id)
    texts = searcher.storage.store.texts()
    assert len(cached) == len(set(texts))
    first = cached[embedding_key(texts[0])]
    np.testing.assert_array_equal(first, searcher.storage.dense.vectors[0])


def test_previous_vectors_of_another_embedder_are_not_reused(searcher, tmp_path):
    assert previous_vectors(searcher.folder.path, "builtin-lsa-256-000000000000") == {}
    assert previous_vectors(tmp_path, searcher.embedder.id) == {}
    assert previous_vectors(None, searcher.embedder.id) == {}
