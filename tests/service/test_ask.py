"""GET /api/ask: sentences quoted verbatim from the plans, each citing its passage."""

from __future__ import annotations

import pytest

from tests.support.contract import ANSWER_FIELDS

QUESTIONS = [
    "合川区食品抽检合格率要达到多少",
    "首席质量官制度由哪些部门负责",
    "东丽区质量强区的主要目标是什么",
    "天府新区如何推进标准化",
    "知识产权保护由谁负责",
    "计量",
    "工程质量",
]


def _ask(client, **params) -> dict:
    response = client.get("/api/ask", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_response_has_the_question_answers_and_passages(client) -> None:
    body = _ask(client, q="首席质量官制度要求")

    assert set(body) == {"question", "searched", "rewrites", "took_ms", "answer", "passages"}
    assert body["question"] == "首席质量官制度要求"
    assert body["took_ms"] >= 0
    assert 1 <= len(body["answer"]) <= 3
    assert all(set(sentence) == ANSWER_FIELDS for sentence in body["answer"])


def test_hechuan_food_inspection_target_is_the_first_answer(client) -> None:
    first = _ask(client, q="合川区食品抽检合格率要达到多少")["answer"][0]

    assert "食品抽检合格率达到98.2%以上" in first["text"]
    assert first["doc_id"] == "chongqing-hechuan-2024"
    assert first["doc_title"] == "合川区质量强区建设实施方案"
    assert first["region"] == "重庆市合川区"


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("k", [1, 3, 10])
def test_answers_are_verbatim_sentences_of_the_cited_passage(client, question: str, k: int) -> None:
    answers = _ask(client, q=question, k=k)["answer"]

    assert 1 <= len(answers) <= k
    for sentence in answers:
        passage = client.get(f"/api/passages/{sentence['passage_id']}").json()
        assert sentence["text"] in passage["text"]
        assert sentence["doc_id"] == passage["doc_id"]
        assert sentence["doc_title"] == passage["doc_title"]
        assert sentence["region"] == passage["region"]
        assert sentence["section"] == passage["section"]


def test_passages_include_every_passage_an_answer_quotes(client) -> None:
    # `passages` is documented as "the passages the sentences come from": a page shows an
    # answer's context from it, so no answer may cite a passage missing there.
    missing = []
    for question in QUESTIONS:
        for k in (1, 3):
            body = _ask(client, q=question, k=k)
            returned = {hit["passage_id"] for hit in body["passages"]}
            missing += [
                (question, k, sentence["passage_id"])
                for sentence in body["answer"]
                if sentence["passage_id"] not in returned
            ]

    assert missing == []


def test_passages_are_ranked_hits(client) -> None:
    hits = _ask(client, q="首席质量官制度要求", k=5)["passages"]

    assert [hit["rank"] for hit in hits] == list(range(1, len(hits) + 1))
    assert [hit["score"] for hit in hits] == sorted((hit["score"] for hit in hits), reverse=True)
    assert "<mark>首席质量官</mark>" in hits[0]["highlight"]
