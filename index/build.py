"""Build an index folder: ingest → passages → tokens → BM25 + embeddings → FAISS, switched in atomically."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from index.bigrams import bigram_corpus
from index.bilingual import Glossary
from index.dense import DenseIndex, SentenceVectors, set_threads
from index.embedders import Embedder, EmbedderConfig
from index.embedders.cache import PASSAGES, SENTENCES, TARGETS, embed_with_cache
from index.errors import PolicySearchError
from index.fingerprint import data_fingerprint
from index.freshness import corpus_fingerprint, index_is_current, rebuild_reason
from index.ingest.corpus import corpus_files, load_corpus
from index.layout import (
    BIGRAM_FOLDER,
    BM25_FOLDER,
    DOCUMENTS_FILE,
    PLACES_FILE,
    TARGET_ROWS_FILE,
    TARGET_VECTORS_FILE,
    TARGETS_FILE,
    USER_TERMS_FILE,
)
from index.lexical import BM25_B, BM25_K1, LexicalIndex
from index.passage_store import PassageStore
from index.place_tables import build_places
from index.reuse import build_embedder, previous_vectors, reusable_build
from index.sentences import split_sentences
from index.spelling import SpellingIndex
from index.store import IndexFolder, IndexWriter
from index.targets.extract import extract_targets
from index.targets.rows import table_rows
from index.tokenize import Tokenizer, corpus_terms, tokenize_corpus
from index.types import Corpus, Document, OutlineNode, Passage

__all__ = [
    "BuildInputs",
    "BuildReport",
    "Progress",
    "build_index",
    "corpus_fingerprint",
    "index_is_current",
    "rebuild_reason",
    "write_index",
]

# Told how a build is getting on: (stage, done, total), e.g. ("embedding", 64, 212).
Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class BuildReport:
    folder: IndexFolder
    corpus: Corpus
    seconds: float
    embedded: int  # passages embedded in this build
    reused: int  # passages whose vectors came from the previous build
    sentences_embedded: int = 0  # sentence vectors computed in this build (models only)
    not_reused: str | None = None  # why nothing was taken from the previous build


def _library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in ("faiss-cpu", "bm25s", "jieba", "numpy", "sentence-transformers", "scikit-learn"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _sentence_vectors(
    embedder: Embedder,
    texts: Sequence[str],
    previous_folder: Path | None,
    folder: Path,
    progress: Progress = _silent,
) -> tuple[SentenceVectors | None, int]:
    """A model's vectors of every passage's sentences (the built-in LSA needs none)."""
    if embedder.kind == "builtin":
        return None, 0
    sentences: list[str] = []
    starts = [0]
    for text in texts:
        sentences += [sentence.text for sentence in split_sentences(text)]
        starts.append(len(sentences))
    vectors, keys, embedded = embed_with_cache(
        embedder,
        sentences,
        None,
        previous_vectors(previous_folder, embedder.id, SENTENCES),
        progress="embedding sentences",
        report=lambda done, total: progress("embedding sentences", done, total),
    )
    np.save(folder / SENTENCES.keys, keys)
    return SentenceVectors(vectors, np.array(starts, np.int64)), embedded


def _outline_json(nodes: Sequence[OutlineNode]) -> list[dict[str, Any]]:
    return [{"heading": node.heading, "children": _outline_json(node.children)} for node in nodes]


@dataclass
class BuildInputs:
    """What a build indexes: documents with their passages (from a corpus folder or a benchmark)."""

    documents: Sequence[Document]
    corpus_info: dict[str, Any] = field(default_factory=dict)
    corpus: Corpus | None = None


def write_index(
    inputs: BuildInputs,
    index_root: Path,
    embedder_config: EmbedderConfig,
    threads: int = 2,
    exact_limit: int | None = None,
    progress: Progress = _silent,
) -> BuildReport:
    """Tokenize, embed and index the passages of `inputs` into a new build under `index_root`."""
    started = time.perf_counter()
    set_threads(threads)
    documents = list(inputs.documents)
    passages: list[Passage] = [p for document in documents for p in document.passages]
    texts = [passage.text for passage in passages]
    headings = {label for p in passages for label in p.section}
    places = build_places(
        {d.doc_id: d.meta.region for d in documents},
        {d.doc_id: [p.text for p in d.passages] for d in documents},
    )
    tokenizer = Tokenizer(corpus_terms(texts, headings) + sorted({p.alias for p in places}))
    previous_folder, not_reused = reusable_build(index_root)
    # Each part is written as soon as it is built and then let go, so the peak memory of a
    # large build is its largest part, not their sum.
    with IndexWriter(index_root) as writer:
        folder = writer.path
        progress("tokenizing", 0, len(texts))
        tokens = tokenize_corpus(tokenizer, texts, threads)
        lexical = LexicalIndex.build(tokens)
        lexical.save(folder / BM25_FOLDER)
        LexicalIndex.build(bigram_corpus(texts)).save(folder / BIGRAM_FOLDER)
        frequencies = lexical.document_frequencies()
        SpellingIndex.build(frequencies).save(folder)
        Glossary.build(frequencies, [place.alias for place in places]).save(folder)
        del lexical, frequencies
        embedder = build_embedder(
            embedder_config, texts, tokenizer, previous_folder, threads, tokens
        )
        vectors, keys, embedded = embed_with_cache(
            embedder,
            texts,
            tokens,
            previous_vectors(previous_folder, embedder.id),
            progress="embedding passages",
            report=lambda done, total: progress("embedding passages", done, total),
        )
        del tokens
        np.save(folder / PASSAGES.keys, keys)
        sentences, sentences_embedded = _sentence_vectors(
            embedder, texts, previous_folder, folder, progress
        )
        progress("writing the index", 0, 0)
        dense = DenseIndex.build(
            vectors,
            **({} if exact_limit is None else {"exact_limit": exact_limit}),
            sentences=sentences,
        )
        dense.save(folder)
        dense_info = dense.describe()
        del dense, vectors, sentences
        embedder.save(folder)
        PassageStore.from_passages(passages, [d.doc_id for d in documents]).save(folder)
        targets = [t for document in documents for t in extract_targets(document.passages)]
        target_vectors, target_keys, _ = embed_with_cache(
            embedder,
            [t.metric for t in targets],
            None,
            previous_vectors(previous_folder, embedder.id, TARGETS),
        )
        np.save(folder / TARGETS.keys, target_keys)
        (folder / TARGETS_FILE).write_text(
            "".join(json.dumps(asdict(t), ensure_ascii=False) + "\n" for t in targets), "utf-8"
        )
        np.save(folder / TARGET_VECTORS_FILE, target_vectors)
        # The table's rows, grouped once here so that no request groups every target again.
        (folder / TARGET_ROWS_FILE).write_text(json.dumps(table_rows(targets)), "utf-8")
        (folder / USER_TERMS_FILE).write_text("\n".join(tokenizer.user_terms), "utf-8")
        (folder / PLACES_FILE).write_text(
            json.dumps([asdict(place) for place in places], ensure_ascii=False, indent=1), "utf-8"
        )
        (folder / DOCUMENTS_FILE).write_text(_documents_json(documents), "utf-8")
        corpus = inputs.corpus
        manifest = {
            "corpus": inputs.corpus_info,
            "counts": {
                "documents": len(documents),
                "passages": len(passages),
                "targets": len(targets),
                "skipped": len(corpus.skipped) if corpus else 0,
            },
            "skipped": [asdict(s) for s in corpus.skipped] if corpus else [],
            "warnings": list(corpus.warnings) if corpus else [],
            "embedder": embedder.describe(),
            "dense": dense_info,
            "lexical": {
                "library": "bm25s",
                "method": "lucene",
                "k1": BM25_K1,
                "b": BM25_B,
                "tokenizer": "jieba cut_for_search, NFKC folding, stopwords",
                "user_terms": len(tokenizer.user_terms),
            },
            "data_fingerprint": data_fingerprint(),
            "libraries": _library_versions(),
            "build_seconds": round(time.perf_counter() - started, 3),
            "embedded": embedded,
            "reused_embeddings": len(passages) - embedded,
            "sentences_embedded": sentences_embedded,
        }
        committed = writer.commit(manifest)
    return BuildReport(
        folder=committed,
        corpus=corpus or Corpus(tuple(documents)),
        seconds=time.perf_counter() - started,
        embedded=embedded,
        reused=len(passages) - embedded,
        sentences_embedded=sentences_embedded,
        not_reused=not_reused,
    )


def _documents_json(documents: Sequence[Document]) -> str:
    return json.dumps(
        [
            {
                **asdict(d.meta),
                "passages": len(d.passages),
                "parts": d.parts,
                "outline": _outline_json(d.outline),
            }
            for d in documents
        ],
        ensure_ascii=False,
        indent=1,
    )


def build_index(
    corpus_folder: Path,
    index_root: Path,
    embedder_config: EmbedderConfig,
    threads: int = 2,
    progress: Progress = _silent,
) -> BuildReport:
    """Read the corpus folder and build a new index from it; `progress` hears each stage."""
    corpus = load_corpus(
        corpus_folder, lambda done, total: progress("reading the corpus", done, total)
    )
    info = {
        "folder": str(corpus_folder),
        "fingerprint": corpus_fingerprint(corpus_folder, embedder_config),
        "files": [str(p.relative_to(corpus_folder)) for p in corpus_files(corpus_folder)],
    }
    if not corpus.documents:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in corpus.skipped) or "no files"
        raise PolicySearchError(
            f"no plan in {corpus_folder} could be read ({reasons}); add .txt, .html, .docx or .pdf plans"
        )
    return write_index(
        BuildInputs(corpus.documents, info, corpus),
        index_root,
        embedder_config,
        threads,
        progress=progress,
    )
