"""The gold sets hold up against the plans and the index built from them."""

from __future__ import annotations

from collections import Counter

import pytest

from eval.gold import KINDS, SPLITS, load_queries, load_targets, normalise

QUERIES = load_queries()
TARGETS = load_targets()


def test_the_gold_queries_are_well_formed():
    ids = [q.id for q in QUERIES]
    assert len(ids) == len(set(ids)) >= 100
    for query in QUERIES:
        assert query.kind in KINDS
        assert query.split in SPLITS
        assert query.query.strip()
        assert query.evidence


def test_every_evidence_names_one_of_the_plans(documents):
    for query in QUERIES:
        for evidence in query.evidence:
            assert evidence.doc_id in documents, (query.id, evidence.doc_id)


def test_every_evidence_phrase_occurs_in_its_plans_cleaned_text(documents):
    missing = [
        (query.id, evidence.doc_id, evidence.phrase)
        for query in QUERIES
        for evidence in query.evidence
        if normalise(evidence.phrase) not in normalise(documents[evidence.doc_id].text)
    ]
    assert missing == []


def test_every_evidence_phrase_lies_inside_one_passage_of_the_index(searcher):
    passages_by_doc: dict[str, list[str]] = {}
    for row in range(searcher.passage_count):
        passage = searcher.storage.store.get(row)
        passages_by_doc.setdefault(passage.doc_id, []).append(normalise(passage.text))
    split_by_chunking = [
        (query.id, evidence.doc_id, evidence.phrase)
        for query in QUERIES
        for evidence in query.evidence
        if not any(normalise(evidence.phrase) in text for text in passages_by_doc[evidence.doc_id])
    ]
    assert split_by_chunking == []


@pytest.mark.parametrize("kind", KINDS)
def test_at_least_30_percent_of_each_kind_is_held_out(kind):
    splits = Counter(q.split for q in QUERIES if q.kind == kind)
    assert splits["dev"] > 0
    assert splits["heldout"] / (splits["dev"] + splits["heldout"]) >= 0.3


def test_the_gold_targets_are_stated_in_their_plans(documents):
    for target in TARGETS:
        text = normalise(documents[target.doc_id].text)
        assert normalise(target.evidence) in text, (target.doc_id, target.evidence)
        value = f"{target.value:g}"
        assert value in normalise(target.evidence), (target.metric, value)


def test_the_gold_targets_cover_every_plan(documents):
    assert {t.doc_id for t in TARGETS} == set(documents)
