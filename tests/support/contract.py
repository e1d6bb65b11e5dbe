"""What the service promises, in one place for every test of tests/service: the fields of
each response (read from the response models in service/schemas.py, so a changed contract
is changed once) and the plans of the default corpus."""

from __future__ import annotations

from pydantic import BaseModel

from service import schemas
from tests.conftest import CORPUS


def fields(model: type[BaseModel]) -> frozenset[str]:
    """The JSON keys of a response model."""
    return frozenset(model.model_fields)


HIT_FIELDS = fields(schemas.Hit)
ANSWER_FIELDS = fields(schemas.AnswerSentence)
SUMMARY_FIELDS = fields(schemas.DocumentSummary)
DETAIL_FIELDS = fields(schemas.DocumentDetail)
PASSAGE_FIELDS = fields(schemas.PassageDetail)
# The default corpus's plans, in doc_id order (each file's name is its doc_id).
DOC_IDS = tuple(sorted(path.stem for path in CORPUS.glob("*.txt")))
