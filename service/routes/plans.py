"""Reading a whole plan: its page (outline and text, each passage with an anchor) and its
passages as JSON."""

from __future__ import annotations

import urllib.parse
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from index.errors import UnknownDocument
from index.plans import Heading, PlanText, plan_text
from index.query import visible
from index.search import Searcher
from service import convert, schemas
from service.deps import SearcherDep
from service.offload import offload
from service.params import has_control_characters

router = APIRouter(tags=["documents"])

QueryToMark = Annotated[
    str | None, Query(max_length=200, description="optional: mark this query's words")
]


@cache
def _templates() -> Any:
    from importlib import resources

    import jinja2

    folder = resources.files("service") / "templates"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, trim_blocks=True
    )


def _read(searcher: Searcher, doc_id: str) -> PlanText:
    document = searcher.document(doc_id)
    return plan_text(
        document,
        [
            searcher.storage.passage(int(row))
            for row in searcher.storage.rows_of_documents(
                [[d.meta.doc_id for d in searcher.documents].index(doc_id)]
            )
        ],
    )


@router.get(
    "/api/documents/{doc_id}/passages",
    response_model=schemas.PlanPassages,
    responses={404: {"model": schemas.ErrorResponse, "description": "no plan with this id"}},
)
async def plan_passages(
    doc_id: str, request: Request, searcher: SearcherDep
) -> schemas.PlanPassages:
    """The whole plan: every passage in reading order, with its section path."""
    return await offload(request, lambda: _passages(searcher, doc_id))


def _passages(searcher: Searcher, doc_id: str) -> schemas.PlanPassages:
    plan = _read(searcher, doc_id)
    return schemas.PlanPassages(
        **convert.summary(plan.document.meta, plan.document.passages),  # type: ignore[arg-type]
        texts=[
            schemas.PlanPassage(
                passage_id=block.passage_id,
                section=list(block.section),
                responsible_units=list(block.responsible_units),
                text=block.text,
            )
            for block in plan.blocks
            if not isinstance(block, Heading)
        ],
    )


@router.get("/plans/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
async def plan_page(
    doc_id: str, request: Request, searcher: SearcherDep, q: QueryToMark = None
) -> HTMLResponse:
    """The plan to read: facts, outline and whole text; `?q=` marks a search's words and
    `#<passage_id>` opens it at a passage."""
    return await offload(request, lambda: _page(searcher, doc_id, q))


def _page(searcher: Searcher, doc_id: str, q: str | None) -> HTMLResponse:
    try:
        plan = _read(searcher, doc_id)
    except UnknownDocument as error:
        return HTMLResponse(_not_found(str(error)), status_code=404)
    highlighter = None
    if q and visible(q) and not has_control_characters(q):
        highlighter = searcher.highlighter(searcher.parse(q))
    meta = plan.document.meta
    facts = [
        (label, value)
        for label, value in (
            ("地区", meta.region),
            ("层级", meta.level),
            ("发文机关", meta.issuer),
            ("发文字号", meta.doc_number),
            ("发布日期", meta.published),
            ("段落", f"{plan.document.passages} 段"),
            ("文件", meta.source),
        )
        if value
    ]
    blocks = [
        {"heading": True, "anchor": b.anchor, "level": min(b.level, 3), "label": b.label}
        if isinstance(b, Heading)
        else {
            "heading": False,
            "passage_id": b.passage_id,
            "section": " › ".join(b.section),
            "html": Markup(highlighter.mark(b.text)) if highlighter else b.text,
        }
        for b in plan.blocks
    ]
    back = "../" + (f"?{urllib.parse.urlencode({'q': q})}" if q else "")
    page = (
        _templates()
        .get_template("plan.html")
        .render(
            title=meta.title or doc_id,
            meta=meta,
            facts=facts,
            outline=plan.outline,
            blocks=blocks,
            back=back,
        )
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


def _not_found(message: str) -> str:
    from html import escape

    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>未找到方案</title>'
        '<link rel="stylesheet" href="../static/app.css"></head><body><main class="wrap">'
        f'<h1>未找到方案</h1><p class="error" role="alert">{escape(message)}</p>'
        '<p><a href="../">返回检索首页</a></p></main></body></html>'
    )
