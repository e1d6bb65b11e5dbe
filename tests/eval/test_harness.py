"""The eval harness on the session index: every system and kind, answers, compare and targets."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.gold import KINDS, SPLITS, load_queries, load_targets
from eval.harness import ABLATIONS, ALL, BASELINE, format_report, run_eval
from eval.metrics import score_ranking
from eval.targets import match_targets, score_targets
from index.search import MODES
from index.types import Target


@pytest.fixture(scope="module")
def report(searcher, corpus_dir):
    return run_eval(searcher, corpus_dir)


def test_every_system_is_run(report):
    assert report.systems == [*MODES, *ABLATIONS, BASELINE]


def test_every_system_is_scored_on_every_split_and_kind(report):
    for system in report.systems:
        for split in (*SPLITS, ALL):
            for kind in (*KINDS, ALL):
                scores = report.retrieval[(system, split, kind)]
                for value in vars(scores).values():
                    assert 0.0 <= value <= 1.0


def test_the_counts_are_the_gold_queries(report):
    queries = load_queries()
    assert report.counts[(ALL, ALL)] == len(queries)
    for kind in KINDS:
        assert (
            report.counts[("dev", kind)] + report.counts[("heldout", kind)]
            == report.counts[(ALL, kind)]
        )


def test_answers_and_compare_are_reported(report):
    for split in (*SPLITS, ALL):
        top1, top3 = report.answers[(split, ALL)]
        assert 0.0 <= top1 <= top3 <= 1.0
        accuracy, empty, pairs, empty_pairs = report.compare[split]
        assert 0.0 <= accuracy <= 1.0 and 0.0 <= empty <= 1.0
        assert pairs > 0 and empty_pairs > 0


def test_the_full_system_beats_the_raw_line_baseline(report):
    hybrid = report.retrieval[("hybrid", ALL, ALL)]
    baseline = report.retrieval[(BASELINE, ALL, ALL)]
    assert hybrid.ndcg_at_10 > baseline.ndcg_at_10
    assert hybrid.mrr_at_10 > baseline.mrr_at_10


def test_the_report_is_a_readable_table(report):
    text = format_report(report)
    for system in report.systems:
        assert f"| {system} | all |" in text
    assert "### Target extraction" in text
    assert "precision" in text and "recall" in text


def test_failures_are_the_queries_hybrid_finds_nothing_relevant_for(report, searcher):
    missed = set()
    for query in load_queries():
        hits = searcher.search(query.query, k=10, mode="hybrid").hits
        ranked = [(hit.passage.doc_id, hit.passage.text) for hit in hits]
        if score_ranking(query, ranked).mrr_at_10 == 0:
            missed.add((query.id, query.split, query.query))
    assert {(qid, split, query) for qid, split, query, _ in report.failures} == missed


def test_targets_report_precision_and_recall(report):
    targets = report.targets
    assert targets is not None
    assert targets["gold"] == len(load_targets())
    assert targets["precision"] == targets["matched"] / targets["extracted"]
    assert targets["recall"] == targets["matched"] / targets["gold"]
    # the gold targets were read from the plans: extraction should find nearly all of them
    assert targets["precision"] >= 0.9 and targets["recall"] >= 0.9


def test_a_run_without_extras_scores_retrieval_only(searcher):
    report = run_eval(
        searcher, None, modes=("lexical",), ablations=False, with_answers=False, with_targets=False
    )
    assert report.systems == ["lexical"]
    assert report.answers == {} and report.compare == {} and report.targets is None


def test_score_targets_counts_missing_and_spurious_targets(searcher):
    found = list(searcher.targets)
    half = found[: len(found) // 2]
    bogus = Target("不存在的指标", 12345, "%", "达到", False, 2025, found[0].doc_id, "x", "x")
    full = score_targets(SimpleNamespace(targets=found))
    partial = score_targets(SimpleNamespace(targets=[*half, bogus]))
    assert partial["extracted"] == len(half) + 1
    assert partial["matched"] < full["matched"]
    assert partial["recall"] < full["recall"]
    assert partial["precision"] == partial["matched"] / (len(half) + 1)
    assert score_targets(SimpleNamespace(targets=[])) == {
        "gold": len(load_targets()),
        "extracted": 0,
        "matched": 0,
        "precision": 0.0,
        "recall": 0.0,
    }


def test_a_target_matches_gold_only_with_the_same_plan_value_unit_and_year():
    gold = [g for g in load_targets() if g.metric == "食品抽检合格率" and g.value == 98.2]
    assert gold
    g = gold[0]

    def found(**change):
        fields = {
            "metric": g.metric,
            "value": g.value,
            "unit": g.unit,
            "comparator": g.comparator,
            "at_least": True,
            "year": g.year,
            "doc_id": g.doc_id,
            "passage_id": "p",
            "text": g.evidence,
        }
        return Target(**{**fields, **change})

    assert len(match_targets(gold, [found()])) == 1
    assert len(match_targets(gold, [found(metric="全市食品抽检合格率")])) == 1
    for change in ({"value": 98}, {"unit": "分"}, {"year": 2025}, {"doc_id": "other"}):
        assert match_targets(gold, [found(**change)]) == [], change
    assert len(match_targets(gold * 2, [found()])) == 1  # each extracted target used once
