"""Synthetic corpora of any size, built from the plans' own sentences and headings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.sentences import ENDS, split_sentences
from index.structure.passages import passage_id
from index.types import Document, DocumentMeta, Passage

PASSAGES_PER_PLAN = 1000


def sentence_pool(documents: Sequence[Document]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Sentences and section paths of the real plans."""
    sentences = [
        s.text
        for d in documents
        for p in d.passages
        for s in split_sentences(p.text)
        if len(s.text) >= 8 and s.text[-1] in ENDS
    ]
    sections = sorted({p.section for d in documents for p in d.passages})
    return sentences, sections


def synthetic_documents(size: int, documents: Sequence[Document], seed: int = 0) -> list[Document]:
    """`size` passages in plans of PASSAGES_PER_PLAN, each passage 2-5 random real sentences."""
    rng = np.random.default_rng(seed)
    sentences, sections = sentence_pool(documents)
    regions = [d.meta.region or "示例市" for d in documents]
    out = []
    for plan in range((size + PASSAGES_PER_PLAN - 1) // PASSAGES_PER_PLAN):
        doc_id = f"synthetic-{plan:05d}"
        count = min(PASSAGES_PER_PLAN, size - plan * PASSAGES_PER_PLAN)
        seen: dict[str, int] = {}
        passages = []
        offset = 0
        lengths = rng.integers(2, 6, size=count)
        picks = rng.integers(0, len(sentences), size=int(lengths.sum()))
        section_picks = rng.integers(0, len(sections), size=count)
        cursor = 0
        for ordinal in range(count):
            text = "".join(sentences[i] for i in picks[cursor : cursor + lengths[ordinal]])
            cursor += int(lengths[ordinal])
            passages.append(
                Passage(
                    passage_id=passage_id(doc_id, text, seen),
                    doc_id=doc_id,
                    ordinal=ordinal,
                    section=sections[section_picks[ordinal]],
                    text=text,
                    start=offset,
                    end=offset + len(text),
                )
            )
            offset += len(text) + 1
        region = regions[plan % len(regions)]
        meta = DocumentMeta(
            doc_id=doc_id,
            source=f"{doc_id}.txt",
            title=f"合成方案{plan}",
            region=f"{region}第{plan}片区",
            level="区县级",
        )
        out.append(Document(meta, "", (), tuple(passages)))
    return out
