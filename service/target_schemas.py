"""The JSON contract of /api/targets and /api/targets.csv's rows: each target as the plan
writes it, the plans (columns) and metrics (rows) of the table. Re-exported by
service/schemas.py, where the rest of the API's contract lives."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TargetOut(BaseModel):
    metric: str = Field(
        description="the measured thing as the plan writes it", examples=["食品抽检合格率"]
    )
    value: float = Field(examples=[98.2])
    unit: str = Field(description="%, 分, 家, 个, 万亩, 项, 天 … ('' when none)", examples=["%"])
    comparator: str = Field(description="达到, 不少于, 超过, 保持, 控制在 …", examples=["达到"])
    at_least: bool = Field(description="a lower bound (以上, 不少于, 超过)")
    bound: str = Field(
        description="以上, 以内, 以下 or 左右 as written after the number ('' when none)",
        examples=["以上"],
    )
    written: str = Field(
        description="the target as the plan writes it: year, comparator, value, unit, bound",
        examples=["2027年达到98.2%以上"],
    )
    implausible: str | None = Field(
        description="why the value looks like a transcription error (森林覆盖率 超265%); "
        "the value is shown as published, `text` is the sentence to check",
        examples=[None],
    )
    year: int | None = Field(
        description="the target year in force for the sentence", examples=[2027]
    )
    region: str | None = Field(examples=["重庆市合川区"])
    doc_id: str
    doc_title: str | None
    passage_id: str
    text: str = Field(description="the sentence that states the target")
    group: str = Field(description="the table row (metric) this target is shown in")


class TargetPlan(BaseModel):
    doc_id: str
    doc_title: str | None
    region: str | None


class TargetRow(BaseModel):
    metric: str = Field(description="the row label: the best-matching metric's wording")
    targets: list[TargetOut]


class TargetsResponse(BaseModel):
    query: str
    took_ms: float
    plans: list[TargetPlan] = Field(description="the table's columns")
    groups: list[TargetRow] = Field(description="the table's rows, best match first")
    targets: list[TargetOut] = Field(description="every target shown, row by row")
