"""Search by meaning with the default model (multilingual-e5-small): the queries a new user
tried and found wanting with the built-in embedder."""

from __future__ import annotations

import pytest

SHAPOTOU, SICHUAN = "ningxia-shapotou-2022", "sichuan-province-2023"


def _texts(result) -> list[str]:
    return [hit.passage.text for hit in result.hits]


@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_selling_online_finds_online_sales_supervision(model_searcher, mode: str) -> None:
    result = model_searcher.search("网上卖东西的质量谁来管", k=10, mode=mode)

    first = [(hit.passage.doc_id, hit.passage.text) for hit in result.hits[:3]]
    assert any(doc == SHAPOTOU and "网购" in text for doc, text in first)
    assert any(
        hit.passage.doc_id == SICHUAN and "直播带货" in hit.passage.text for hit in result.hits
    )


def test_faking_and_shoddy_goods_find_the_crackdown_by_meaning_alone(model_searcher) -> None:
    query = "造假卖假、以次充好怎么严打"
    assert model_searcher.search(query, mode="lexical").hits == ()

    for mode in ("hybrid", "dense"):
        result = model_searcher.search(query, k=3, mode=mode)
        assert result.meaning_only
        assert all("打击" in text or "打假" in text for text in _texts(result))


def test_an_english_query_finds_the_chief_quality_officer(model_searcher) -> None:
    result = model_searcher.search("chief quality officer", k=3)

    assert any("首席质量官" in text for text in _texts(result))
    assert ("chief", ("首席", "龙头")) in result.parsed.synonyms


@pytest.mark.parametrize("typed", ["首席質量官", "首席质量管", "手席质量官"])
def test_traditional_characters_and_typos_find_what_the_right_words_find(
    model_searcher, typed: str
) -> None:
    right = model_searcher.search("首席质量官", k=5)
    result = model_searcher.search(typed, k=5)

    assert result.rewrite is not None and result.rewrite.searched == "首席质量官"
    assert [h.passage.passage_id for h in result.hits] == [h.passage.passage_id for h in right.hits]
    assert all("首席质量官" in text for text in _texts(result)[:3])


def test_a_query_in_the_plans_words_is_not_called_meaning_only(model_searcher) -> None:
    result = model_searcher.search("首席质量官制度要求", k=5)

    assert not result.meaning_only and result.rewrite is None


def test_a_model_index_holds_a_vector_for_every_sentence(model_searcher) -> None:
    from index.sentences import split_sentences

    sentences = model_searcher.storage.dense.sentences
    passages = [
        model_searcher.storage.store.get(i).text for i in range(model_searcher.passage_count)
    ]

    assert sentences is not None
    assert sentences.vectors.shape[0] == sum(len(split_sentences(p)) for p in passages)
    assert model_searcher.manifest["sentences_embedded"] == sentences.vectors.shape[0]


def test_building_again_reuses_every_vector(
    model_index_root, model_config, corpus_dir, tmp_path
) -> None:
    import shutil

    from index.build import build_index

    root = tmp_path / "index"
    shutil.copytree(model_index_root, root, symlinks=True)

    report = build_index(corpus_dir, root, model_config)

    assert report.embedded == 0 and report.reused == 195
    assert report.sentences_embedded == 0
    assert report.folder.manifest["reused_embeddings"] == 195


def test_ask_encodes_the_question_once_and_never_quotes_a_heading(
    model_searcher, monkeypatch
) -> None:
    from index.ask import ask

    encoder = model_searcher.embedder._encoder
    calls: list[list[str]] = []

    def counting(texts):
        calls.append(list(texts))
        return original(texts)

    original = encoder.encode
    monkeypatch.setattr(encoder, "encode", counting)
    asked = ask(model_searcher, "人居环境质量提升的目标有哪些？")

    assert len(calls) == 1  # the question; every sentence vector was stored at build time
    assert asked.answers
    assert all(not a.sentence.text.startswith("(五)人居环境") for a in asked.answers)
