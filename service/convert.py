"""Domain values to API models."""

from __future__ import annotations

from index.highlight import highlight
from index.search import AppliedFilters, Hit, SearchResult
from index.search import Document as IndexedDocument
from index.types import DocumentMeta, OutlineNode, Passage
from service import schemas


def hit(value: Hit) -> schemas.Hit:
    passage = value.passage
    return schemas.Hit(
        rank=value.rank,
        score=round(value.score, 6),
        passage_id=passage.passage_id,
        doc_id=passage.doc_id,
        doc_title=value.document.title,
        region=value.document.region,
        section=list(passage.section),
        responsible_units=list(passage.responsible_units),
        text=passage.text,
        highlight=highlight(passage.text, value.terms),
    )


def filters(applied: AppliedFilters) -> schemas.AppliedFilters:
    return schemas.AppliedFilters(
        region=list(applied.regions),
        doc_id=list(applied.doc_ids),
        detected=[
            schemas.Place(name=p.alias, mode=p.mode, doc_ids=list(p.doc_ids))  # type: ignore[arg-type]
            for p in applied.detected_places
        ],
        restricted_to=list(applied.restricted_to),
        boosted=list(applied.boosted),
    )


def search(result: SearchResult) -> schemas.SearchResponse:
    return schemas.SearchResponse(
        query=result.query,
        mode=result.mode,  # type: ignore[arg-type]
        took_ms=round(result.took_ms, 3),
        filters=filters(result.filters),
        synonyms=[schemas.Synonym(term=t, expanded_to=list(o)) for t, o in result.parsed.synonyms],
        results=[hit(h) for h in result.hits],
    )


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
    terms: tuple[str, ...] = (),
) -> schemas.PassageDetail:
    return schemas.PassageDetail(
        passage_id=passage.passage_id,
        doc_id=passage.doc_id,
        doc_title=meta.title,
        region=meta.region,
        section=list(passage.section),
        responsible_units=list(passage.responsible_units),
        text=passage.text,
        highlight=highlight(passage.text, terms),
        prev_id=previous,
        next_id=following,
    )
