"""The query strings of search, compare and ask: one pydantic model each, read in one call.

FastAPI resolves every declared parameter through its dependency machinery, which cost a
search about 55 µs on this machine, more than BM25 and the dense scan together. These
routes read their query string with `read()` instead: one `model_validate` (about 5 µs),
the same 422 messages (the errors go through the app's RequestValidationError handler),
and the same OpenAPI parameters, generated from the model by `documented()`.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Annotated, Any, Literal, Protocol, TypeVar, get_origin

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from index.errors import InvalidQuery
from index.query import visible
from index.results import Filters

Model = TypeVar("Model", bound=BaseModel)

# The length limit (POLICY_SEARCH_MAX_QUERY_CHARS) is added to every `q` in the OpenAPI
# document by service.app, from the settings.
QueryText = Annotated[
    str,
    Field(
        description="what to search for, in everyday Chinese or English (traditional "
        "characters and pinyin typos are understood)",
        examples=["首席质量官制度要求"],
    ),
]
Correct = Annotated[
    bool,
    Field(
        description="true (default): a word no plan contains that sounds like a word of the "
        "plans (邦扶 → 帮扶) is searched as that word; false: search the words as typed"
    ),
]
Mode = Annotated[
    Literal["hybrid", "lexical", "dense"],
    Field(
        description="hybrid (default): words and meaning; lexical: words only; dense: meaning only"
    ),
]


class _Params(BaseModel):
    model_config = ConfigDict(frozen=True)


Regions = Annotated[
    list[str], Field(description="only plans of this region (repeatable), e.g. 合川区")
]
DocIds = Annotated[list[str], Field(description="only these plans (repeatable)")]
Levels = Annotated[
    list[str],
    Field(description="only plans of this level (repeatable): 省级, 市级, 区县级, 国家级新区"),
]
Issuers = Annotated[
    list[str],
    Field(description="only plans issued by (part of) this name (repeatable), e.g. 人民政府"),
]
YearFrom = Annotated[
    int | None, Field(ge=1949, le=2100, description="only plans published in or after this year")
]
YearTo = Annotated[
    int | None, Field(ge=1949, le=2100, description="only plans published in or before this year")
]


class SearchParams(_Params):
    q: QueryText
    k: Annotated[int, Field(ge=1, le=50, description="how many passages, 1 to 50")] = 10
    mode: Mode = "hybrid"
    region: Regions = []
    doc_id: DocIds = []
    correct: Correct = True
    level: Levels = []
    issuer: Issuers = []
    year_from: YearFrom = None
    year_to: YearTo = None
    sort: Annotated[
        Literal["relevance", "date"],
        Field(description="relevance (default), or date: the newest plans first"),
    ] = "relevance"
    page: Annotated[
        int | None, Field(ge=1, description="which page of k results, from 1 (or use offset)")
    ] = None
    offset: Annotated[
        int | None, Field(ge=0, description="how many results to skip (or use page)")
    ] = None

    def start(self) -> int:
        """The results skipped before this page."""
        if (
            self.page is not None
            and self.offset is not None
            and self.offset != (self.page - 1) * self.k
        ):
            raise InvalidQuery(
                f"page {self.page} and offset {self.offset} disagree for k={self.k}; "
                "give one of them"
            )
        if self.offset is not None:
            return self.offset
        return ((self.page or 1) - 1) * self.k


class CompareParams(_Params):
    q: QueryText
    per_doc: Annotated[int, Field(ge=1, le=5, description="passages per plan, 1 to 5")] = 1
    mode: Mode = "hybrid"
    correct: Correct = True


class AskParams(_Params):
    q: QueryText
    k: Annotated[int, Field(ge=1, le=10, description="how many answer sentences, 1 to 10")] = 3
    correct: Correct = True
    region: Regions = []
    doc_id: DocIds = []
    level: Levels = []
    issuer: Issuers = []
    year_from: YearFrom = None
    year_to: YearTo = None


class FilterFields(Protocol):
    """What names the plans to look in: these params, or the CLI's arguments."""

    region: list[str]
    doc_id: list[str]
    level: list[str]
    issuer: list[str]
    year_from: int | None
    year_to: int | None


def filters_of(params: FilterFields) -> Filters:
    """The plans a search or question is limited to."""
    return Filters(
        tuple(params.region),
        tuple(params.doc_id),
        levels=tuple(params.level),
        issuers=tuple(params.issuer),
        year_from=params.year_from,
        year_to=params.year_to,
    )


def has_control_characters(text: str) -> bool:
    """C0, DEL and C1 controls (tabs and newlines excepted)."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)


def query_text(q: str, limit: int) -> str:
    """The query stripped, or InvalidQuery saying what to fix."""
    text = q.strip()
    if not visible(text):
        raise InvalidQuery("q is blank; give the words to search for, e.g. q=首席质量官制度要求")
    return optional_query_text(text, limit)


def optional_query_text(q: str, limit: int) -> str:
    """A query that may be empty (targets: all of them), stripped, or InvalidQuery."""
    text = q.strip()
    if len(text) > limit:
        raise InvalidQuery(f"q has {len(text)} characters; shorten it to at most {limit}")
    if has_control_characters(text):
        raise InvalidQuery("q contains control characters; send plain text")
    return text


def max_query_chars(request: Request) -> int:
    return int(request.app.state.settings.max_query_chars)


@cache
def _repeatable(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        name for name, field in model.model_fields.items() if get_origin(field.annotation) is list
    )


def read(model: type[Model], request: Request) -> Model:
    """The request's query string as `model`, or RequestValidationError (a 422)."""
    params = request.query_params
    repeatable = _repeatable(model)
    values = {
        name: params.getlist(name) if name in repeatable else params[name]
        for name in model.model_fields
        if name in params
    }
    try:
        parsed = model.model_validate(values)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None
    q = getattr(parsed, "q", None)
    if q is not None:
        parsed = parsed.model_copy(update={"q": query_text(q, max_query_chars(request))})
    if any(not doc_id.strip() for doc_id in getattr(parsed, "doc_id", ())):
        raise InvalidQuery(
            "doc_id is blank; give a plan's id (GET /api/documents lists them) or leave doc_id out"
        )
    return parsed


def documented(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` listing the model's fields as query parameters, as FastAPI would."""
    schema = model.model_json_schema()
    parameters = []
    for name, field in model.model_fields.items():
        spec = dict(schema["properties"][name])
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": field.is_required(),
                "schema": spec,
                "description": field.description or "",
            }
        )
    return {"parameters": parameters}
