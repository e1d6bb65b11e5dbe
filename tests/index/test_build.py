"""Building an index: kill -9 mid-build leaves the old index serving; stale corpora are noticed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from index.build import build_index, index_is_current, rebuild_reason
from index.embedders import EmbedderConfig
from index.search import Searcher
from index.store import current_build
from tests.support.server import running_server

REPO = Path(__file__).resolve().parents[2]


def _environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_SEARCH_")}
    env.update({f"POLICY_SEARCH_{k.upper()}": v for k, v in values.items()})
    return env


def _wait_until(condition, seconds: float = 60.0, step: float = 0.05):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"gave up waiting after {seconds} s")


@pytest.fixture
def served_index(private_index: Path) -> Iterator[tuple[Path, str]]:
    """A real server on loopback serving a private index: (index root, base URL)."""
    with running_server(private_index, settings={"reload_check_seconds": "0.2"}) as server:
        yield private_index, server.url


def _large_corpus(source: Path, target: Path, copies: int) -> Path:
    """The five plans many times over, each copy's lines made distinct, for a slow build."""
    target.mkdir()
    for plan in sorted(source.glob("*.txt")):
        text = plan.read_text("utf-8")
        for copy in range(copies):
            lines = [f"{line}第{copy}稿。" if line.strip() else line for line in text.splitlines()]
            (target / f"{plan.stem}-copy{copy}.txt").write_text("\n".join(lines), "utf-8")
    return target


def test_kill_9_during_a_build_leaves_the_old_index_serving(
    served_index: tuple[Path, str], corpus_dir: Path, tmp_path: Path
) -> None:
    root, url = served_index
    before = httpx.get(f"{url}/healthz").json()
    serving = current_build(root)
    big = _large_corpus(corpus_dir, tmp_path / "big", copies=15)

    build = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "index"],
        cwd=REPO,
        env=_environment(index_dir=str(root), corpus=str(big)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Wait until the build is writing its files, then kill it without warning.
    _wait_until(lambda: list((root / "builds").glob(".tmp-*/bm25/*")), seconds=120)
    build.send_signal(signal.SIGKILL)
    assert build.wait(timeout=10) == -signal.SIGKILL

    assert list((root / "builds").glob(".tmp-*")), "the kill did not land mid-build"
    assert current_build(root) == serving
    time.sleep(0.5)  # past the server's reload check
    after = httpx.get(f"{url}/healthz").json()
    assert after["index_version"] == before["index_version"]
    assert after["passages"] == before["passages"]
    results = httpx.get(f"{url}/api/search", params={"q": "首席质量官"}).json()["results"]
    assert results and "首席质量官" in results[0]["text"]

    # The next build finishes, clears the killed one's folder, and the server switches to it.
    finished = subprocess.run(
        [sys.executable, "-m", "service.cli", "index"],
        cwd=REPO,
        env=_environment(index_dir=str(root), corpus=str(corpus_dir)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    assert not list((root / "builds").glob(".tmp-*"))
    switched = _wait_until(
        lambda: (
            (h := httpx.get(f"{url}/healthz").json())["index_version"] != before["index_version"]
            and h
        )
    )
    assert switched["index_version"] == current_build(root).name  # type: ignore[union-attr]


def test_a_corrupted_new_build_never_replaces_the_served_one(
    served_index: tuple[Path, str], corpus_dir: Path, land_damaged_build
) -> None:
    root, url = served_index
    before = httpx.get(f"{url}/healthz").json()["index_version"]

    def flip_a_byte(build: Path) -> None:
        data = bytearray((build / "vectors.npy").read_bytes())
        data[-10] ^= 0xFF
        (build / "vectors.npy").write_bytes(bytes(data))

    damaged = land_damaged_build(root, flip_a_byte)

    # The watcher looked at it and refused it, and says so; the old build still answers.
    refused = _wait_until(
        lambda: (h := httpx.get(f"{url}/healthz").json())["status"] == "degraded" and h
    )
    assert refused["index_version"] == before
    assert refused["reason"].startswith(
        f"build {damaged.name} was not loaded: index file {damaged / 'vectors.npy'} failed its "
        "checksum"
    )
    assert httpx.get(f"{url}/api/search", params={"q": "质量"}).status_code == 200

    # The next good build is served, and /healthz is ok again.
    good = build_index(corpus_dir, root, EmbedderConfig()).folder.path
    served = _wait_until(
        lambda: (h := httpx.get(f"{url}/healthz").json())["index_version"] == good.name and h
    )
    assert (served["status"], served["reason"]) == ("ok", None)


def test_a_changed_corpus_makes_the_index_stale(tmp_path: Path, corpus_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    root = tmp_path / "index"
    build_index(corpus, root, EmbedderConfig())
    assert index_is_current(root, corpus, EmbedderConfig())

    plan = corpus / "tianjin-dongli-2024.txt"
    plan.write_text(plan.read_text("utf-8") + "\n(三十二)新增一项措施。加强质量宣传。\n", "utf-8")
    assert not index_is_current(root, corpus, EmbedderConfig())

    build_index(corpus, root, EmbedderConfig())
    assert index_is_current(root, corpus, EmbedderConfig())
    (corpus / "ningxia-shapotou-2022.meta.json").write_text('{"region": "中卫市沙坡头区"}', "utf-8")
    assert not index_is_current(root, corpus, EmbedderConfig())

    build_index(corpus, root, EmbedderConfig())
    (corpus / ".~lock.tianjin-dongli-2024.txt#").write_text("editor lock", "utf-8")
    (corpus / ".git").mkdir()
    (corpus / ".git" / "HEAD").write_text("ref: refs/heads/main", "utf-8")
    assert index_is_current(root, corpus, EmbedderConfig())  # hidden files are no plans


def test_adding_a_plan_embeds_only_its_passages(tmp_path: Path, corpus_dir: Path) -> None:
    # A corpus of a dozen plans; adding one more must not re-embed the others.
    corpus = _large_corpus(corpus_dir, tmp_path / "corpus", copies=2)
    for copy in corpus.glob("tianjin-dongli-2024-*"):
        copy.unlink()
    root = tmp_path / "index"
    first = build_index(corpus, root, EmbedderConfig())
    assert first.reused == 0

    shutil.copy(corpus_dir / "tianjin-dongli-2024.txt", corpus)
    second = build_index(corpus, root, EmbedderConfig())

    added = sum(
        1 for d in second.corpus.documents if d.doc_id == "tianjin-dongli-2024" for _ in d.passages
    )
    assert second.embedded == added
    assert second.reused == first.folder.manifest["counts"]["passages"]


def _flip_the_top_byte_of_a_middle_vector(vectors_file: Path) -> None:
    """A float's sign and exponent byte: 0.05 becomes about -1e+37, as a flipped bit can."""
    data = bytearray(vectors_file.read_bytes())
    data[len(data) // 2 // 4 * 4 + 3] ^= 0xFF
    vectors_file.write_bytes(bytes(data))


def test_a_rebuild_never_reuses_vectors_that_fail_their_checksum(
    private_index: Path, corpus_dir: Path, searcher
) -> None:
    damaged = current_build(private_index) / "vectors.npy"  # type: ignore[operator]
    _flip_the_top_byte_of_a_middle_vector(damaged)

    report = build_index(corpus_dir, private_index, EmbedderConfig())

    assert report.reused == 0
    assert report.embedded == searcher.passage_count
    assert report.not_reused is not None and str(damaged) in report.not_reused
    rebuilt = Searcher(private_index)
    for query in ("首席质量官", "合川区食品抽检合格率", "计量"):
        fresh = searcher.search(query, k=10, mode="dense").hits
        hits = rebuilt.search(query, k=10, mode="dense").hits
        assert [h.passage.passage_id for h in hits] == [h.passage.passage_id for h in fresh]
        assert [round(h.score, 5) for h in hits] == [round(h.score, 5) for h in fresh]


def test_an_intact_index_of_the_corpus_needs_no_rebuild(
    private_index: Path, corpus_dir: Path
) -> None:
    assert rebuild_reason(private_index, corpus_dir, EmbedderConfig()) is None


def test_a_damaged_current_build_is_rebuilt_by_serve(private_index: Path, corpus_dir: Path) -> None:
    # Before, only the corpus fingerprint was compared: `make serve` then answered 503.
    texts = current_build(private_index) / "passages" / "texts.bin"  # type: ignore[operator]
    data = bytearray(texts.read_bytes())
    data[100] ^= 0xFF
    texts.write_bytes(bytes(data))

    reason = rebuild_reason(private_index, corpus_dir, EmbedderConfig())

    assert reason is not None
    assert reason.startswith(f"the current build cannot be served: index file {texts} failed")
    assert not index_is_current(private_index, corpus_dir, EmbedderConfig())


def test_an_index_of_other_building_code_is_rebuilt_by_serve(
    private_index: Path, corpus_dir: Path
) -> None:
    folder = current_build(private_index)
    assert folder is not None
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["data_fingerprint"] = "0123456789abcdef"
    data = json.dumps(manifest).encode()
    (folder / "manifest.json").write_bytes(data)
    (folder / "manifest.sha256").write_text(f"{hashlib.sha256(data).hexdigest()}  manifest.json")

    reason = rebuild_reason(private_index, corpus_dir, EmbedderConfig())

    assert reason is not None and "made by other building code or data" in reason
