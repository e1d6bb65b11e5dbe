"""Passages on disk in columns: texts in one UTF-8 blob, sections and unit lists in shared tables.

A million passages load in about a second and take a fraction of the memory that a
million Python objects would; a `Passage` is only materialised for the hits shown.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.layout import PASSAGES_FOLDER
from index.types import Passage

FOLDER = PASSAGES_FOLDER
# Text blobs up to this size are read into memory; larger ones are memory-mapped.
IN_MEMORY_BYTES = 256 * 1024 * 1024
# Passages kept once decoded (about 15 MB at most): all of a few dozen plans, and the most
# recently shown of a large corpus (least recently used first out). Decoding one costs about
# 3 µs, a tenth of a search.
DECODED_KEPT = 10_000


class PassageStore:
    def __init__(
        self,
        texts: bytes | np.ndarray,
        text_offsets: np.ndarray,
        ids: bytes | np.ndarray,
        id_offsets: np.ndarray,
        columns: np.ndarray,  # (n, 6) int64: doc, ordinal, start, end, section, units
        doc_ids: Sequence[str],
        sections: Sequence[tuple[str, ...]],
        unit_lists: Sequence[tuple[str, ...]],
    ) -> None:
        self._texts = texts
        self._text_offsets = text_offsets
        self._ids = ids
        self._id_offsets = id_offsets
        self._columns = columns
        self.doc_ids = tuple(doc_ids)
        self.sections = tuple(sections)
        self.unit_lists = tuple(unit_lists)
        self._by_id: dict[str, int] | None = None
        self._decoded = functools.lru_cache(maxsize=DECODED_KEPT)(self._decode)

    def __len__(self) -> int:
        return int(self._columns.shape[0])

    @property
    def doc_index(self) -> np.ndarray:
        """For each passage, the position of its plan in `doc_ids`."""
        return self._columns[:, 0]

    @property
    def section_index(self) -> np.ndarray:
        """For each passage, the position of its section path in `sections`."""
        return self._columns[:, 4]

    def text(self, i: int) -> str:
        return bytes(self._texts[self._text_offsets[i] : self._text_offsets[i + 1]]).decode("utf-8")

    def passage_id(self, i: int) -> str:
        return bytes(self._ids[self._id_offsets[i] : self._id_offsets[i + 1]]).decode("utf-8")

    def get(self, i: int) -> Passage:
        return self._decoded(i)

    def cache_info(self) -> functools._CacheInfo:
        """Hits, misses and the number of passages kept decoded (functools' counters)."""
        return self._decoded.cache_info()

    def _decode(self, i: int) -> Passage:
        doc, ordinal, start, end, section, units = self._columns[i].tolist()
        return Passage(
            passage_id=self.passage_id(i),
            doc_id=self.doc_ids[doc],
            ordinal=ordinal,
            section=self.sections[section],
            text=self.text(i),
            start=start,
            end=end,
            responsible_units=self.unit_lists[units],
        )

    def find(self, passage_id: str) -> int | None:
        if self._by_id is None:
            self._by_id = {self.passage_id(i): i for i in range(len(self))}
        return self._by_id.get(passage_id)

    def texts(self) -> list[str]:
        return [self.text(i) for i in range(len(self))]

    def rows_containing(self, needle: str) -> np.ndarray:
        """The passages whose text contains `needle` exactly (Latin letters in any case),
        found by one scan of the text blob in C rather than a decode per passage."""
        pattern = re.compile(re.escape(needle.encode("utf-8")), re.IGNORECASE)
        starts = np.fromiter(
            (match.start() for match in pattern.finditer(self._texts)),  # type: ignore[arg-type]
            dtype=np.int64,
        )
        if not len(starts):
            return np.zeros(0, np.int64)
        rows = np.searchsorted(self._text_offsets, starts, side="right") - 1
        # A match running from one passage into the next is in neither.
        inside = starts + len(needle.encode("utf-8")) <= self._text_offsets[rows + 1]
        return np.unique(rows[inside])

    # -- building and persistence ------------------------------------------------------
    @classmethod
    def from_passages(cls, passages: Sequence[Passage], doc_ids: Sequence[str]) -> PassageStore:
        doc_position = {doc_id: i for i, doc_id in enumerate(doc_ids)}
        section_table: dict[tuple[str, ...], int] = {}
        unit_table: dict[tuple[str, ...], int] = {(): 0}
        texts, ids = bytearray(), bytearray()
        text_offsets, id_offsets = [0], [0]
        columns = np.zeros((len(passages), 6), dtype=np.int64)
        for i, passage in enumerate(passages):
            texts += passage.text.encode("utf-8")
            text_offsets.append(len(texts))
            ids += passage.passage_id.encode("utf-8")
            id_offsets.append(len(ids))
            section = section_table.setdefault(passage.section, len(section_table))
            units = unit_table.setdefault(passage.responsible_units, len(unit_table))
            columns[i] = (
                doc_position[passage.doc_id],
                passage.ordinal,
                passage.start,
                passage.end,
                section,
                units,
            )
        return cls(
            bytes(texts),
            np.asarray(text_offsets, np.int64),
            bytes(ids),
            np.asarray(id_offsets, np.int64),
            columns,
            doc_ids,
            list(section_table),
            list(unit_table),
        )

    def save(self, folder: Path) -> None:
        target = folder / FOLDER
        target.mkdir()
        (target / "texts.bin").write_bytes(bytes(self._texts))
        (target / "ids.bin").write_bytes(bytes(self._ids))
        np.save(target / "text_offsets.npy", self._text_offsets)
        np.save(target / "id_offsets.npy", self._id_offsets)
        np.save(target / "columns.npy", self._columns)
        tables = {
            "doc_ids": list(self.doc_ids),
            "sections": [list(s) for s in self.sections],
            "unit_lists": [list(u) for u in self.unit_lists],
        }
        (target / "tables.json").write_text(json.dumps(tables, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> PassageStore:
        source = folder / FOLDER
        tables = json.loads((source / "tables.json").read_text("utf-8"))
        return cls(
            _blob(source / "texts.bin"),
            np.load(source / "text_offsets.npy"),
            _blob(source / "ids.bin"),
            np.load(source / "id_offsets.npy"),
            np.load(source / "columns.npy"),
            tables["doc_ids"],
            [tuple(s) for s in tables["sections"]],
            [tuple(u) for u in tables["unit_lists"]],
        )


def _blob(path: Path) -> bytes | np.ndarray:
    size = path.stat().st_size
    if size > IN_MEMORY_BYTES:
        return np.memmap(path, dtype=np.uint8, mode="r")
    return path.read_bytes()
