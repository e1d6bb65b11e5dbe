"""Synonym groups (index/data/synonyms.txt): everyday words and the plans' terms for the
same thing, found in a text and offered for a query's words."""

from __future__ import annotations

import re
from functools import cache

from index import data_files
from index.tokenize import fold


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in data_files.lines("synonyms.txt"):
        terms = tuple(dict.fromkeys(fold(term.strip()) for term in line.split(",") if term.strip()))
        if len(terms) > 1:
            groups.append(terms)
    return tuple(groups)


@cache
def _synonym_index() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], dict[str, int]]:
    """One pattern of every synonym term, longest first; each term's group and its position."""
    group_of: dict[str, tuple[str, ...]] = {}
    position_of: dict[str, int] = {}
    for position, group in enumerate(synonym_groups()):
        for term in group:
            group_of.setdefault(term, group)
            position_of.setdefault(term, position)
    terms = sorted(group_of, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms)), group_of, position_of


def synonym_concepts(folded: str) -> list[int]:
    """Positions of the synonym groups any of whose terms the text contains."""
    pattern, _, position_of = _synonym_index()
    return sorted({position_of[term] for term in pattern.findall(folded)})


def expand_synonyms(folded_query: str) -> list[tuple[str, tuple[str, ...]]]:
    """(term found in the query, its synonyms not already in the query), longest terms first."""
    pattern, group_of, _ = _synonym_index()
    found: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for match in pattern.finditer(folded_query):
        term = match[0]
        if term in seen:
            continue
        seen.add(term)
        others = tuple(o for o in group_of[term] if o != term and o not in folded_query)
        if others:
            found.append((term, others))
    return sorted(found, key=lambda pair: -len(pair[0]))
