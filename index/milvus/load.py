"""A build's collections loaded into Milvus's memory before a replica searches them.

Milvus answers searches only from a loaded collection: a cluster refuses the others, Milvus
Lite loads one on its first query, and loading a million passages takes minutes (190 s on
Milvus Lite here), far longer than a request may wait. So a replica loads the collections of
a new build itself, in its index watcher, waiting at most `wait` seconds per try; until they
are loaded it keeps serving the collection it had (or, at start, says "loading" on
/healthz) and tries again at its next check. Milvus goes on loading between tries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from index.errors import CollectionLoading, IndexCorrupt, StorageUnavailable
from index.milvus.connect import describe

# What pymilvus raises when a load outlives its timeout: the gRPC deadline (Milvus Lite
# answers a load only when it is done) or its own wait on a cluster's loading progress.
_TIMED_OUT = ("DEADLINE_EXCEEDED", "wait for loading collection timeout")


def _timed_out(error: BaseException) -> bool:
    text = f"{error!r} {error}"
    return any(sign in text for sign in _TIMED_OUT)


def is_loaded(client: Any, collection: str) -> bool:
    state = client.get_load_state(collection)["state"]
    return getattr(state, "name", str(state)) == "Loaded"


def load_collections(
    client: Any, collections: Sequence[str], wait: float, replicas: int = 1
) -> None:
    """Load each collection not loaded yet (`replicas` in-memory copies, as the build was
    published with), waiting at most `wait` seconds for each. Raises CollectionLoading when
    one is not loaded in time (Milvus goes on loading it), IndexCorrupt when one is missing,
    StorageUnavailable when Milvus refuses or cannot be reached."""
    for collection in collections:
        try:
            present = client.has_collection(collection)
            if present and not is_loaded(client, collection):
                client.load_collection(
                    collection, replica_number=replicas, timeout=wait, retry_times=0
                )
        except Exception as error:
            if _timed_out(error):
                raise CollectionLoading(
                    f"Milvus has not finished loading collection {collection} into memory "
                    f"(waited {wait:g} s this try; it goes on loading, and this server serves "
                    "it as soon as it is loaded). Milvus Lite answers nothing else meanwhile."
                ) from error
            raise StorageUnavailable(
                f"Milvus did not load collection {collection}: {describe(error)}"
            ) from error
        if not present:
            raise IndexCorrupt(
                f"Milvus has no collection {collection}: the build was not published whole; "
                "publish it again with `policy-search index --backend milvus`"
            )
