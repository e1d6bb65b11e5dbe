"""Remove web-page furniture (breadcrumbs, share prompts, header tables, footers) by data-driven rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from index import data_files

_SPACES = " \t\u00a0\u2002\u2003\u3000\ufeff"
TAIL_LINES = 12
# The page head ends at the first line of prose: the first that closes a sentence.
_SENTENCE_END = re.compile(r"[。；;！？]")


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    why: str
    pattern: re.Pattern[str]
    scope: str
    value_on_next_line: bool
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[tuple[str, str], ...]  # (rule name, line) for each line removed


@cache
def furniture_rules() -> tuple[FurnitureRule, ...]:
    raw = data_files.table("furniture.toml")
    return tuple(
        FurnitureRule(
            name=rule["name"],
            why=rule["why"],
            pattern=re.compile(rule["pattern"]),
            scope=rule.get("scope", "any"),
            value_on_next_line=rule.get("value_on_next_line", False),
            examples=tuple(rule.get("examples", ())),
        )
        for rule in raw["rule"]
    )


def trim(line: str) -> str:
    return line.strip(_SPACES)


def _matching_rule(line: str, in_head: bool, in_tail: bool) -> FurnitureRule | None:
    if "。" in line:  # page furniture never closes a sentence; policy text does
        return None
    for rule in furniture_rules():
        if rule.scope == "head" and not in_head:
            continue
        if rule.scope == "tail" and not in_tail:
            continue
        if rule.pattern.search(line):
            return rule
    return None


def strip_furniture(text: str) -> Cleaned:
    """The text with furniture lines removed and every line trimmed; blank lines are kept."""
    lines = [trim(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    non_blank = [index for index, line in enumerate(lines) if line]
    tail_start = non_blank[-TAIL_LINES] if len(non_blank) >= TAIL_LINES else 0
    head_end = next(
        (index for index, line in enumerate(lines) if _SENTENCE_END.search(line)), len(lines)
    )
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    skip_value_of: FurnitureRule | None = None
    for index, line in enumerate(lines):
        if not line:
            kept.append("")
            skip_value_of = None  # a label's value stands on the very next line, or not at all
            continue
        rule = _matching_rule(line, index < head_end, index >= tail_start)
        if rule is None and skip_value_of is not None:
            removed.append((skip_value_of.name, line))
            skip_value_of = None
            continue
        skip_value_of = rule if rule is not None and rule.value_on_next_line else None
        if rule is None:
            kept.append(line)
        else:
            removed.append((rule.name, line))
    return Cleaned(_collapse_blank_lines("\n".join(kept)), tuple(removed))


def _collapse_blank_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
