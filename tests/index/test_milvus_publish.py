"""Publishing builds to Milvus: a new collection per build, the alias moved only once it is
verified, the one before kept until the next build, and a killed publish harmless."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.build import build_index
from index.embedders import EmbedderConfig
from index.milvus.alias import build_collections, collection_name, current_collection
from index.milvus.connect import MilvusAddress, connect
from index.store import current_build
from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parents[2]
GIVE_UP_SECONDS = 120  # a guard against hanging, not a timing


@pytest.fixture
def client(milvus_lite):
    return connect(MilvusAddress(milvus_lite.uri, None, 30.0))


def _new_build(root: Path) -> Path:
    return build_index(CORPUS, root, EmbedderConfig()).folder.path


def test_each_build_gets_a_collection_and_the_alias_moves_after_the_previous_is_kept(
    client, milvus_settings, publish_to, private_index: Path
) -> None:
    prefix = milvus_settings.milvus_prefix
    first = current_build(private_index)
    assert current_collection(client, prefix) is None
    one = publish_to(milvus_settings, first)
    assert (
        current_collection(client, prefix) == one.collection == collection_name(prefix, first.name)
    )
    two = publish_to(milvus_settings, _new_build(private_index))
    assert current_collection(client, prefix) == two.collection
    assert two.previous == one.collection
    assert build_collections(client, prefix) == [one.collection, two.collection]
    three = publish_to(milvus_settings, _new_build(private_index))
    assert current_collection(client, prefix) == three.collection
    assert three.dropped == (one.collection,)
    assert build_collections(client, prefix) == [two.collection, three.collection]
    assert not client.has_collection(f"{one.collection}_files")


def test_a_publish_killed_mid_way_leaves_the_alias_on_the_last_good_collection(
    client, milvus_settings, publish_to, private_index: Path
) -> None:
    from service.backend import MilvusSource

    prefix = milvus_settings.milvus_prefix
    good = publish_to(milvus_settings, current_build(private_index)).collection
    newer = _new_build(private_index)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_SEARCH_")}
    env |= {
        "POLICY_SEARCH_MODEL": "builtin",
        "POLICY_SEARCH_INDEX_DIR": str(private_index),
        "POLICY_SEARCH_MILVUS_URI": milvus_settings.milvus_uri,
        "POLICY_SEARCH_MILVUS_PREFIX": prefix,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service.cli",
            "index",
            "--backend",
            "milvus",
            "--build",
            str(newer),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    half = collection_name(prefix, newer.name)
    deadline = time.monotonic() + GIVE_UP_SECONDS
    try:
        while not client.has_collection(half):  # the publish has begun writing
            assert process.poll() is None, "the publish ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert current_collection(client, prefix) == good
    replica = MilvusSource(milvus_settings)
    target = replica.current()
    assert target is not None and target.name == good
    assert replica.open(target).search("食品安全", k=3).hits
    # The next publish of that build drops the half-written collection and completes.
    again = publish_to(milvus_settings, newer)
    assert again.collection == half and current_collection(client, prefix) == half
    assert replica.open(replica.current()).storage.size == replica.open(target).storage.size


def test_a_collection_published_with_two_replicas_is_loaded_and_serves(
    client, milvus_settings, private_index: Path
) -> None:
    """POLICY_SEARCH_MILVUS_REPLICAS reaches Milvus's load (on a cluster, copies on two
    query nodes; Milvus Lite accepts the number and keeps one copy)."""
    from index.milvus.publish import publish
    from index.store import open_build
    from service.backend import MilvusSource

    published = publish(
        client, open_build(current_build(private_index)), milvus_settings.milvus_prefix, replicas=2
    )
    state = client.get_load_state(published.collection)["state"]
    assert state.name == "Loaded"
    replica = MilvusSource(milvus_settings)
    assert replica.open(replica.current()).search("首席质量官", k=3).hits
