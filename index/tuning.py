"""The settings chosen on the dev split per kind of embedder (index/data/fusion.toml):
how hybrid search fuses its two scores and how /api/ask scores sentences."""

from __future__ import annotations

from functools import cache
from typing import Any

from index import data_files
from index.answers import AnswerWeights
from index.fusion import Fusion


@cache
def _ranking_table(embedder_kind: str) -> dict[str, Any]:
    table = data_files.table("fusion.toml")
    return dict(table.get(embedder_kind, table["builtin"]))


def answer_weights_for(embedder_kind: str) -> AnswerWeights:
    """How /api/ask scores sentences for this kind of embedder."""
    return AnswerWeights(**_ranking_table(embedder_kind)["answers"])


def fusion_for(embedder_kind: str) -> Fusion:
    """The fusion chosen on the dev split for this kind of embedder."""
    entry = _ranking_table(embedder_kind)
    return Fusion(
        method=entry["method"],
        dense_weight=float(entry["dense_weight"]),
        adaptive=bool(entry.get("adaptive", True)),
        bigram_weight=float(entry.get("bigram_weight", 0.0)),
    )
