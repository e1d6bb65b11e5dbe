"""Traditional characters in a query are converted to simplified ones (OpenCC t2s) before
analysis: the plans are in simplified Chinese, 首席質量官 must find 首席质量官."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

_lock = threading.Lock()


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text in simplified characters (unchanged when it has no traditional ones)."""
    if text.isascii():
        return text
    with _lock:  # one converter, shared by the request threads
        return str(_converter().convert(text))
