"""BM25: scores equal bm25s's own, synonym weights, unknown tokens, presence, idf, save/load."""

from __future__ import annotations

import numpy as np
import pytest

from index.lexical import LexicalIndex
from index.tokenize import TokenizedCorpus

ROWS = [
    ["质量", "强区", "建设", "质量"],
    ["首席质量官", "首席", "质量", "制度"],
    ["食品", "抽检", "合格率", "达到"],
    ["托育", "服务", "标准"],
    ["婴幼儿照护", "服务", "体系", "服务"],
    ["质量", "基础设施", "一站式", "服务"],
    ["高标准农田", "建设", "农业"],
]


def corpus_of(rows: list[list[str]]) -> TokenizedCorpus:
    corpus = TokenizedCorpus()
    for row in rows:
        corpus.add(row)
    return corpus


@pytest.fixture(scope="module")
def small() -> LexicalIndex:
    return LexicalIndex.build(corpus_of(ROWS))


def bm25s_scores(index: LexicalIndex, tokens: list[str]) -> np.ndarray:
    return np.asarray(index.retriever.get_scores(list(dict.fromkeys(tokens))), dtype=np.float32)


@pytest.mark.parametrize(
    "tokens",
    [["质量"], ["质量", "服务"], ["首席质量官", "制度"], ["服务", "标准", "托育", "建设"]],
)
def test_scores_equal_bm25s_get_scores(small, tokens):
    np.testing.assert_allclose(small.scores(tokens), bm25s_scores(small, tokens), rtol=1e-5)


def test_scores_equal_bm25s_on_the_five_plans(searcher):
    tokens = searcher.tokenizer.tokens("推行企业首席质量官制度,提升食品抽检合格率")
    known = searcher.storage.words.known(tokens)
    assert len(known) >= 4
    ours = searcher.storage.words.scores(known)
    theirs = bm25s_scores(searcher.storage.words, known)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    assert ours.shape == (searcher.passage_count,)
    assert ours.max() > 0


def test_a_repeated_query_token_counts_once(small):
    np.testing.assert_array_equal(small.scores(["质量", "质量"]), small.scores(["质量"]))


def test_weights_scale_each_tokens_contribution(small):
    typed = small.scores(["托育"])
    synonym = small.scores(["婴幼儿照护"])
    weighted = small.scores(["托育", "婴幼儿照护"], [1.0, 0.5])
    np.testing.assert_allclose(weighted, typed + 0.5 * synonym, rtol=1e-6)
    # the passage holding only the synonym ranks below the one holding the typed word
    assert weighted[3] > weighted[4] > 0


def test_a_zero_weight_token_adds_nothing(small):
    np.testing.assert_array_equal(
        small.scores(["托育", "服务"], [1.0, 0.0]), small.scores(["托育"])
    )


def test_unknown_tokens_score_nothing(small):
    assert not small.scores(["不存在的词"]).any()
    assert not small.scores([]).any()
    assert not small.scores([""]).any()
    np.testing.assert_array_equal(small.scores(["质量", "不存在的词"]), small.scores(["质量"]))
    assert small.scores(["不存在的词"]).shape == (len(ROWS),)


def test_only_passages_holding_a_query_token_score(small):
    scores = small.scores(["食品"])
    assert np.flatnonzero(scores).tolist() == [2]


def test_known_keeps_vocabulary_tokens_once_in_order(small):
    assert small.known(["服务", "不存在", "质量", "服务", ""]) == ["服务", "质量"]


def test_presence_agrees_with_whether_each_passage_holds_each_token(small):
    tokens = ["质量", "服务", "不存在的词", "建设", "农业"]
    rows = np.array([0, 1, 3, 4, 5, 6])
    found = small.presence(tokens, rows)
    expected = np.array([[token in ROWS[row] for token in tokens] for row in rows])
    np.testing.assert_array_equal(found, expected)


def test_presence_of_rows_past_the_last_posting(small):
    # 托育 occurs only in passage 3: rows after it must not be found by the search clamp
    found = small.presence(["托育"], np.array([2, 3, 4, 6]))
    assert found[:, 0].tolist() == [False, True, False, False]


def test_idf_is_higher_for_rarer_tokens(small):
    # 托育 is in one passage, 建设 in two, 质量 in three
    assert small.idf("托育") > small.idf("建设") > small.idf("质量") > 0
    assert small.idf("不存在的词") == 0.0
    assert small.idf("") == 0.0


def test_idf_on_the_plans_ranks_a_policy_term_above_a_common_word(searcher):
    assert searcher.storage.words.idf("首席质量官") > searcher.storage.words.idf("质量")


def test_save_and_load_give_the_same_scores(small, tmp_path):
    small.save(tmp_path / "bm25")
    for mmap in (False, True):
        loaded = LexicalIndex.load(tmp_path / "bm25", mmap=mmap)
        assert loaded.size == small.size
        for tokens in (["质量"], ["服务", "托育"], ["首席质量官", "不存在的词"]):
            np.testing.assert_array_equal(loaded.scores(tokens), small.scores(tokens))
        assert loaded.idf("托育") == small.idf("托育")
