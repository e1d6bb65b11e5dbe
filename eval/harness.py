"""Run the gold queries through every mode, the answers and the compare view, and the baseline."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eval.baseline import RawLinesBaseline
from eval.gold import KINDS, SPLITS, GoldQuery, load_queries, normalise
from eval.metrics import QueryScores, mean_scores, score_ranking
from index.ask import ask
from index.compare import compare
from index.search import MODES, Searcher

ALL = "all"
BASELINE = "baseline (raw-line BM25)"
ABLATIONS = ("hybrid −synonyms", "hybrid −places")


@dataclass
class EvalReport:
    embedder: dict[str, object]
    retrieval: dict[tuple[str, str, str], QueryScores] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    answers: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    compare: dict[str, tuple[float, float, int, int]] = field(default_factory=dict)
    targets: dict[str, float] | None = None
    targets_composed: dict[str, float] | None = None
    targets_heldout: dict[str, float] | None = None
    targets_lookup: dict[str, float] | None = None
    failures: list[tuple[str, str, str, str]] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _groups(queries: Sequence[GoldQuery]) -> dict[tuple[str, str], list[GoldQuery]]:
    groups: dict[tuple[str, str], list[GoldQuery]] = {}
    for query in queries:
        for split in (query.split, ALL):
            for kind in (query.kind, ALL):
                groups.setdefault((split, kind), []).append(query)
    return groups


def _rankers(
    searcher: Searcher, modes: Sequence[str], corpus: Path | None, ablations: bool
) -> dict[str, Callable[[str], list[tuple[str, str]]]]:
    def run(
        mode: str, use_synonyms: bool = True, use_places: bool = True
    ) -> Callable[[str], list[tuple[str, str]]]:
        def ranked(query: str) -> list[tuple[str, str]]:
            result = searcher.search(
                query, k=10, mode=mode, use_synonyms=use_synonyms, use_places=use_places
            )
            return [(hit.passage.doc_id, hit.passage.text) for hit in result.hits]

        return ranked

    rankers = {mode: run(mode) for mode in modes}
    if ablations and "hybrid" in modes:
        rankers[ABLATIONS[0]] = run("hybrid", use_synonyms=False)
        rankers[ABLATIONS[1]] = run("hybrid", use_places=False)
    if corpus is not None:
        rankers[BASELINE] = RawLinesBaseline(corpus).search
    return rankers


def run_eval(
    searcher: Searcher,
    corpus: Path | None,
    modes: Sequence[str] = MODES,
    ablations: bool = True,
    with_answers: bool = True,
    with_targets: bool = True,
) -> EvalReport:
    started = time.perf_counter()
    queries = load_queries()
    report = EvalReport(embedder=dict(searcher.manifest.get("embedder", {})))
    groups = _groups(queries)
    for key, members in groups.items():
        report.counts[key] = len(members)
    for system, ranker in _rankers(searcher, modes, corpus, ablations).items():
        report.systems.append(system)
        per_query = {}
        for query in queries:
            ranked = ranker(query.query)
            per_query[query.id] = score_ranking(query, ranked)
            if system == "hybrid" and per_query[query.id].mrr_at_10 == 0:
                top = f"{ranked[0][0]}: {ranked[0][1][:40]}" if ranked else "(nothing)"
                report.failures.append((query.id, query.split, query.query, top))
        for (split, kind), members in groups.items():
            report.retrieval[(system, split, kind)] = mean_scores(
                [per_query[q.id] for q in members]
            )
    if with_answers:
        _answers(searcher, queries, groups, report)
        _compare(searcher, queries, report)
    if with_targets:
        from eval.targets import COMPOSED, HELDOUT, score_lookup, score_sentences, score_targets

        report.targets = score_targets(searcher)
        report.targets_lookup = score_lookup(searcher)
        report.targets_composed = score_sentences(COMPOSED)
        report.targets_heldout = score_sentences(HELDOUT)
    report.seconds = time.perf_counter() - started
    return report


def _answers(
    searcher: Searcher,
    queries: Sequence[GoldQuery],
    groups: dict[tuple[str, str], list[GoldQuery]],
    report: EvalReport,
) -> None:
    """Answer accuracy: an evidence phrase inside the top-1 / top-3 answer sentences."""
    hits: dict[str, tuple[float, float]] = {}
    for query in queries:
        answers = ask(searcher, query.query, k=3).answers
        holds = [
            any(
                e.doc_id == a.hit.passage.doc_id
                and normalise(e.phrase) in normalise(a.sentence.text)
                for e in query.evidence
            )
            for a in answers
        ]
        hits[query.id] = (float(any(holds[:1])), float(any(holds[:3])))
    for key, members in groups.items():
        n = len(members)
        report.answers[key] = (
            sum(hits[q.id][0] for q in members) / n,
            sum(hits[q.id][1] for q in members) / n,
        )


def _compare(searcher: Searcher, queries: Sequence[GoldQuery], report: EvalReport) -> None:
    """Compare accuracy on queries several plans answer: each relevant plan's first passage
    holds its evidence; and the share of unrelated plans correctly left empty."""
    for split in (*SPLITS, ALL):
        members = [q for q in queries if len(q.relevant_docs) >= 2 and split in (q.split, ALL)]
        correct = pairs = empty_right = empty_pairs = 0
        for query in members:
            columns = {c.document.doc_id: c for c in compare(searcher, query.query).columns}
            for doc_id, column in columns.items():
                if doc_id in query.relevant_docs:
                    pairs += 1
                    if column.hits and query.matches(doc_id, column.hits[0].passage.text):
                        correct += 1
                else:
                    empty_pairs += 1
                    empty_right += int(not column.hits)
        report.compare[split] = (
            correct / pairs if pairs else 0.0,
            empty_right / empty_pairs if empty_pairs else 0.0,
            pairs,
            empty_pairs,
        )


def format_report(report: EvalReport, splits: Sequence[str] = (*SPLITS, ALL)) -> str:
    lines = [f"Embedder: {report.embedder.get('id')} ({report.embedder.get('kind')})", ""]
    for split in splits:
        lines += [
            f"### Retrieval, {split} split",
            "",
            "| system | kind | n | Hit@1 | MRR@10 | Recall@5 | Recall@10 | nDCG@10 |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for system in report.systems:
            for kind in (*KINDS, ALL):
                scores = report.retrieval.get((system, split, kind))
                if scores is None:
                    continue
                n = report.counts[(split, kind)]
                lines.append(
                    f"| {system} | {kind} | {n} | {scores.hit_at_1:.3f} | {scores.mrr_at_10:.3f} | "
                    f"{scores.recall_at_5:.3f} | {scores.recall_at_10:.3f} | {scores.ndcg_at_10:.3f} |"
                )
        lines.append("")
    if report.answers:
        lines += [
            "### Answers (/api/ask): evidence in the top-1 / top-3 sentences",
            "",
            "| split | kind | n | top-1 | top-3 |",
            "|---|---|---:|---:|---:|",
        ]
        for split in splits:
            for kind in (*KINDS, ALL):
                if (split, kind) in report.answers:
                    top1, top3 = report.answers[(split, kind)]
                    lines.append(
                        f"| {split} | {kind} | {report.counts[(split, kind)]} | "
                        f"{top1:.3f} | {top3:.3f} |"
                    )
        lines.append("")
    if report.compare:
        lines += [
            "### Compare (/api/compare), queries with two or more relevant plans",
            "",
            "| split | relevant plans whose first passage holds the evidence | "
            "unrelated plans left empty |",
            "|---|---:|---:|",
        ]
        for split in splits:
            if split in report.compare:
                accuracy, empty, pairs, empty_pairs = report.compare[split]
                lines.append(
                    f"| {split} | {accuracy:.3f} ({pairs} pairs) | "
                    f"{empty:.3f} ({empty_pairs} pairs) |"
                )
        lines.append("")
    if report.targets is not None:
        lines += [
            "### Target extraction",
            "",
            "| gold set | gold targets | extracted | matched | precision | recall |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        sets: tuple[tuple[str, dict[str, float] | None], ...] = (
            ("the five plans (eval/targets.jsonl)", report.targets),
            (
                "composed sentences, used for fixes (targets_composed.jsonl)",
                report.targets_composed,
            ),
            ("held-out composed sentences (targets_heldout.jsonl)", report.targets_heldout),
        )
        for name, figures in sets:
            if figures is not None:
                lines.append(
                    f"| {name} | {int(figures['gold'])} | {int(figures['extracted'])} | "
                    f"{int(figures['matched'])} | {figures['precision']:.3f} | {figures['recall']:.3f} |"
                )
        lines.append("")
    if report.targets_lookup is not None:
        lookup = report.targets_lookup
        lines += [
            "### Target lookup (/api/targets asked for each gold metric as the plans word it)",
            "",
            "| metrics asked | recall of that metric's targets | precision of the targets shown |",
            "|---:|---:|---:|",
            f"| {int(lookup['metrics'])} | {lookup['recall']:.3f} | {lookup['precision']:.3f} |",
            "",
        ]
    lines.append(f"({report.seconds:.1f} s)")
    return "\n".join(lines)
