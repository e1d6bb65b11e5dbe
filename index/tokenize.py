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
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import overload

from index import data_files

_KEEP = re.compile(r"[\w+]", re.UNICODE)
_QUOTED = re.compile(r"[“\"「]([\u4e00-\u9fffA-Za-z0-9+]{2,12})[”\"」]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# jieba frequency for user terms: high enough to keep them whole against the base dictionary.
USER_TERM_FREQ = 20000
COMMON_FREQ = 20000
_jieba_lock = threading.Lock()


def fold(text: str) -> str:
    """Full-width to half-width, compatibility forms unified, Latin lower-cased."""
    return unicodedata.normalize("NFKC", text).lower()


@cache
def stopwords() -> frozenset[str]:
    return frozenset(fold(word) for word in data_files.lines("stopwords.txt"))


@cache
def domain_terms() -> tuple[str, ...]:
    return tuple(fold(word) for word in data_files.lines("domain_terms.txt"))


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
        return self.analyse(text)[0]

    def analyse(self, text: str) -> tuple[list[str], list[str]]:
        """(search-mode tokens, whole words) from one jieba pass.

        The tokens are what jieba's cut_for_search yields (each word preceded by its 2- and
        3-character sub-words found in the dictionary), computed here from the words of a
        single cut so that a query is segmented once, not twice.
        """
        frequency = self._jieba.FREQ
        tokens: list[str] = []
        words: list[str] = []
        for word in self._jieba.cut(fold(text)):
            if len(word) > 2:
                tokens += [
                    word[i : i + 2] for i in range(len(word) - 1) if frequency.get(word[i : i + 2])
                ]
            if len(word) > 3:
                tokens += [
                    word[i : i + 3] for i in range(len(word) - 2) if frequency.get(word[i : i + 3])
                ]
            tokens.append(word)
            words.append(word)
        keep = self._keep
        return [t for t in tokens if keep(t)], [w for w in words if keep(w)]

    def _keep(self, token: str) -> bool:
        return bool(token.strip()) and bool(_KEEP.search(token)) and token not in self._stopwords

    def phrase_tokens(self, phrase: str) -> list[str]:
        """Tokens of a short fixed phrase (a synonym), remembered: the same phrase recurs."""
        cached = self._phrase_cache.get(phrase)
        if cached is None:
            cached = self._phrase_cache[phrase] = self.tokens(phrase)
        return cached

    def segment(self, text: str) -> list[str]:
        """jieba's words of the folded text, in order, nothing dropped (they join back to it)."""
        return list(self._jieba.cut(fold(text)))

    def is_common(self, word: str) -> bool:
        """A stopword, or a word at least as frequent in jieba's dictionary as 请 or 先."""
        return word in self._stopwords or self._jieba.FREQ.get(word, 0) >= COMMON_FREQ

    def is_dictionary_word(self, word: str) -> bool:
        """Whether jieba's dictionary (with the policy terms) knows the word."""
        return self._jieba.FREQ.get(word, 0) > 0

    def words(self, text: str) -> list[str]:
        """Whole words only (no search-mode sub-words), for highlighting and sentence scoring."""
        return self.analyse(text)[1]


class TokenizedCorpus(Sequence[list[str]]):
    """Every passage's tokens as compact id arrays over one shared vocabulary.

    A million passages as lists of Python strings would take gigabytes; as int32 arrays
    they take a few hundred MB. Indexing gives a passage's tokens back as strings (shared
    objects, so cheap), which is what the embedders take.
    """

    def __init__(self) -> None:
        self.ids: list[array] = []
        self.vocabulary: dict[str, int] = {}
        self.terms: list[str] = []

    def add(self, tokens: Sequence[str]) -> None:
        vocabulary, terms = self.vocabulary, self.terms
        row = array("i")
        for token in tokens:
            token_id = vocabulary.get(token)
            if token_id is None:
                token_id = vocabulary[token] = len(terms)
                terms.append(token)
            row.append(token_id)
        self.ids.append(row)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> list[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[str]]: ...
    def __getitem__(self, index: int | slice) -> list[str] | list[list[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        terms = self.terms
        return [terms[token_id] for token_id in self.ids[index]]


PARALLEL_FROM = 20_000
_WORKER_TOKENIZER: Tokenizer | None = None


def _cut_chunk(texts: Sequence[str]) -> list[list[str]]:
    assert _WORKER_TOKENIZER is not None
    return [_WORKER_TOKENIZER.tokens(text) for text in texts]


def tokenize_corpus(
    tokenizer: Tokenizer, texts: Sequence[str], processes: int = 2, chunk: int = 2000
) -> TokenizedCorpus:
    """Tokens of every text; a large corpus is cut by `processes` forked workers."""
    corpus = TokenizedCorpus()
    if len(texts) < PARALLEL_FROM or processes < 2:
        for text in texts:
            corpus.add(tokenizer.tokens(text))
        return corpus
    import multiprocessing

    global _WORKER_TOKENIZER
    _WORKER_TOKENIZER = tokenizer  # inherited by the forked workers, dictionary loaded
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            chunks = (texts[i : i + chunk] for i in range(0, len(texts), chunk))
            for part in pool.imap(_cut_chunk, chunks):
                for tokens in part:
                    corpus.add(tokens)
    finally:
        _WORKER_TOKENIZER = None
    return corpus
