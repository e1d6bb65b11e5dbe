"""Extractive answers: the plans' own sentences, verbatim, ranked for a question (no generation)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.sentences import UNITS_SENTENCE, split_sentences
from index.tokenize import fold

_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|分|家|个|项|万|亿|天|次|人|亩|件|所|条)")
_ASKS_NUMBER = re.compile(r"多少|几|比例|比重|目标值|达到.*[?？]|百分之|多高|多大")
_ASKS_UNITS = re.compile(r"哪些部门|哪些单位|哪个部门|哪个单位|谁负责|由谁|牵头|责任单位|负责部门")
# A numbered heading standing alone: (五)人居环境质量提升目标。 — it names a topic, answers nothing.
_HEADING = re.compile(r"^[(（]?[一二三四五六七八九十百\d]+[)）、.．][^，,；;：:]{0,30}[。.]?$")
_TRAILING = "。.；;：: "
PASSAGE_WEIGHT = 0.25


@dataclass(frozen=True)
class AnswerWeights:
    """How sentences are scored; chosen per embedder kind on the dev split
    (index/data/fusion.toml, docs/eval.md)."""

    coverage: float = 0.45  # the share of the question's word weight the sentence holds
    similarity: float = 0.15  # the embedder's similarity to the question, spread over 0..1
    # An answer scores at least this share of the best one, or it is left out: fewer
    # answers rather than off-topic ones.
    floor: float = 0.5


@dataclass(frozen=True)
class Candidate:
    """A retrieved passage offered to the answerer."""

    text: str
    score: float  # its retrieval score
    headings: tuple[str, ...]  # its section path
    similarities: np.ndarray | None  # the model's cosine of each of its sentences to the question


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    source: int  # index of the candidate it comes from
    score: float


def is_heading(sentence: str, headings: Sequence[str]) -> bool:
    """Whether the sentence only restates a heading of its passage (or looks like one)."""
    bare = sentence.strip().rstrip(_TRAILING)
    return any(bare == h.strip().rstrip(_TRAILING) for h in headings) or bool(
        _HEADING.match(sentence.strip())
    )


def _rescale(similarities: np.ndarray) -> np.ndarray:
    """Cosines of one question spread over 0..1: a model's cosines crowd a narrow band."""
    if not len(similarities):
        return similarities
    low, high = float(similarities.min()), float(similarities.max())
    if high - low < 1e-6:
        return np.ones_like(similarities)
    return (similarities - low) / (high - low)


def rank_sentences(
    question: str,
    candidates: Sequence[Candidate],
    query_terms: Sequence[str],
    term_weight: Callable[[str], float],
    limit: int = 3,
    weights: AnswerWeights = AnswerWeights(),
) -> list[AnswerSentence]:
    """The sentences that best answer `question`, best first, at most `limit`.

    A sentence scores by the share of the question's weighted terms it contains, its
    passage's retrieval score and the model's similarity to the question; questions asking
    for a number or for responsible departments prefer sentences that state one. Headings
    never answer; sentences far below the best are left out.
    """
    texts, sources, sims = [], [], []
    for source, candidate in enumerate(candidates):
        sentences = split_sentences(candidate.text)
        similarity = candidate.similarities
        for position, sentence in enumerate(sentences):
            if is_heading(sentence.text, candidate.headings):
                continue
            texts.append(sentence.text)
            sources.append(source)
            sims.append(float(similarity[position]) if similarity is not None else 0.0)
    if not texts:
        return []
    terms = [t for t in dict.fromkeys(query_terms) if t]
    term_weights = {t: term_weight(t) for t in terms}
    total = sum(term_weights.values()) or 1.0
    top_passage = max(c.score for c in candidates) or 1.0
    has_model = any(c.similarities is not None for c in candidates)
    similarity = _rescale(np.array(sims, np.float32)) if has_model else np.zeros(len(texts))
    asks_number = bool(_ASKS_NUMBER.search(question))
    asks_units = bool(_ASKS_UNITS.search(question))
    coverages = [
        sum(w for t, w in term_weights.items() if t in fold(text)) / total for text in texts
    ]
    best_in_passage: dict[int, float] = {}
    for source, coverage, sim in zip(sources, coverages, similarity, strict=True):
        best_in_passage[source] = max(best_in_passage.get(source, 0.0), coverage + float(sim))
    scored = []
    for i, text in enumerate(texts):
        coverage, sim = coverages[i], float(similarity[i])
        is_units = bool(UNITS_SENTENCE.search(text))
        if asks_units and is_units:
            # "(责任单位:…)" answers for the item it closes: it is as on-topic as that item.
            coverage, sim = best_in_passage[sources[i]], 0.0
        score = weights.coverage * coverage
        score += PASSAGE_WEIGHT * (candidates[sources[i]].score / top_passage)
        score += weights.similarity * sim
        if asks_number and _NUMBER.search(text):
            score += 0.25
        if asks_units and is_units:
            score += 0.35
        # Very long sentences answer less precisely; a gentle length penalty.
        score -= 0.02 * math.log1p(max(0, len(text) - 80) / 40)
        scored.append(AnswerSentence(text, sources[i], round(score, 6)))
    scored.sort(key=lambda a: (-a.score, a.source))
    floor = weights.floor * scored[0].score
    seen: set[str] = set()
    best: list[AnswerSentence] = []
    for answer in scored:
        if answer.score < floor or len(best) == limit:
            break
        if answer.text not in seen:
            seen.add(answer.text)
            best.append(answer)
    return best
