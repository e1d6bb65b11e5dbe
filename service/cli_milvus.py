"""`policy-search index --backend milvus`: a build folder shipped into Milvus, then the alias
switched (index/milvus/publish.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from service.settings import Settings


def _client(settings: Settings) -> object:
    from index.milvus.connect import MilvusAddress, connect

    token = settings.milvus_token.get_secret_value() if settings.milvus_token else None
    return connect(
        MilvusAddress(settings.milvus_uri, token, max(settings.milvus_timeout, 60.0)), retries=10
    )


def publish_folder(settings: Settings, build: Path | None, dense_index: str) -> int:
    """Publish `build` (default: the current build folder) and print what was switched."""
    from index.milvus.publish import publish
    from index.store import open_build, open_index

    folder = open_index(settings.index_dir) if build is None else open_build(build)

    def progress(stage: str, done: int, total: int) -> None:
        if total and (done == total or done % 10_000 == 0):
            print(f"  {stage}: {done}/{total}", file=sys.stderr, flush=True)

    report = publish(
        _client(settings),
        folder,
        settings.milvus_prefix,
        dense_index,
        progress,
        settings.milvus_replicas,
    )
    print(
        f"published build {folder.build_id} to Milvus collection {report.collection} "
        f"({report.passages} passages, {report.seconds:.1f} s); alias "
        f"{settings.milvus_prefix}_current now points at it"
        + (f" instead of {report.previous}" if report.previous else "")
        + (f"; dropped {', '.join(report.dropped)}" if report.dropped else ""),
        flush=True,
    )
    return 0


def published_build(settings: Settings) -> str | None:
    """The collection the alias points at, or None (no collection yet)."""
    from index.milvus.alias import current_collection

    return current_collection(_client(settings), settings.milvus_prefix)


def _loads(settings: Settings) -> str | None:
    """Why this program cannot serve the collection the alias points at (made by other
    building code, or another embedder), None when it can."""
    from index.errors import CollectionLoading, EmbedderMismatch, IndexStale
    from service.backend import MilvusSource

    source = MilvusSource(settings)
    target = source.current()
    if target is None:
        return "no collection yet"
    try:
        source.open(target)
    except (IndexStale, EmbedderMismatch) as error:
        return str(error)
    except CollectionLoading:  # served once loaded (or refused then: /healthz says why)
        print(
            f"Milvus is still loading collection {target.name} into memory; the server "
            "answers 503 (/healthz says why) until it is loaded",
            flush=True,
        )
    return None


def prepare_milvus(settings: Settings, corpus: Path, rebuild: bool) -> None:
    """Before serving from Milvus: a replica serves whatever the alias points at; the corpus
    is built here and published only when there is no collection yet, when this program
    cannot read the one there (an upgrade changed the building code or the model), or
    with --rebuild."""
    from index.build import build_index, rebuild_reason

    served = published_build(settings)
    reason = "asked" if rebuild else _loads(settings)
    if reason is None:
        print(f"serving Milvus collection {served} (alias {settings.milvus_prefix}_current)")
        return
    if served is not None:
        print(f"publishing a new build instead of {served}: {reason}", flush=True)
    if rebuild or rebuild_reason(settings.index_dir, corpus, settings.embedder()):
        print(f"building the index from {corpus} ...", flush=True)
        build_index(corpus, settings.index_dir, settings.embedder(), settings.threads)
    publish_folder(settings, None, "FLAT")


def index_milvus(
    settings: Settings, corpus: Path | None, build: Path | None, dense_index: str
) -> None:
    """`policy-search index --backend milvus`: build from the corpus (unless `build` names a
    folder built elsewhere), then publish it."""
    from index.build import build_index

    if build is None:
        report = build_index(
            Path(corpus or settings.corpus),
            settings.index_dir,
            settings.embedder(),
            settings.threads,
        )
        print(f"built {report.folder.path} in {report.seconds:.1f} s", flush=True)
    publish_folder(settings, build, dense_index)
