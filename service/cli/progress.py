"""Progress bars (tqdm) for the builds the command runs: one bar per stage that reports its
count (reading the corpus, tokenizing …), on a terminal only, so a log or a test sees none.
The embedding stages draw their own bars (index/embedders/cache.py) and are left to them."""

from __future__ import annotations

from typing import Any

# Stages whose bars the embedder cache draws itself.
DRAWN_ELSEWHERE = ("embedding passages", "embedding sentences")


class StageBars:
    """A `progress(stage, done, total)` callback for `index.build.build_index`."""

    def __init__(self) -> None:
        self._stage = ""
        self._bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if stage != self._stage:
            self.close()
            self._stage = stage
            if total > 0 and stage not in DRAWN_ELSEWHERE:
                self._bar = tqdm(total=total, desc=stage, unit=" items", disable=None, leave=False)
        if self._bar is not None:
            self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> StageBars:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
