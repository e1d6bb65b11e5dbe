"""Milvus as the index storage: Milvus Lite, publishing builds, the alias servers read."""
