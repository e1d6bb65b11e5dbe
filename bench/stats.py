"""Percentiles and small timing helpers shared by the benchmarks."""

from __future__ import annotations

import resource
from collections.abc import Sequence

import numpy as np


def percentiles(samples_ms: Sequence[float]) -> tuple[float, float]:
    values = np.asarray(samples_ms, dtype=np.float64)
    return float(np.percentile(values, 50)), float(np.percentile(values, 99))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
