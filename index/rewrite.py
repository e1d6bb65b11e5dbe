"""What is searched for a query as typed: traditional characters made simplified, pinyin typos
corrected. The response says what was searched, so the reader can search the original."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from index.bilingual import Glossary
from index.spelling import Correction, SpellingIndex
from index.traditional import to_simplified


class Segmenter(Protocol):
    def segment(self, text: str) -> list[str]: ...
    def is_dictionary_word(self, word: str) -> bool: ...
    def is_common(self, word: str) -> bool: ...


@dataclass(frozen=True)
class Rewrite:
    typed: str
    searched: str
    simplified: bool = False  # traditional characters were converted
    corrections: tuple[Correction, ...] = ()
    places: tuple[tuple[str, str], ...] = ()  # (English place name, the plans' place)

    @property
    def changed(self) -> bool:
        return self.simplified or bool(self.corrections) or bool(self.places)


def rewrite_query(
    typed: str,
    spelling: SpellingIndex | None,
    segmenter: Segmenter,
    glossary: Glossary | None = None,
    correct: bool = True,
) -> Rewrite:
    """The query to search: simplified characters and the plans' place names always, spelling
    corrected if `correct`."""
    searched = to_simplified(typed)
    simplified = searched != typed
    places = tuple(glossary.place_names(searched)) if glossary is not None else ()
    for english, alias in places:
        searched = searched.replace(english, alias, 1)
    corrections: tuple[Correction, ...] = ()
    if correct and spelling is not None:
        corrected, corrections = spelling.correct(
            segmenter.segment(searched), segmenter.is_dictionary_word, segmenter.is_common
        )
        searched = corrected if corrections else searched
    return Rewrite(typed, searched, simplified, corrections, places)
