"""Query syntax people know from search engines: "exact phrase" and -excluded words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# "…" and Chinese “…” quote a phrase; a word after a minus at the start or after a space
# is excluded (2021-2025 is a range, not an exclusion).
_PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')
_EXCLUDED = re.compile(r'(?:^|(?<=\s))[-－]([^\s"“”「」\-－][^\s"“”「」]*)')
_STRAY_QUOTES = re.compile(r'["“”「」]')


@dataclass(frozen=True)
class QuerySyntax:
    text: str  # the query as typed
    searched: str  # what is ranked: the free words and the words of the phrases
    phrases: tuple[str, ...] = ()  # a passage must contain each, exactly
    excluded: tuple[str, ...] = ()  # a passage containing any of them is left out

    @property
    def restricts(self) -> bool:
        return bool(self.phrases or self.excluded)


@lru_cache(maxsize=4096)
def parse_syntax(query: str) -> QuerySyntax:
    """`"质量月" 活动 -培训` → phrases (质量月,), searched "质量月 活动", excluded (培训,).

    A quote left open is read as a plain character, as search engines do.
    """
    phrases: list[str] = []

    def phrase(match: re.Match[str]) -> str:
        words = " ".join(next(group for group in match.groups() if group is not None).split())
        if words:
            phrases.append(words)
        return f" {words} "

    rest = _PHRASE.sub(phrase, query)
    excluded = [word for word in _EXCLUDED.findall(rest) if word]
    rest = _EXCLUDED.sub(" ", rest)
    searched = " ".join(_STRAY_QUOTES.sub(" ", rest).split())
    return QuerySyntax(
        text=query,
        searched=searched,
        phrases=tuple(dict.fromkeys(phrases)),
        excluded=tuple(dict.fromkeys(w for w in excluded if w not in phrases)),
    )


def without_excluded(terms: tuple[str, ...] | list[str], excluded: tuple[str, ...]) -> list[str]:
    """The terms to highlight, less any that hold an excluded word: 培训 is never marked."""
    return [term for term in terms if not any(word in term for word in excluded)]
