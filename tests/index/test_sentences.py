"""Sentences: verbatim with offsets, responsibility notes alone, fragments left out."""

from __future__ import annotations

from index.sentences import split_sentences


def test_split_sentences_keeps_offsets_and_text_verbatim():
    text = "第一句话写在这里。第二句话也在这里；短。(责任单位:区市场监管局)"
    pieces = split_sentences(text)
    for piece in pieces:
        assert text[piece.start : piece.start + len(piece.text)] == piece.text
    sentences = [piece.text for piece in pieces]
    assert sentences[0] == "第一句话写在这里。"
    assert "短。" not in sentences  # too short to answer anything
    assert "(责任单位:区市场监管局)" in sentences  # a responsibility note stands alone


def test_a_passage_with_line_breaks_is_split_at_them():
    text = "(四)开展消费品质量提升专项行动\n持续开展助力中小企业质量提升行动"
    assert [p.text for p in split_sentences(text)] == [
        "(四)开展消费品质量提升专项行动",
        "持续开展助力中小企业质量提升行动",
    ]
