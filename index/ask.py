"""Answer a question with sentences quoted from the best passages, each with its citation."""

from __future__ import annotations

import time
from dataclasses import dataclass

from index.answers import AnswerSentence, Candidate, rank_sentences
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


def ask(
    searcher: Searcher,
    question: str,
    k: int = 3,
    mode: str = "hybrid",
    filters: Filters | None = None,
) -> Asked:
    """The k sentences that best answer `question`, verbatim from the plans, best first."""
    started = time.perf_counter()
    result = searcher.search(question, k=max(PASSAGES_READ, k), mode=mode, filters=filters)
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
    ranked = rank_sentences(
        question, candidates, result.parsed.tokens, searcher.lexical.idf, limit=k
    )
    answers = tuple(Answer(sentence, hits[sentence.source]) for sentence in ranked)
    # The k best passages, and every passage an answer quotes, in rank order.
    shown = sorted({*range(min(k, len(hits))), *(sentence.source for sentence in ranked)})
    return Asked(
        question, answers, tuple(hits[i] for i in shown), (time.perf_counter() - started) * 1000
    )
