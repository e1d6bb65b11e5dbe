"""The JSON contract of the API (pydantic models, shown on /docs): search, compare, ask,
plans and passages, health and errors here; the targets table in target_schemas.py and the
admin routes' answers in admin_schemas.py, both importable from here."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# re-exported: `schemas.TargetsResponse`, `schemas.BuildStatus` … as before the split
from service.admin_schemas import BuildStatus as BuildStatus
from service.admin_schemas import RemovalAccepted as RemovalAccepted
from service.admin_schemas import UploadAccepted as UploadAccepted
from service.target_schemas import TargetOut as TargetOut
from service.target_schemas import TargetPlan as TargetPlan
from service.target_schemas import TargetRow as TargetRow
from service.target_schemas import TargetsResponse as TargetsResponse


class Hit(BaseModel):
    rank: int = Field(description="1 for the best passage")
    score: float = Field(description="ranking score; comparable within one response only")
    passage_id: str = Field(examples=["chongqing-hechuan-2024-de25dbfc27"])
    doc_id: str = Field(examples=["chongqing-hechuan-2024"])
    doc_title: str | None = Field(examples=["合川区质量强区建设实施方案"])
    region: str | None = Field(examples=["重庆市合川区"])
    section: list[str] = Field(
        description="headings from the part down to the item",
        examples=[["三、质量支撑体系", "(三)完善质量治理体系", "27.强化质量人才队伍建设"]],
    )
    responsible_units: list[str] = Field(examples=[["区市场监管局", "区人力社保局", "区教委"]])
    text: str = Field(description="the paragraph as published")
    highlight: str = Field(description="`text` HTML-escaped, query words wrapped in <mark>")


class Place(BaseModel):
    name: str = Field(description="the place name found in the query", examples=["合川"])
    mode: Literal["restrict", "boost"] = Field(
        description="restrict: only these plans were searched; boost: these plans ranked first"
    )
    doc_ids: list[str]


class AppliedFilters(BaseModel):
    region: list[str] = Field(description="regions asked for with ?region=")
    doc_id: list[str] = Field(description="plans asked for with ?doc_id=")
    detected: list[Place] = Field(description="place names found in the query")
    restricted_to: list[str] = Field(description="the plans searched, when anything restricted")
    boosted: list[str] = Field(description="plans ranked first because the query names them")
    unindexed: list[str] = Field(
        default=[],
        description="regions the query names that no indexed plan covers",
        examples=[["北京市"]],
    )
    level: list[str] = Field(default_factory=list, description="levels asked for with ?level=")
    issuer: list[str] = Field(default_factory=list, description="issuers asked for with ?issuer=")
    year_from: int | None = Field(None, description="?year_from=, if given")
    year_to: int | None = Field(None, description="?year_to=, if given")


class Synonym(BaseModel):
    term: str
    expanded_to: list[str]


class Rewrite(BaseModel):
    kind: Literal["simplified", "spelling", "place"] = Field(
        description="simplified: traditional characters converted; spelling: a word no plan "
        "contains searched as the plans' word that sounds the same; place: a place named in "
        "pinyin (Hechuan) read as the plans' place"
    )
    typed: str = Field(examples=["邦扶"])
    searched: str = Field(examples=["帮扶"])


class Notice(BaseModel):
    code: Literal["unindexed_region", "meaning_only"] = Field(
        description="unindexed_region: the query names a region no indexed plan covers (the "
        "results come from other regions); meaning_only: no plan contains the words searched, "
        "the results are the passages nearest in meaning"
    )
    message: str = Field(description="what the page shows, in Chinese")


class FacetValue(BaseModel):
    value: str = Field(examples=["重庆市合川区"])
    count: int = Field(description="matching passages with this value")
    documents: int = Field(description="plans those passages come from")


class Facets(BaseModel):
    region: list[FacetValue] = Field(description="by region, most passages first")
    level: list[FacetValue] = Field(description="by level (省级, 市级, 区县级, 国家级新区)")
    year: list[FacetValue] = Field(description="by year of publication, newest first")


class QuerySyntax(BaseModel):
    phrases: list[str] = Field(description='"quoted" phrases every result contains exactly')
    excluded: list[str] = Field(description="-words no result contains")


class SearchResponse(BaseModel):
    query: str
    searched: str = Field(
        description="what was searched: the query with traditional characters made simplified, "
        "pinyin typos corrected and places named in pinyin read as the plans' places; search "
        "again with correct=false to search the words as typed"
    )
    rewrites: list[Rewrite] = Field(description="each change from `query` to `searched`")
    notices: list[Notice] = Field(description="what the reader should know about these results")
    mode: Literal["hybrid", "lexical", "dense"]
    took_ms: float
    filters: AppliedFilters
    synonyms: list[Synonym] = Field(
        description="query words also searched as their synonyms (English phrases as the "
        "plans' Chinese words)"
    )
    results: list[Hit]
    total: int = Field(description="passages matching the query and filters")
    total_relation: Literal["eq", "gte"] = Field(
        description='"eq": `total` and the facets count every passage matching; "gte": they '
        "are lower bounds (a Milvus backend answers at most 16,384 passages per query word "
        "field; the hits are still the best)"
    )
    offset: int = Field(description="results skipped before this page")
    k: int = Field(description="the page size")
    page: int = Field(description="this page's number, from 1")
    sort: Literal["relevance", "date"]
    facets: Facets = Field(
        description="the matching passages counted per region, level, year (in hybrid and "
        "dense mode those found by meaning alone are the nearest among the plans searched, so "
        "a filter can bring in others)"
    )
    syntax: QuerySyntax


class ComparedPlan(BaseModel):
    doc_id: str
    doc_title: str | None
    region: str | None
    passages: list[Hit] = Field(description="this plan's best passages; [] if none is relevant")


class CompareResponse(BaseModel):
    query: str
    searched: str = Field(description="what was searched (see /api/search)")
    rewrites: list[Rewrite]
    took_ms: float
    documents: list[ComparedPlan] = Field(description="every plan once, best match first")


class AnswerSentence(BaseModel):
    text: str = Field(description="a sentence quoted verbatim from the plan")
    passage_id: str
    doc_id: str
    doc_title: str | None
    region: str | None
    section: list[str]


class AskResponse(BaseModel):
    question: str
    searched: str = Field(description="what was searched (see /api/search)")
    rewrites: list[Rewrite]
    took_ms: float
    answer: list[AnswerSentence] = Field(description="the best sentences, most relevant first")
    passages: list[Hit] = Field(description="the passages the sentences come from")


class DocumentSummary(BaseModel):
    doc_id: str = Field(examples=["chongqing-hechuan-2024"])
    title: str | None = Field(examples=["合川区质量强区建设实施方案"])
    notice_title: str | None = Field(
        examples=["重庆市合川区人民政府关于印发《合川区质量强区建设实施方案》的通知"]
    )
    region: str | None = Field(examples=["重庆市合川区"])
    level: str | None = Field(examples=["区县级"])
    issuer: str | None = Field(examples=["重庆市合川区人民政府"])
    doc_number: str | None = Field(description="发文字号", examples=["合川府发〔2024〕9号"])
    published: str | None = Field(description="YYYY-MM-DD", examples=["2024-07-23"])
    source: str = Field(description="the corpus file", examples=["chongqing-hechuan-2024.txt"])
    passages: int


class DocumentList(BaseModel):
    documents: list[DocumentSummary]


class OutlineNode(BaseModel):
    heading: str
    children: list[OutlineNode]


class DocumentDetail(DocumentSummary):
    outline: list[OutlineNode]


class PassageDetail(BaseModel):
    rank: int | None = Field(None, description="null: not part of a ranking")
    score: float | None = None
    passage_id: str
    doc_id: str
    doc_title: str | None
    region: str | None
    section: list[str]
    responsible_units: list[str]
    text: str
    highlight: str
    prev_id: str | None = Field(description="the passage before this one in the plan")
    next_id: str | None = Field(description="the passage after this one in the plan")


class Health(BaseModel):
    status: Literal["ok", "degraded"] = Field(
        description="degraded: answering, but not as it should (a newer build refused, the "
        "index watcher in trouble); `reason` says what and what to do"
    )
    reason: str | None = Field(None, description="why the status is degraded")
    loading: str | None = Field(
        None,
        description="a newer build being loaded (for Milvus, its collection being loaded "
        "into memory, which takes minutes for a million passages), with the seconds so far; "
        "the build in `index_version` is served until it is ready. null: none",
    )
    documents: int
    passages: int
    embedder: str = Field(
        description="the exact embedder: an index built by one is searched only with it",
        examples=["st-multilingual-e5-small-384-ffdbe24331d5"],
    )
    model: str | None = Field(
        None,
        description="the embedding model's folder (multilingual-e5-small by default); null "
        "for the built-in LSA",
    )
    runtime: str | None = Field(
        None, description="what runs the model: onnx (ONNX Runtime) or torch; null for the LSA"
    )
    index_version: str = Field(description="the build id of the index being served")
    collection: str | None = Field(
        None,
        description="with POLICY_SEARCH_BACKEND=milvus, the Milvus collection being served "
        "(the one the alias pointed at when it was loaded); null for the local folder",
    )
    built_at: str | None = None
    skipped: list[dict[str, str]] = Field(
        default_factory=list, description="corpus files not indexed, with reasons"
    )
    worker: int = Field(description="the process id of the worker that answered")


class ErrorResponse(BaseModel):
    detail: str = Field(description="what was wrong and what to do")


class PlanPassage(BaseModel):
    passage_id: str = Field(description="also the passage's anchor on /plans/{doc_id}")
    section: list[str]
    responsible_units: list[str]
    text: str


class PlanPassages(DocumentSummary):
    texts: list[PlanPassage] = Field(description="every passage of the plan, in reading order")
