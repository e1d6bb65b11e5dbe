"""Benchmarks: in-process latency, synthetic scale (10K-1M passages) and HTTP load (docs/benchmarks.md)."""

from __future__ import annotations

import signal
import sys


def end_on_sigterm() -> None:
    """SIGTERM ends a run as Ctrl-C does, through its `finally` blocks, which stop the
    loopback servers and the Milvus Lite it started (killed outright, it left them running)."""
    signal.signal(signal.SIGTERM, lambda number, _frame: sys.exit(128 + number))
