"""What the worker processes of one server share: a metrics folder and a swap folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

METRICS_FOLDER = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client's own variable
SWAP_FOLDER = "POLICY_SEARCH_SWAP_DIR"


@contextmanager
def shared_across(workers: int) -> Iterator[dict[str, str]]:
    """The environment to start `workers` server processes with; with several, the folders
    they share, which last as long as the block.

    Metrics: a folder already named in PROMETHEUS_MULTIPROC_DIR is used (whatever the number
    of workers), its old counts removed first as prometheus_client asks; otherwise a
    temporary one is made. Swaps (service/swap.py): a temporary folder.
    """
    with ExitStack() as stack:
        environment: dict[str, str] = {}
        given = os.environ.get(METRICS_FOLDER)
        if given:
            for stale in Path(given).glob("*.db"):
                stale.unlink()
            environment[METRICS_FOLDER] = given
        elif workers >= 2:
            environment[METRICS_FOLDER] = stack.enter_context(
                tempfile.TemporaryDirectory(prefix="policy-search-metrics-")
            )
        if workers >= 2:
            environment[SWAP_FOLDER] = stack.enter_context(
                tempfile.TemporaryDirectory(prefix="policy-search-swap-")
            )
        yield environment
