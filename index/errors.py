"""Errors meant to be shown to users: each says what was wrong and what to do."""

from __future__ import annotations


def shown(value: str, limit: int = 40) -> str:
    """A value quoted in a message, cut short: an error never echoes kilobytes back."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value)} characters)"


class PolicySearchError(Exception):
    """Base class: the message is written for the person running the command or calling the API."""


class UnreadableFile(PolicySearchError):
    """A corpus file that cannot be ingested; the ingest skips it and goes on."""


class UnknownDocument(PolicySearchError):
    def __init__(self, doc_id: str) -> None:
        super().__init__(f"no plan with doc_id {shown(doc_id)}; GET /api/documents lists the ids")
        self.doc_id = doc_id


class UnknownPassage(PolicySearchError):
    def __init__(self, passage_id: str) -> None:
        super().__init__(
            f"no passage with passage_id {shown(passage_id)}; ids come from search results"
        )
        self.passage_id = passage_id


class IndexMissing(PolicySearchError):
    """No index has been built yet in the configured folder."""


class IndexCorrupt(PolicySearchError):
    """An index file is missing, truncated or altered since it was written."""


class IndexStale(PolicySearchError):
    """A build made by other building code or data than this program's."""


class EmbedderMismatch(PolicySearchError):
    """The query embedder is not the one that built the index."""


class ModelUnavailable(PolicySearchError):
    """A configured sentence-transformers model is not on this machine."""


class InvalidQuery(PolicySearchError):
    """A search request that cannot be answered as given."""


class StorageUnavailable(PolicySearchError):
    """The search engine holding the index (Milvus) cannot be reached or did not answer in time."""


class CollectionLoading(StorageUnavailable):
    """Milvus is still loading a collection into memory: served once it is loaded."""
