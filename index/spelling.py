"""Typos of a pinyin input method: a query word that no plan contains but that sounds like a
word of the plans (same pinyin, tones aside) is searched as that word.

质量巡诊邦扶 → 帮扶, 首席质量管 → 首席质量官, 冷连物流 → 冷链. Only a stretch of whole words
(as jieba cuts the query) that holds a suspect word is ever replaced: a word neither the
plans nor jieba's dictionary know (手席, 冷连; not 先由, made of two common words), or a single
character the plans never use as a word and that is not a common word by itself (邦, 管; not
里, 有). Real words next to each
other (有|多少|家) are never read as one misspelt word (加气).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.layout import SPELLING_FILE

MIN_LENGTH, MAX_LENGTH = 2, 8
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Correction:
    typed: str
    corrected: str


@lru_cache(maxsize=16384)
def sound(word: str) -> str:
    """The toneless pinyin of a word: what a pinyin input method was given (kept for the
    windows of recent queries: pypinyin took most of a query's rewrite)."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(word))


class SpellingIndex:
    """Words of the plans by their sound, the most frequent first."""

    def __init__(self, by_sound: Mapping[str, str], words: frozenset[str]) -> None:
        self.by_sound = dict(by_sound)
        self.words = words

    @classmethod
    def build(cls, document_frequency: Mapping[str, int]) -> SpellingIndex:
        """From the plans' words and the number of passages holding each."""
        best: dict[str, tuple[int, str]] = {}
        for word, count in document_frequency.items():
            if MIN_LENGTH <= len(word) <= MAX_LENGTH and _CJK_RUN.fullmatch(word):
                key = sound(word)
                if key not in best or (count, word) > best[key]:
                    best[key] = (count, word)
        return cls({key: word for key, (_, word) in best.items()}, frozenset(document_frequency))

    def save(self, folder: Path) -> None:
        (folder / SPELLING_FILE).write_text(
            json.dumps(self.by_sound, ensure_ascii=False, sort_keys=True), "utf-8"
        )

    @classmethod
    def load(cls, folder: Path, words: Iterable[str]) -> SpellingIndex:
        path = folder / SPELLING_FILE
        by_sound = json.loads(path.read_text("utf-8")) if path.exists() else {}
        return cls(by_sound, frozenset(words))

    def correct(
        self,
        words: Sequence[str],
        is_word: Callable[[str], bool],
        is_common: Callable[[str], bool],
    ) -> tuple[str, tuple[Correction, ...]]:
        """The query (given as jieba's words, in order) with each suspect stretch that sounds
        like a word of the plans replaced by it, longest stretches first."""

        def suspect(word: str) -> bool:
            if word in self.words or not _CJK_RUN.fullmatch(word):
                return False
            if len(word) == 1:
                return not is_common(word)
            # A word jieba made up (先由) from characters that are common words by themselves
            # is those words side by side, not a misspelling.
            return not is_word(word) and not all(map(is_common, word))

        corrections: list[Correction] = []
        out: list[str] = []
        start = 0
        while start < len(words):
            for end in range(min(len(words), start + MAX_LENGTH), start, -1):
                window = "".join(words[start:end])
                if not (MIN_LENGTH <= len(window) <= MAX_LENGTH and _CJK_RUN.fullmatch(window)):
                    continue
                if window in self.words or not any(map(suspect, words[start:end])):
                    continue
                match = self.by_sound.get(sound(window))
                if match is not None:
                    corrections.append(Correction(window, match))
                    out.append(match)
                    start = end
                    break
            else:
                out.append(words[start])
                start += 1
        return "".join(out), tuple(corrections)
