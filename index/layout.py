"""The layout of one index folder: the name of every file the builder writes and the
searcher reads, and the format version of the whole. Both sides import these names from
here, so the searcher needs nothing of the builder to find its files."""

from __future__ import annotations

# 2: the manifest has a checksum file beside it.
FORMAT_VERSION = 2

MANIFEST = "manifest.json"
CHECKSUM = "manifest.sha256"  # the manifest's SHA-256, as `sha256sum -c` reads it

# Documents and passages.
DOCUMENTS_FILE = "documents.json"  # each plan's metadata, passage count and outline
PASSAGES_FOLDER = "passages"  # index.passage_store: texts, ids and columns of every passage

# Lexical search (bm25s folders) and query understanding.
BM25_FOLDER = "bm25"  # BM25 over jieba tokens
BIGRAM_FOLDER = "bm25_bigrams"  # BM25 over character bigrams
USER_TERMS_FILE = "user_terms.txt"  # the tokenizer's extra words, one a line
PLACES_FILE = "places.json"  # place names that restrict or boost plans
SPELLING_FILE = "spelling.json"  # pinyin spelling correction
GLOSSARY_FILE = "glossary.json"  # English words of the plans' Chinese terms

# Dense search.
FAISS_FILE = "vectors.faiss"
VECTORS_FILE = "vectors.npy"  # one vector a passage, row by row
VECTOR_KEYS_FILE = "vector_keys.npy"  # the hash of each passage's text (vector reuse)
SENTENCE_VECTORS_FILE = "sentence_vectors.npy"  # models only: every passage's sentences
SENTENCE_STARTS_FILE = "sentence_starts.npy"  # passage i owns sentence rows starts[i]:starts[i+1]
SENTENCE_KEYS_FILE = "sentence_keys.npy"
BUILTIN_EMBEDDER_FILE = "builtin_embedder.npz"  # the fitted built-in LSA

# Numeric targets.
TARGETS_FILE = "targets.jsonl"
TARGET_VECTORS_FILE = "target_vectors.npy"  # one vector a target's metric
TARGET_KEYS_FILE = "target_keys.npy"
TARGET_ROWS_FILE = "target_rows.json"  # the metric × plan table's rows, grouped by the build
