"""Answer a question with sentences quoted from the best passages, each with its citation."""

from __future__ import annotations

import time
from dataclasses import dataclass

from index.answers import AnswerSentence, Candidate, rank_sentences
from index.rewrite import Rewrite
from index.search import Filters, Hit, Searcher

PASSAGES_READ = 5


@dataclass(frozen=True)
class Answer:
    sentence: AnswerSentence
    hit: Hit


@dataclass(frozen=True)
class Asked:
    question: str
    answers: tuple[Answer, ...]
    hits: tuple[Hit, ...]
    took_ms: float
    rewrite: Rewrite | None = None  # what was searched, when it differs from the question


def ask(
    searcher: Searcher,
    question: str,
    k: int = 3,
    mode: str = "hybrid",
    filters: Filters | None = None,
    correct: bool = True,
) -> Asked:
    """The k sentences that best answer `question`, verbatim from the plans, best first."""
    started = time.perf_counter()
    result = searcher.search(
        question, k=max(PASSAGES_READ, k), mode=mode, filters=filters, correct=correct
    )
    hits = result.hits
    # The vector search() used (cached by the embedder): the question is encoded once.
    vector = searcher.query_vector(result.parsed)
    candidates = [
        Candidate(
            hit.passage.text,
            hit.score,
            hit.passage.section,
            None
            if vector is None
            else searcher.sentence_similarities(hit.passage.passage_id, vector),
        )
        for hit in hits
    ]
    parsed = result.parsed
    # A synonym's words count as much in a sentence as they do in the search (less than typed).
    weight_of = dict(zip(parsed.tokens, parsed.weights, strict=True))

    def term_weight(term: str) -> float:
        return searcher.storage.idf(term) * weight_of.get(term, 1.0)

    ranked = rank_sentences(
        question, candidates, parsed.tokens, term_weight, limit=k, weights=searcher.answer_weights
    )
    answers = tuple(Answer(sentence, hits[sentence.source]) for sentence in ranked)
    # The k best passages, and every passage an answer quotes, in rank order.
    shown = sorted({*range(min(k, len(hits))), *(sentence.source for sentence in ranked)})
    return Asked(
        question,
        answers,
        tuple(hits[i] for i in shown),
        (time.perf_counter() - started) * 1000,
        result.rewrite,
    )
