"""Ask: verbatim answer sentences from the best passages, each with the passage it quotes."""

from __future__ import annotations

import pytest

from index.ask import ask
from index.search import Filters


def test_the_food_inspection_question_is_answered_with_the_number(searcher):
    asked = ask(searcher, "合川区食品抽检合格率要达到多少？")
    assert asked.answers
    first = asked.answers[0]
    assert "98.2%" in first.sentence.text
    assert first.hit.passage.doc_id == "chongqing-hechuan-2024"


@pytest.mark.parametrize(
    "question",
    [
        "合川区食品抽检合格率要达到多少？",
        "东丽区首席质量官制度企业要达到多少家？",
        "哪些部门负责质量基础设施建设？",
        "如何推进内外贸产品同线同标同质？",
    ],
)
def test_answers_are_verbatim_sentences_of_their_passages(searcher, question):
    asked = ask(searcher, question, k=3)
    assert 0 < len(asked.answers) <= 3
    shown = {hit.passage.passage_id for hit in asked.hits}
    for answer in asked.answers:
        assert answer.sentence.text in answer.hit.passage.text
        assert answer.hit.passage.passage_id in shown
    texts = [answer.sentence.text for answer in asked.answers]
    assert len(texts) == len(set(texts))
    scores = [answer.sentence.score for answer in asked.answers]
    assert scores == sorted(scores, reverse=True)


def test_k_limits_the_answers(searcher):
    assert len(ask(searcher, "如何加强质量品牌建设？", k=1).answers) == 1
    assert len(ask(searcher, "如何加强质量品牌建设？", k=5).answers) == 5


def test_filters_keep_answers_to_the_chosen_plan(searcher):
    asked = ask(searcher, "首席质量官", filters=Filters(doc_ids=("ningxia-shapotou-2022",)))
    assert asked.answers
    assert {a.hit.passage.doc_id for a in asked.answers} == {"ningxia-shapotou-2022"}


def test_a_question_asking_who_is_responsible_prefers_a_responsibility_sentence(searcher):
    asked = ask(searcher, "合川区推行首席质量官制度由哪些部门负责？")
    assert "责任单位" in asked.answers[0].sentence.text
