"""The gold sets: queries with verbatim evidence per relevant paragraph, and numeric targets."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

KINDS = (
    "keyword",
    "paraphrase",
    "question",
    "shared",
    "colloquial",
    "concept",
    "english",
    "typo",
    "long",
)
SPLITS = ("dev", "heldout")


def normalise(text: str) -> str:
    """Evidence is matched after NFKC and with white space removed, on both sides."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    phrase: str

    def found_in(self, doc_id: str, text: str) -> bool:
        return doc_id == self.doc_id and normalise(self.phrase) in normalise(text)


@dataclass(frozen=True)
class GoldQuery:
    id: str
    query: str
    kind: str
    split: str
    evidence: tuple[Evidence, ...]

    @property
    def relevant_docs(self) -> frozenset[str]:
        return frozenset(e.doc_id for e in self.evidence)

    def matches(self, doc_id: str, text: str) -> list[int]:
        """Positions of the evidence entries this passage holds."""
        return [i for i, e in enumerate(self.evidence) if e.found_in(doc_id, text)]


@dataclass(frozen=True)
class GoldTarget:
    doc_id: str
    metric: str
    value: float
    unit: str
    comparator: str
    year: int | None
    evidence: str


def load_queries() -> tuple[GoldQuery, ...]:
    lines = resources.files("eval").joinpath("queries.jsonl").read_text("utf-8").splitlines()
    queries = []
    for line in lines:
        if line.strip():
            raw = json.loads(line)
            queries.append(
                GoldQuery(
                    raw["id"],
                    raw["query"],
                    raw["kind"],
                    raw["split"],
                    tuple(Evidence(e["doc_id"], e["evidence"]) for e in raw["relevant"]),
                )
            )
    return tuple(queries)


def load_targets() -> tuple[GoldTarget, ...]:
    lines = resources.files("eval").joinpath("targets.jsonl").read_text("utf-8").splitlines()
    return tuple(
        GoldTarget(
            r["doc_id"],
            r["metric"],
            float(r["value"]),
            r["unit"],
            r["comparator"],
            r["year"],
            r["evidence"],
        )
        for r in (json.loads(line) for line in lines if line.strip())
    )
