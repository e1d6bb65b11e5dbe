"""The collections of one build in Milvus: passages, their sentences, and the build's files.

`<prefix>_b<build id>` holds one entity per passage (row = its number in the build), with
its fields, its dense vector and two sparse vectors of BM25 term weights ("words": our jieba
tokens, "bigrams": character bigrams), keyed by the token's column in the build's bm25s
vocabulary: the inner product with a query's sparse vector of token weights is exactly our
BM25 score. `<name>_sentences` holds a model's sentence vectors, `<name>_files` the small
files a server needs besides (manifest, documents, places, spelling, embedder, targets,
the lexicon).
"""

from __future__ import annotations

from typing import Any

TEXT_CHARS = 65_535  # the longest VARCHAR Milvus stores
FILE_CHUNK_BYTES = 48_000  # base64 of this fits a VARCHAR
# A passage's vector index: FLAT on Milvus Lite (exact, like the folder format's flat
# index); HNSW or DISKANN on a cluster (docs/milvus.md).
DENSE_INDEXES = ("FLAT", "IVF_FLAT", "AUTOINDEX", "HNSW", "DISKANN")
SPARSE_FIELDS = ("words", "bigrams")


def files_collection(name: str) -> str:
    return f"{name}_files"


def sentences_collection(name: str) -> str:
    return f"{name}_sentences"


def collections_of(client: Any, name: str) -> list[str]:
    """The collections one published build is made of (passages, files, sentences if any)."""
    found = (name, files_collection(name), sentences_collection(name))
    return [each for each in found if client.has_collection(each)]


def _index_params(client: Any, field: str, kind: str) -> Any:
    params = client.prepare_index_params()
    extra: dict[str, Any] = {}
    if kind == "HNSW":
        extra = {"params": {"M": 16, "efConstruction": 200}}
    elif kind == "IVF_FLAT":
        extra = {"params": {"nlist": 1024}}
    params.add_index(field, index_type=kind, metric_type="IP", **extra)
    return params


def create_passages(client: Any, name: str, dimension: int, dense_index: str) -> None:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("passage_id", DataType.VARCHAR, max_length=1024)
    schema.add_field("doc_pos", DataType.INT64)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=1024)
    schema.add_field("region", DataType.VARCHAR, max_length=256)
    schema.add_field("level", DataType.VARCHAR, max_length=64)
    schema.add_field("issuer", DataType.VARCHAR, max_length=1024)
    schema.add_field("year", DataType.INT64)  # 0 when unknown
    schema.add_field("ordinal", DataType.INT64)
    schema.add_field("char_start", DataType.INT64)
    schema.add_field("char_end", DataType.INT64)
    schema.add_field("section", DataType.VARCHAR, max_length=8192)  # JSON list
    schema.add_field("units", DataType.VARCHAR, max_length=8192)  # JSON list
    schema.add_field("text", DataType.VARCHAR, max_length=TEXT_CHARS)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
    for field in SPARSE_FIELDS:
        schema.add_field(field, DataType.SPARSE_FLOAT_VECTOR)
    params = _index_params(client, "dense", dense_index)
    for field in SPARSE_FIELDS:
        params.add_index(field, index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    client.create_collection(name, schema=schema, index_params=params, consistency_level="Strong")


def create_sentences(client: Any, name: str, dimension: int, dense_index: str) -> None:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False)
    schema.add_field("sid", DataType.INT64, is_primary=True)
    schema.add_field("row", DataType.INT64)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dimension)
    client.create_collection(
        sentences_collection(name),
        schema=schema,
        index_params=_index_params(client, "vector", dense_index),
        consistency_level="Strong",
    )


def create_files(client: Any, name: str) -> None:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=600)
    schema.add_field("file", DataType.VARCHAR, max_length=512)
    schema.add_field("part", DataType.INT64)
    schema.add_field("data", DataType.VARCHAR, max_length=TEXT_CHARS)
    schema.add_field("unused", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field
    params = client.prepare_index_params()
    params.add_index("unused", index_type="FLAT", metric_type="L2")
    client.create_collection(
        files_collection(name), schema=schema, index_params=params, consistency_level="Strong"
    )
