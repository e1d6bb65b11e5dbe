"""Bytes to text: the plans in every encoding they are published in, and what is not text."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from index.errors import UnreadableFile
from index.ingest.decoding import decode_text

PLANS = [
    "chongqing-hechuan-2024.txt",
    "ningxia-shapotou-2022.txt",
    "sichuan-province-2023.txt",
    "sichuan-tianfu-2024.txt",
    "tianjin-dongli-2024.txt",
]


def plan_text(corpus_dir: Path, name: str) -> str:
    return (corpus_dir / name).read_text("utf-8")


@pytest.mark.parametrize("name", PLANS)
@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        pytest.param(lambda text: text.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(
            lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig", id="utf-8-bom"
        ),
        pytest.param(lambda text: text.encode("gb18030"), "gb18030", id="gb18030"),
        pytest.param(lambda text: text.encode("utf-16"), "utf-16", id="utf-16"),
    ],
)
def test_plans_read_back_exactly(corpus_dir: Path, name: str, encode, encoding: str) -> None:
    text = plan_text(corpus_dir, name)
    decoded = decode_text(encode(text))
    assert decoded.text == text  # no BOM character, no mojibake
    assert decoded.encoding == encoding
    assert decoded.replaced == 0


@pytest.mark.parametrize("name", PLANS)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_few_stray_bytes_are_replaced(corpus_dir: Path, name: str, encoding: str) -> None:
    text = plan_text(corpus_dir, name)
    cuts = [len(text) // 4, len(text) // 2, 3 * len(text) // 4]
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    damaged = b"\xff".join(piece.encode(encoding) for piece in pieces)
    decoded = decode_text(damaged)
    assert decoded.replaced == 3
    assert decoded.text == "\ufffd".join(pieces)


def test_many_bad_bytes_are_not_a_damaged_text(corpus_dir: Path) -> None:
    data = bytearray(plan_text(corpus_dir, "tianjin-dongli-2024.txt").encode("utf-8"))
    for position in range(0, len(data), 40):  # one byte in 40: far more than a few
        data[position] = 0xFF
    with pytest.raises(UnreadableFile, match="cannot be decoded as text"):
        decode_text(bytes(data))


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(UnreadableFile, match="the file is empty"):
        decode_text(data)


def test_full_width_spaces_only() -> None:
    with pytest.raises(UnreadableFile, match="no text"):
        decode_text("\u3000\u3000\n\u3000".encode())


def test_random_bytes_are_not_text() -> None:
    with pytest.raises(UnreadableFile, match="binary content, not text"):
        decode_text(random.Random(7).randbytes(4096))


def test_high_bytes_without_an_encoding_cannot_be_decoded() -> None:
    junk = bytes(range(0x80, 0x100)) * 16  # no NUL, no valid UTF-8, not GB18030 text
    with pytest.raises(UnreadableFile, match="cannot be decoded as text"):
        decode_text(junk)


def test_control_bytes_are_binary_content() -> None:
    with pytest.raises(UnreadableFile, match="binary content, not text"):
        decode_text(b"\x00\x01\x02\x03" * 200 + "质量强区".encode())
