"""The baseline: plain BM25 over raw lines of the files, no cleaning, structure or query understanding."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.ingest.corpus import corpus_files
from index.ingest.formats import read_source
from index.ingest.slugs import slugify


class RawLinesBaseline:
    """Every non-empty line of every file is a 'passage'; jieba's default cut; bm25s."""

    def __init__(self, corpus: Path) -> None:
        import bm25s
        import jieba

        self._cut = jieba.Tokenizer()
        self._cut.initialize()
        self.lines: list[tuple[str, str]] = []
        for path in corpus_files(corpus):
            try:
                text = read_source(path).text
            except Exception:
                continue
            doc_id = slugify(path.stem)
            self.lines += [(doc_id, line) for line in text.splitlines() if line.strip()]
        self._bm25 = bm25s.BM25()
        self._bm25.index([self._tokens(line) for _, line in self.lines], show_progress=False)

    def _tokens(self, text: str) -> list[str]:
        return [t for t in self._cut.lcut(text) if t.strip()] or [""]

    def search(self, query: str, k: int = 10) -> list[tuple[str, str]]:
        tokens = [t for t in self._tokens(query) if t in self._bm25.vocab_dict]
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        order = np.argsort(-scores, kind="stable")[:k]
        return [self.lines[i] for i in order if scores[i] > 0]
