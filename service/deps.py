"""Request dependencies shared by the routes: the served index.

They are `async` (they never wait) so FastAPI runs them on the event loop instead of
handing each to a worker thread: on two cores the hop costs more than the work.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from index.search import Searcher


def searcher_of(request: Request) -> Searcher:
    return request.app.state.holder.get()


async def get_searcher(request: Request) -> Searcher:
    return searcher_of(request)


SearcherDep = Annotated[Searcher, Depends(get_searcher)]
