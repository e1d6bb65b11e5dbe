"""Extractive answers: the plans' own sentences, verbatim, ranked for a question (no generation)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.tokenize import fold

_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;][”’)）]?)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|分|家|个|项|万|亿|天|次|人|亩|件|所|条)")
_ASKS_NUMBER = re.compile(r"多少|几|比例|比重|目标值|达到.*[?？]|百分之|多高|多大")
_ASKS_UNITS = re.compile(r"哪些部门|哪些单位|哪个部门|哪个单位|谁负责|由谁|牵头|责任单位|负责部门")
_UNITS_SENTENCE = re.compile(r"责任单位|按职责分工负责|负责落实")
MIN_SENTENCE = 6


@dataclass(frozen=True)
class Sentence:
    text: str
    source: int  # index of the passage it comes from in the ranked list
    start: int  # offset within the passage text


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    source: int
    score: float


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs, verbatim; a (责任单位:…) parenthetical is a sentence of its own."""
    out = []
    for match in _SENTENCE.finditer(text):
        sentence = match[0]
        stripped = sentence.strip()
        if len(stripped) >= MIN_SENTENCE or _UNITS_SENTENCE.search(stripped):
            out.append((match.start() + sentence.index(stripped), stripped))
    return out


def rank_sentences(
    question: str,
    passages: Sequence[str],
    passage_scores: Sequence[float],
    query_terms: Sequence[str],
    term_weight: Callable[[str], float],
    sentence_similarity: Callable[[list[str]], np.ndarray] | None = None,
    limit: int = 3,
) -> list[AnswerSentence]:
    """The sentences that best answer `question`, best first.

    A sentence scores by the share of the question's weighted terms it contains, its
    passage's retrieval score, and (when given) its embedding similarity to the question;
    questions asking for a number or for responsible departments prefer sentences that
    state one.
    """
    sentences = [
        Sentence(text, source, start)
        for source, passage in enumerate(passages)
        for start, text in split_sentences(passage)
    ]
    if not sentences:
        return []
    terms = [t for t in dict.fromkeys(query_terms) if t]
    weights = {t: term_weight(t) for t in terms}
    total = sum(weights.values()) or 1.0
    top_passage = max(passage_scores) or 1.0
    similarity = (
        sentence_similarity([s.text for s in sentences])
        if sentence_similarity is not None
        else np.zeros(len(sentences))
    )
    asks_number = bool(_ASKS_NUMBER.search(question))
    asks_units = bool(_ASKS_UNITS.search(question))
    coverages = [
        sum(w for t, w in weights.items() if t in fold(sentence.text)) / total
        for sentence in sentences
    ]
    best_in_passage: dict[int, float] = {}
    for sentence, coverage in zip(sentences, coverages, strict=True):
        best_in_passage[sentence.source] = max(best_in_passage.get(sentence.source, 0.0), coverage)
    scored = []
    for i, sentence in enumerate(sentences):
        coverage = coverages[i]
        is_units = bool(_UNITS_SENTENCE.search(sentence.text))
        if asks_units and is_units:
            # "(责任单位:…)" answers for the item it closes: it is as on-topic as that item.
            coverage = best_in_passage[sentence.source]
        score = 0.55 * coverage + 0.25 * (passage_scores[sentence.source] / top_passage)
        score += 0.2 * max(0.0, float(similarity[i]))
        if asks_number and _NUMBER.search(sentence.text):
            score += 0.25
        if asks_units and is_units:
            score += 0.35
        # Very long sentences answer less precisely; a gentle length penalty.
        score -= 0.02 * math.log1p(max(0, len(sentence.text) - 80) / 40)
        scored.append(AnswerSentence(sentence.text, sentence.source, round(score, 6)))
    scored.sort(key=lambda a: (-a.score, a.source))
    seen: set[str] = set()
    best = []
    for answer in scored:
        if answer.text not in seen:
            seen.add(answer.text)
            best.append(answer)
        if len(best) == limit:
            break
    return best
