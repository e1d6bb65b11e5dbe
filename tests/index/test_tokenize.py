"""Tokenizer: width folding, stopwords, policy terms kept whole, corpus terms, tokenized corpora."""

from __future__ import annotations

import pytest

import index.tokenize as tokenize_module
from index.tokenize import (
    TokenizedCorpus,
    Tokenizer,
    corpus_terms,
    fold,
    stopwords,
    tokenize_corpus,
)


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


# -- folding ---------------------------------------------------------------------------
def test_fold_turns_full_width_latin_and_digits_into_half_width_lower_case():
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("ＧＤＰ比重") == "gdp比重"


def test_fold_unifies_full_width_punctuation_and_space():
    assert fold("（一）总体要求，主要目标：") == "(一)总体要求,主要目标:"
    assert fold("质量\u3000强区") == "质量 强区"


def test_full_width_and_half_width_text_give_the_same_tokens(tokenizer):
    assert tokenizer.tokens("占ＧＤＰ比重超过３.８％") == tokenizer.tokens("占GDP比重超过3.8%")
    assert "gdp" in tokenizer.tokens("占ＧＤＰ比重")


# -- stopwords and punctuation ----------------------------------------------------------
def test_stopwords_and_punctuation_are_dropped(tokenizer):
    tokens = tokenizer.tokens("推进质量强区建设的各项工作，并且加强监管。")
    for dropped in ("的", "并且", "，", "。"):
        assert dropped not in tokens
    assert {"推进", "质量", "监管"} <= set(tokens)


def test_a_text_of_only_stopwords_and_punctuation_has_no_tokens(tokenizer):
    assert tokenizer.tokens("的了和，。！") == []
    assert tokenizer.words("及以及或等") == []


def test_the_stopword_list_is_folded_and_holds_common_function_words():
    words = stopwords()
    assert {"的", "了", "和", "以及"} <= words
    assert all(word == fold(word) for word in words)


# -- policy terms -------------------------------------------------------------------------
def test_a_policy_term_is_one_token_besides_its_sub_words(tokenizer):
    tokens = tokenizer.tokens("推行企业首席质量官制度")
    assert "首席质量官" in tokens
    assert {"首席", "质量"} <= set(tokens)


def test_a_quoted_slogan_is_one_token_and_one_word(tokenizer):
    text = "推动内外贸产品同线同标同质发展"
    assert "同线同标同质" in tokenizer.tokens(text)
    assert "同线同标同质" in tokenizer.words(text)
    # whole words only: no sub-word of the slogan beside it
    assert "同线" not in tokenizer.words(text)


def test_words_are_whole_words_only_while_tokens_add_sub_words(tokenizer):
    text = "推行企业首席质量官制度"
    assert "首席质量官" in tokenizer.words(text)
    assert "首席" not in tokenizer.words(text)
    assert len(tokenizer.tokens(text)) > len(tokenizer.words(text))


def test_user_terms_given_to_the_tokenizer_are_kept_whole():
    plain = Tokenizer()
    with_term = Tokenizer(["渝快办示范窗口"])
    text = "优化渝快办示范窗口功能"
    assert "渝快办示范窗口" not in plain.tokens(text)
    assert "渝快办示范窗口" in with_term.tokens(text)
    assert "渝快办示范窗口" in with_term.user_terms


def test_phrase_tokens_equal_tokens(tokenizer):
    assert tokenizer.phrase_tokens("婴幼儿照护") == tokenizer.tokens("婴幼儿照护")
    assert tokenizer.phrase_tokens("婴幼儿照护") == tokenizer.phrase_tokens("婴幼儿照护")


# -- corpus terms ----------------------------------------------------------------------------
def test_corpus_terms_picks_quoted_terms_in_any_quote_style():
    texts = [
        "累计培育“津农精品”9个,支持“专精特新”企业发展。",
        "推动内外贸产品「同线同标同质」",
        '开展"标准化+"行动',
    ]
    terms = corpus_terms(texts)
    assert {"津农精品", "专精特新", "同线同标同质", "标准化+"} <= set(terms)


def test_corpus_terms_ignores_quotes_too_long_or_too_short_to_be_terms():
    texts = ["“这是一个远远超过十二个字的很长的引号内容”", "“质”"]
    assert corpus_terms(texts) == []


def test_corpus_terms_takes_short_heading_phrases_without_their_numbers():
    headings = [
        "(三)完善质量治理体系",
        "1.强化产业基础质量支撑",
        "(二十五)加强质量法治建设",
        "一、总体要求",
    ]
    terms = corpus_terms([], headings)
    assert "完善质量治理体系" in terms
    assert "强化产业基础质量支撑" in terms
    assert "加强质量法治建设" in terms
    assert "总体要求" in terms
    assert not any(term.startswith(("(", "1", "一")) for term in terms)


def test_corpus_terms_skips_long_enumerating_and_latin_only_headings():
    headings = [
        "(一)增强合川产业质量竞争力、提升品牌影响力",  # an enumeration, not a term
        "(七)深入推进质量基础设施建设和高质量发展统筹",  # longer than a term
        "ABCD",  # no Chinese
        "(一)目标",  # too short
    ]
    assert corpus_terms([], headings) == []


def test_corpus_terms_are_folded_sorted_and_unique():
    terms = corpus_terms(["“ＡＢ品牌”", "“AB品牌”", "“专精特新”"])
    assert terms == sorted(set(terms))
    assert terms.count("ab品牌") == 1


# -- the tokenized corpus ---------------------------------------------------------------------
def test_tokenized_corpus_gives_back_each_texts_tokens():
    rows = [["质量", "强区", "质量"], [], ["首席质量官", "制度"]]
    corpus = TokenizedCorpus()
    for row in rows:
        corpus.add(row)
    assert len(corpus) == 3
    assert [corpus[i] for i in range(3)] == rows
    assert corpus[0:3] == rows
    assert corpus[-1] == rows[-1]
    assert list(corpus) == rows


def test_tokenized_corpus_shares_one_vocabulary_of_ids():
    corpus = TokenizedCorpus()
    corpus.add(["质量", "强区", "质量"])
    corpus.add(["强区", "建设"])
    assert sorted(corpus.vocabulary) == sorted({"质量", "强区", "建设"})
    assert list(corpus.ids[0]) == [corpus.vocabulary[t] for t in ("质量", "强区", "质量")]
    assert list(corpus.ids[1]) == [corpus.vocabulary[t] for t in ("强区", "建设")]
    assert [corpus.terms[i] for i in range(len(corpus.terms))] == sorted(
        corpus.vocabulary, key=corpus.vocabulary.__getitem__
    )


def test_tokenize_corpus_serially_equals_the_tokenizer(tokenizer, documents):
    texts = [p.text for p in documents["tianjin-dongli-2024"].passages]
    corpus = tokenize_corpus(tokenizer, texts)
    assert len(corpus) == len(texts)
    assert [corpus[i] for i in range(len(texts))] == [tokenizer.tokens(t) for t in texts]


def test_tokenize_corpus_in_parallel_gives_the_same_tokens_in_order(
    tokenizer, documents, monkeypatch
):
    sentences = [
        sentence
        for document in documents.values()
        for passage in document.passages
        for sentence in passage.text.split("。")
        if sentence.strip()
    ]
    texts = sentences[:400]
    monkeypatch.setattr(tokenize_module, "PARALLEL_FROM", 50)
    parallel = tokenize_corpus(tokenizer, texts, processes=2, chunk=37)
    serial = tokenize_corpus(tokenizer, texts, processes=1)
    assert len(parallel) == len(texts)
    assert [parallel[i] for i in range(len(texts))] == [serial[i] for i in range(len(texts))]
    assert tokenize_module._WORKER_TOKENIZER is None  # the worker global is cleared afterwards
