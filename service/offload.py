"""Request work that takes CPU runs in a few threads, off the event loop.

A search, a comparison or the targets table holds the CPU for milliseconds to a second; run
on the event loop it stalls every other request of the worker, /healthz and /metrics
included. Each worker runs such work in at most `request_threads` threads (a search spends
most of its time in the model, which releases the GIL, so a few threads per core keep both
cores busy), and the loop stays free to answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Request

T = TypeVar("T")


def work_limiter(threads: int) -> CapacityLimiter:
    return CapacityLimiter(threads)


async def offload(request: Request, work: Callable[[], T]) -> T:
    """The result of `work()`, computed in one of the worker's request threads."""
    return await to_thread.run_sync(work, limiter=request.app.state.work_limiter)
