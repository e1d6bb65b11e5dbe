"""Request dependencies shared by the routes: the served index and a validated query.

They are `async` (they never wait) so FastAPI runs them on the event loop instead of
handing each to a worker thread: on two cores the hop costs more than the work.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from fastapi import Depends, Query, Request

from index.errors import InvalidQuery
from index.query import visible
from index.search import Searcher


def has_control_characters(text: str) -> bool:
    """C0, DEL and C1 controls (tabs and newlines excepted)."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)


async def get_searcher(request: Request) -> Searcher:
    return request.app.state.holder.get()


async def query_text(
    request: Request,
    q: Annotated[
        str,
        Query(
            description="what to search for, in Chinese; at most 200 characters",
            examples=["首席质量官制度要求"],
        ),
    ],
) -> str:
    limit = request.app.state.settings.max_query_chars
    text = q.strip()
    if not visible(text):
        raise InvalidQuery("q is blank; give the words to search for, e.g. q=首席质量官制度要求")
    if len(text) > limit:
        raise InvalidQuery(f"q has {len(text)} characters; shorten it to at most {limit}")
    if has_control_characters(text):
        raise InvalidQuery("q contains control characters; send plain text")
    return text


SearcherDep = Annotated[Searcher, Depends(get_searcher)]
QueryText = Annotated[str, Depends(query_text)]
