"""Chinese tokenisation with jieba: width folding, a policy-term dictionary and stopwords.

The same `Tokenizer`, built from the same user dictionary, cuts passages at index time
and queries at search time; the dictionary is saved in the index folder so a query is
never cut differently from the text it is matched against.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

_KEEP = re.compile(r"[\w+]", re.UNICODE)
_QUOTED = re.compile(r"[“\"「]([\u4e00-\u9fffA-Za-z0-9+]{2,12})[”\"」]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# jieba frequency for user terms: high enough to keep them whole against the base dictionary.
USER_TERM_FREQ = 20000
_jieba_lock = threading.Lock()


def fold(text: str) -> str:
    """Full-width to half-width, compatibility forms unified, Latin lower-cased."""
    return unicodedata.normalize("NFKC", text).lower()


def _data_lines(name: str) -> list[str]:
    text = resources.files("index.data").joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def stopwords() -> frozenset[str]:
    return frozenset(fold(word) for word in _data_lines("stopwords.txt"))


@cache
def domain_terms() -> tuple[str, ...]:
    return tuple(fold(word) for word in _data_lines("domain_terms.txt"))


def corpus_terms(texts: Iterable[str], headings: Iterable[str] = ()) -> list[str]:
    """Terms the corpus itself marks: quoted terms (“专精特新”) and short heading phrases."""
    found: Counter[str] = Counter()
    for text in texts:
        for match in _QUOTED.finditer(text):
            found[fold(match[1])] += 1
    for heading in headings:
        phrase = re.sub(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]?", "", heading).strip("。 ")
        if 4 <= len(phrase) <= 12 and _CJK.search(phrase) and not re.search(r"[,，、]", phrase):
            found[fold(phrase)] += 1
    return sorted(found)


class Tokenizer:
    """jieba in search mode (words plus their in-dictionary sub-words), folded and filtered."""

    def __init__(self, user_terms: Sequence[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.user_terms = tuple(dict.fromkeys([*domain_terms(), *user_terms]))
        self._jieba = jieba.Tokenizer()
        with _jieba_lock:
            self._jieba.initialize()
            for term in self.user_terms:
                self._jieba.add_word(term, freq=USER_TERM_FREQ)
        self._stopwords = stopwords()
        self._phrase_cache: dict[str, list[str]] = {}

    def tokens(self, text: str) -> list[str]:
        """Index and query tokens of `text`, in order, repeats kept (BM25 counts them)."""
        return [
            token
            for token in self._jieba.cut_for_search(fold(text))
            if token.strip() and _KEEP.search(token) and token not in self._stopwords
        ]

    def phrase_tokens(self, phrase: str) -> list[str]:
        """Tokens of a short fixed phrase (a synonym), remembered: the same phrase recurs."""
        cached = self._phrase_cache.get(phrase)
        if cached is None:
            cached = self._phrase_cache[phrase] = self.tokens(phrase)
        return cached

    def words(self, text: str) -> list[str]:
        """Whole words only (no search-mode sub-words), for highlighting and sentence scoring."""
        return [
            token
            for token in self._jieba.cut(fold(text))
            if token.strip() and _KEEP.search(token) and token not in self._stopwords
        ]
