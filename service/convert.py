"""Domain values to API payloads, and payloads to JSON responses.

The search family (search, compare, ask) answers with plain dicts shaped exactly like the
`service.schemas` models and serialised by orjson: the values come from our own
index, so validating them again per request would only cost time. The routes still
declare their `response_model`, which is what /docs shows and what the tests check the
responses against.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Response
from pydantic import BaseModel

from index.ask import Asked
from index.compare import Comparison
from index.facets import Facets
from index.highlight import Highlighter
from index.results import AppliedFilters, Hit, IndexedDocument, SearchResult
from index.rewrite import Rewrite
from index.types import DocumentMeta, OutlineNode, Passage
from service import schemas


def json_response(payload: BaseModel | dict[str, Any]) -> Response:
    body = (
        payload.model_dump_json().encode()
        if isinstance(payload, BaseModel)
        else orjson.dumps(payload)
    )
    return Response(body, media_type="application/json")


def hit(value: Hit) -> dict[str, Any]:
    """A `schemas.Hit`."""
    passage = value.passage
    return {
        "rank": value.rank,
        "score": round(value.score, 6),
        "passage_id": passage.passage_id,
        "doc_id": passage.doc_id,
        "doc_title": value.document.title,
        "region": value.document.region,
        "section": list(passage.section),
        "responsible_units": list(passage.responsible_units),
        "text": passage.text,
        "highlight": value.highlight,
    }


def filters(applied: AppliedFilters) -> dict[str, Any]:
    """A `schemas.AppliedFilters`."""
    return {
        "region": list(applied.regions),
        "doc_id": list(applied.doc_ids),
        "detected": [
            {"name": p.alias, "mode": p.mode, "doc_ids": list(p.doc_ids)}
            for p in applied.detected_places
        ],
        "restricted_to": list(applied.restricted_to),
        "boosted": list(applied.boosted),
        "unindexed": list(applied.unindexed),
        "level": list(applied.levels),
        "issuer": list(applied.issuers),
        "year_from": applied.year_from,
        "year_to": applied.year_to,
    }


def facets(value: Facets) -> dict[str, list[dict[str, Any]]]:
    """A `schemas.Facets`."""
    return {
        name: [{"value": v.value, "count": v.count, "documents": v.documents} for v in values]
        for name, values in (("region", value.region), ("level", value.level), ("year", value.year))
    }


MEANING_ONLY = "计划原文中没有这些词，以下是意思最相近的段落。"


def rewrites(query: str, rewrite: Rewrite | None) -> dict[str, Any]:
    """`searched` and `rewrites` of a response."""
    if rewrite is None:
        return {"searched": query, "rewrites": []}
    changes = [
        {"kind": "place", "typed": english, "searched": alias} for english, alias in rewrite.places
    ]
    if rewrite.simplified:
        changes.insert(0, {"kind": "simplified", "typed": query, "searched": rewrite.searched})
    changes += [
        {"kind": "spelling", "typed": c.typed, "searched": c.corrected} for c in rewrite.corrections
    ]
    return {"searched": rewrite.searched, "rewrites": changes}


def search(result: SearchResult) -> dict[str, Any]:
    """A `schemas.SearchResponse`."""
    notices = []
    if result.filters.notice:
        notices.append({"code": "unindexed_region", "message": result.filters.notice})
    if result.meaning_only:
        notices.append({"code": "meaning_only", "message": MEANING_ONLY})
    return {
        "query": result.query,
        **rewrites(result.query, result.rewrite),
        "notices": notices,
        "mode": result.mode,
        "took_ms": round(result.took_ms, 3),
        "filters": filters(result.filters),
        "synonyms": [
            {"term": term, "expanded_to": list(others)} for term, others in result.parsed.synonyms
        ],
        "results": [hit(h) for h in result.hits],
        "total": result.total,
        "total_relation": "eq" if result.total_exact else "gte",
        "offset": result.offset,
        "k": result.k,
        "page": result.offset // result.k + 1,
        "sort": result.sort,
        "facets": facets(result.facets),
        "syntax": {
            "phrases": list(result.syntax.phrases) if result.syntax else [],
            "excluded": list(result.syntax.excluded) if result.syntax else [],
        },
    }


def compare(query: str, comparison: Comparison) -> dict[str, Any]:
    """A `schemas.CompareResponse`."""
    return {
        "query": query,
        **rewrites(query, comparison.rewrite),
        "took_ms": round(comparison.took_ms, 3),
        "documents": [
            {
                "doc_id": c.document.doc_id,
                "doc_title": c.document.title,
                "region": c.document.region,
                "passages": [hit(h) for h in c.hits],
            }
            for c in comparison.columns
        ],
    }


def ask(question: str, asked: Asked) -> dict[str, Any]:
    """A `schemas.AskResponse`."""
    return {
        "question": question,
        **rewrites(question, asked.rewrite),
        "took_ms": round(asked.took_ms, 3),
        "answer": [
            {
                "text": a.sentence.text,
                "passage_id": a.hit.passage.passage_id,
                "doc_id": a.hit.passage.doc_id,
                "doc_title": a.hit.document.title,
                "region": a.hit.document.region,
                "section": list(a.hit.passage.section),
            }
            for a in asked.answers
        ],
        "passages": [hit(h) for h in asked.hits],
    }


def summary(meta: DocumentMeta, passages: int) -> dict[str, object]:
    return {
        "doc_id": meta.doc_id,
        "title": meta.title,
        "notice_title": meta.notice_title,
        "region": meta.region,
        "level": meta.level,
        "issuer": meta.issuer,
        "doc_number": meta.doc_number,
        "published": meta.published,
        "source": meta.source,
        "passages": passages,
    }


def outline(nodes: tuple[OutlineNode, ...]) -> list[schemas.OutlineNode]:
    return [schemas.OutlineNode(heading=n.heading, children=outline(n.children)) for n in nodes]


def document_detail(document: IndexedDocument) -> schemas.DocumentDetail:
    return schemas.DocumentDetail(
        **summary(document.meta, document.passages),  # type: ignore[arg-type]
        outline=outline(document.outline),
    )


def passage_detail(
    passage: Passage,
    meta: DocumentMeta,
    previous: str | None,
    following: str | None,
    highlighter: Highlighter | None = None,
) -> schemas.PassageDetail:
    return schemas.PassageDetail(
        rank=None,
        score=None,
        passage_id=passage.passage_id,
        doc_id=passage.doc_id,
        doc_title=meta.title,
        region=meta.region,
        section=list(passage.section),
        responsible_units=list(passage.responsible_units),
        text=passage.text,
        highlight=(highlighter or Highlighter()).mark(passage.text),
        prev_id=previous,
        next_id=following,
    )
