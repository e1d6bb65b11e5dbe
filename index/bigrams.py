"""Character bigrams of the Chinese text: a lexical field beside jieba's words.

Everyday wording shares characters with the plans more often than whole words (网上卖 /
网络销售 share none, 后厨 / 餐饮后厨 share a bigram jieba cuts differently); BM25 over
bigrams catches what the word cut misses. Its weight in the lexical score is chosen on the
dev split (index/data/fusion.toml).
"""

from __future__ import annotations

import re

from index.layout import BIGRAM_FOLDER
from index.tokenize import TokenizedCorpus, fold

FOLDER = BIGRAM_FOLDER
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of each run of Chinese characters; a lone character stays."""
    out: list[str] = []
    for run in _CJK_RUN.findall(fold(text)):
        out += [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]
    return out


def bigram_corpus(texts: list[str]) -> TokenizedCorpus:
    corpus = TokenizedCorpus()
    for text in texts:
        corpus.add(bigrams(text))
    return corpus
