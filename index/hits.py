"""Ranked passages as hits: the passage, its plan and what to highlight in it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from index.highlight import Highlighter
from index.query import ParsedQuery
from index.ranking import Ranked
from index.results import Hit
from index.storage import Storage
from index.syntax import QuerySyntax, parse_syntax, without_excluded
from index.types import DocumentMeta


def highlighter(parsed: ParsedQuery, syntax: QuerySyntax | None = None) -> Highlighter:
    """Quoted phrases, whole words of the query and its synonyms, then the finer tokens
    of the words typed (a synonym's fragments, such as 负责 of 质量负责人, are not worth
    a highlight); never a word the query excludes."""
    syntax = syntax or parse_syntax(parsed.text)
    words = [*syntax.phrases, *parsed.words]
    for _, others in parsed.synonyms:
        words += others
    return Highlighter(without_excluded([*words, *parsed.typed_tokens], syntax.excluded))


def make_hits(
    storage: Storage,
    plans: Mapping[str, DocumentMeta],
    ranked: Sequence[Ranked],
    parsed: ParsedQuery,
    first_rank: int = 1,
    syntax: QuerySyntax | None = None,
) -> tuple[Hit, ...]:
    """The ranked passages as hits numbered from `first_rank`, scores rounded as shown."""
    marks = highlighter(parsed, syntax)
    out = []
    passages = storage.passages([entry.row for entry in ranked])
    for rank, (entry, passage) in enumerate(zip(ranked, passages, strict=True), start=first_rank):
        out.append(
            Hit(
                rank,
                round(entry.score, 6),
                passage,
                plans[passage.doc_id],
                entry.lexical,
                entry.dense,
                marks,
            )
        )
    return tuple(out)
