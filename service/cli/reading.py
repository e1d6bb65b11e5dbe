"""The commands that read the corpus or the index and show it to a person: ingest, outline,
index, search, ask, compare and targets, as rich tables (service/console.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import PolicySearchError
from service.cli.progress import StageBars
from service.console import around_match, clip, print_table
from service.settings import Settings

if TYPE_CHECKING:
    from index.build import BuildReport
    from index.search import Searcher
    from index.types import Corpus, OutlineNode


@dataclass
class Scope:
    """The plans a search looks in, as `service.params.FilterFields` names them (its fields
    are settable, as the protocol's are)."""

    region: list[str]
    doc_id: list[str]
    level: list[str]
    issuer: list[str]
    year_from: int | None
    year_to: int | None


def corpus_of(settings: Settings, corpus: Path | None) -> Path:
    return corpus or settings.corpus


def searcher_of(settings: Settings) -> Searcher:
    from index.search import Searcher

    return Searcher(settings.index_dir, settings.embedder(), settings.threads)


def print_corpus(corpus: Corpus) -> None:
    rows: list[tuple[object, ...]] = [
        (
            d.meta.source,
            clip(d.meta.title or "(no title)", 40),
            d.meta.region or "-",
            d.parts,
            len(d.passages),
        )
        for d in corpus.documents
    ]
    rows += [(s.source, f"skipped: {s.reason}", "", "", "") for s in corpus.skipped]
    print_table(("file", "title", "region", "parts", "passages"), rows)
    for warning in corpus.warnings:
        print(f"warning: {warning}")


def print_build(report: BuildReport) -> None:
    print_corpus(report.corpus)
    if report.not_reused:
        print(f"nothing reused from the previous build, it is damaged: {report.not_reused}")
    manifest = report.folder.manifest
    print(
        f"built {report.folder.path} in {report.seconds:.1f} s: "
        f"{manifest['counts']['documents']} plans, {manifest['counts']['passages']} passages, "
        f"embedder {manifest['embedder']['id']}, {report.embedded} embedded, "
        f"{report.reused} reused",
        flush=True,
    )


def ingest(settings: Settings, corpus: Path | None) -> None:
    from index.ingest.corpus import load_corpus

    print_corpus(load_corpus(corpus_of(settings, corpus)))


def outline(settings: Settings, corpus: Path | None, doc: str) -> None:
    from index.ingest.corpus import load_corpus

    read = load_corpus(corpus_of(settings, corpus))
    matches = [d for d in read.documents if doc in (d.doc_id, d.meta.source)]
    if not matches:
        known = ", ".join(d.doc_id for d in read.documents)
        raise PolicySearchError(f"no plan {doc!r} in the corpus; known: {known}")
    document = matches[0]

    def show(nodes: Sequence[OutlineNode], depth: int) -> None:
        for node in nodes:
            print("  " * depth + node.heading)
            show(node.children, depth + 1)

    print(document.meta.title or document.doc_id)
    show(document.outline, 1)


def index(settings: Settings, corpus: Path | None) -> None:
    from index.build import build_index

    with StageBars() as bars:
        report = build_index(
            corpus_of(settings, corpus),
            settings.index_dir,
            settings.embedder(),
            settings.threads,
            progress=bars,
        )
    print_build(report)


def search(
    settings: Settings, query: str, k: int, mode: str, scope: Scope, sort: str, page: int
) -> None:
    from service.params import filters_of

    result = searcher_of(settings).search(
        query, k=k, mode=mode, filters=filters_of(scope), offset=(page - 1) * k, sort=sort
    )
    rows = [
        (
            hit.rank,
            f"{hit.score:.3f}",
            hit.document.title or hit.passage.doc_id,  # whole: plans' titles differ at the end
            hit.document.region or "-",
            clip(" › ".join(hit.passage.section[1:] or hit.passage.section), 30),
            around_match(hit.passage.text, hit.terms, 40),
        )
        for hit in result.hits
    ]
    applied = result.filters
    if applied.notice:
        print(applied.notice)
    print_table(("#", "score", "plan", "region", "section", "text"), rows)
    if applied.detected_places:
        names = ", ".join(f"{p.alias} ({p.mode})" for p in applied.detected_places)
        print(f"places in the query: {names}")
    print(
        f"{len(result.hits)} results in {result.took_ms:.1f} ms ({result.mode}), "
        f"{result.total} passages matching"
    )


def ask(settings: Settings, question: str, k: int) -> None:
    from index.ask import ask as answer

    asked = answer(searcher_of(settings), question, k=k)
    for number, found in enumerate(asked.answers, start=1):
        hit = found.hit
        print(f"{number}. {found.sentence.text}")
        print(
            f"   —— {hit.document.title}（{hit.document.region}）{' › '.join(hit.passage.section)}"
        )


def compare(settings: Settings, query: str, per_doc: int) -> None:
    from index.compare import compare as line_up

    comparison = line_up(searcher_of(settings), query, per_doc=per_doc)
    for column in comparison.columns:
        print(f"== {column.document.region}: {column.document.title}")
        for hit in column.hits:
            print(f"   [{' › '.join(hit.passage.section)}]")
            print(f"   {around_match(hit.passage.text, hit.terms, 90)}")
        if not column.hits:
            print("   (nothing relevant)")


def targets(settings: Settings, query: str, regions: Sequence[str]) -> None:
    from service.targets_table import grid, targets_response

    headers, rows = grid(targets_response(searcher_of(settings), query, regions))
    print_table(headers, rows)
