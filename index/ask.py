"""Answer a question with sentences quoted from the best passages, each with its citation."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from index.answers import AnswerSentence, rank_sentences
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
    query_vector = searcher.embedder.embed_query(question, list(result.parsed.typed_tokens))

    def similarity(sentences: list[str]) -> np.ndarray:
        return np.dot(searcher.embedder.embed_passages(sentences), query_vector)

    ranked = rank_sentences(
        question,
        [hit.passage.text for hit in hits],
        [hit.score for hit in hits],
        result.parsed.tokens,
        searcher.lexical.idf,
        similarity,
        limit=k,
    )
    answers = tuple(Answer(sentence, hits[sentence.source]) for sentence in ranked)
    # The k best passages, and every passage an answer quotes, in rank order.
    shown = sorted({*range(min(k, len(hits))), *(sentence.source for sentence in ranked)})
    return Asked(
        question, answers, tuple(hits[i] for i in shown), (time.perf_counter() - started) * 1000
    )
