"""Which collection the servers read: a Milvus alias, switched in one call.

Milvus standalone and clusters have collection aliases (`alter_alias` moves one
atomically). Milvus Lite 2.5 answers UNIMPLEMENTED to every alias call, so there the alias is
one row of a small pointer collection, `<prefix>_alias`, replaced by one upsert: a reader
sees the old collection or the new one, never neither. Readers look for the pointer
collection first, then for the alias.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

ALIAS_SUFFIX = "_current"
POINTER_SUFFIX = "_alias"
_KEY = "current"


def alias_name(prefix: str) -> str:
    return f"{prefix}{ALIAS_SUFFIX}"


def collection_name(prefix: str, build_id: str) -> str:
    """The collection of one build: the prefix and the build id, in Milvus's characters."""
    return f"{prefix}_b{re.sub(r'[^A-Za-z0-9_]', '_', build_id)}"


def build_collections(client: Any, prefix: str) -> list[str]:
    """The passage collections of builds under this prefix, oldest first (ids sort by time)."""
    start = f"{prefix}_b"
    return sorted(
        name
        for name in client.list_collections()
        if name.startswith(start) and not name.endswith(("_files", "_sentences"))
    )


@contextmanager
def _quiet() -> Iterator[None]:
    """pymilvus logs an ERROR line for each call Milvus Lite does not implement: expected
    here, so not logged."""
    logger = logging.getLogger("pymilvus.decorators")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _unimplemented(error: Exception) -> bool:
    return "UNIMPLEMENTED" in repr(error) or "UNIMPLEMENTED" in str(error)


def _pointer_schema(client: Any) -> Any:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=32)
    schema.add_field("collection", DataType.VARCHAR, max_length=255)
    schema.add_field("unused", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field
    return schema


def switch_alias(client: Any, prefix: str, collection: str) -> None:
    """Point the servers at `collection`, in one call."""
    pointer = f"{prefix}{POINTER_SUFFIX}"
    if not client.has_collection(pointer):
        alias = alias_name(prefix)
        try:
            with _quiet():
                aliases = client.list_aliases().get("aliases", [])
            if alias in aliases:
                client.alter_alias(collection, alias)
            else:
                client.create_alias(collection, alias)
            return
        except Exception as error:
            if not _unimplemented(error):
                raise
        index = client.prepare_index_params()
        index.add_index("unused", index_type="FLAT", metric_type="L2")
        client.create_collection(
            pointer,
            schema=_pointer_schema(client),
            index_params=index,
            consistency_level="Strong",
        )
    client.upsert(pointer, [{"key": _KEY, "collection": collection, "unused": [0.0, 0.0]}])


def current_collection(client: Any, prefix: str) -> str | None:
    """The collection the alias points at, None before the first build."""
    pointer = f"{prefix}{POINTER_SUFFIX}"
    if client.has_collection(pointer):
        found = client.query(pointer, filter=f'key == "{_KEY}"', output_fields=["collection"])
        return str(found[0]["collection"]) if found else None
    try:
        with _quiet():
            return str(client.describe_alias(alias_name(prefix))["collection_name"])
    except Exception as error:
        if _unimplemented(error) or "alias" in str(error).lower():
            return None
        raise
