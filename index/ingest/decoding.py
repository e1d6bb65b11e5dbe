"""Bytes to text: UTF-8 (with or without BOM), GB18030/GBK and others, tolerating a few stray bytes."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from index.errors import UnreadableFile

# A file this share of whose characters had to be replaced is not a damaged text, it is not text.
MAX_REPLACED_SHARE = 0.01
# Below this share of control or private-use characters a decoding is believed to be text.
MAX_JUNK_SHARE = 0.01
_LENIENT_CANDIDATES = ("utf-8", "gb18030")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int  # bytes that could not be decoded and were replaced by U+FFFD


def _junk_share(text: str) -> float:
    junk = sum(
        1
        for ch in text
        if ch == "\ufffd"
        or (unicodedata.category(ch) in {"Cc", "Co", "Cs"} and ch not in "\n\r\t\f")
    )
    return junk / max(len(text), 1)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> Decoded:
    """Decode a text file, or raise UnreadableFile saying why it is not text."""
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile("binary content, not text; export the plan as .txt, .html or .docx")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return _checked(Decoded(text, encoding, text.count("\ufffd")))
    strict = _strict(data, "utf-8")
    if strict is not None:
        return _checked(Decoded(strict, "utf-8", 0))
    best = from_bytes(data).best()
    if best is not None:
        return _checked(Decoded(str(best), best.encoding, 0))
    return _checked(_lenient(data))


def _lenient(data: bytes) -> Decoded:
    """The candidate encoding that needs the fewest replacements: a few stray bytes are forgiven."""
    readings = []
    for encoding in _LENIENT_CANDIDATES:
        text = data.decode(encoding, errors="replace")
        readings.append(Decoded(text, encoding, text.count("\ufffd")))
    return min(readings, key=lambda reading: reading.replaced)


def _checked(decoded: Decoded) -> Decoded:
    if not decoded.text.strip():
        raise UnreadableFile("the file holds no text")
    if decoded.replaced / max(len(decoded.text), 1) > MAX_REPLACED_SHARE:
        raise UnreadableFile(
            "cannot be decoded as text (tried UTF-8, GB18030/GBK and charset detection); "
            "save it as UTF-8"
        )
    if _junk_share(decoded.text.replace("\ufffd", "")) > MAX_JUNK_SHARE:
        raise UnreadableFile("binary content, not text; export the plan as .txt, .html or .docx")
    return decoded
