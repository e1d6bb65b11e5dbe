"""Answer sentences: headings never quoted, off-topic sentences left out, the model's
similarity weighed with the words the sentence shares with the question."""

from __future__ import annotations

import numpy as np

from index.answers import AnswerWeights, Candidate, is_heading, rank_sentences

HEADING = "(五)人居环境质量提升目标"
TEXT = (
    "(五)人居环境质量提升目标。人居环境质量持续优化,到2027年,城镇生活污水处理率达到95%以上。"
    "加强园林绿化管理。"
)


def _idf(term: str) -> float:
    return {"人居环境": 3.0, "目标": 1.0, "污水": 2.0}.get(term, 0.5)


def test_a_heading_alone_is_never_an_answer() -> None:
    assert is_heading("(五)人居环境质量提升目标。", [HEADING])
    assert is_heading("(三)开展食品药品质量提升专项行动。", [])  # numbered, short, no clause
    assert not is_heading("人居环境质量持续优化,到2027年,城镇生活污水处理率达到95%以上。", [])

    answers = rank_sentences(
        "人居环境质量提升目标是什么",
        [Candidate(TEXT, 1.0, (HEADING,), None)],
        ["人居环境", "目标"],
        _idf,
    )

    assert answers and all("(五)" not in a.text for a in answers)
    assert answers[0].text.startswith("人居环境质量持续优化")


def test_sentences_far_below_the_best_are_left_out() -> None:
    similarities = np.array([0.10, 0.95, 0.12])  # the heading, then two sentences
    candidate = Candidate(TEXT, 1.0, (HEADING,), similarities)

    strict = rank_sentences(
        "生活污水处理率",
        [candidate],
        ["污水"],
        _idf,
        limit=3,
        weights=AnswerWeights(0.3, 0.45, 0.9),
    )
    lenient = rank_sentences(
        "生活污水处理率",
        [candidate],
        ["污水"],
        _idf,
        limit=3,
        weights=AnswerWeights(0.3, 0.45, 0.0),
    )

    assert [a.text[:6] for a in strict] == ["人居环境质量"]
    assert len(lenient) == 2


def test_the_models_similarity_can_outweigh_a_shared_common_word() -> None:
    text = "加强质量宣传。推动网购商品质量监管,规范直播带货。"
    by_words = rank_sentences(
        "网上卖东西谁管", [Candidate(text, 1.0, (), np.array([0.2, 0.9]))], ["质量"], _idf,
        limit=1, weights=AnswerWeights(0.3, 0.45, 0.0),
    )  # fmt: skip

    assert by_words[0].text == "推动网购商品质量监管,规范直播带货。"
