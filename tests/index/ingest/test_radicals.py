"""Radicals in place of ideographs (as PDF fonts hand them over) become the ideographs."""

from __future__ import annotations

from index.ingest.radicals import normalise_radicals, supplement_table


def test_kangxi_and_supplementary_radicals_become_ideographs() -> None:
    assert normalise_radicals("⼈⺠⽅⼀⻝") == "人民方一食"
    assert normalise_radicals("重庆市合川区⼈⺠政府关于印发《实施⽅案》") == (
        "重庆市合川区人民政府关于印发《实施方案》"
    )


def test_chinese_punctuation_and_other_text_are_left_alone() -> None:
    text = "（一）完善质量治理体系：到2027年，合格率达到98.2%以上；ＩＳＯ　9001。"
    assert normalise_radicals(text) == text
    assert normalise_radicals("ﬁle") == "file"  # a Latin ligature PDFs also carry


def test_the_supplement_table_maps_every_listed_radical_to_a_unified_ideograph() -> None:
    table = supplement_table()
    assert len(table) == 114  # U+2E81..U+2EF3 but U+2E9A, which is unassigned
    for code, ideograph in table.items():
        assert 0x2E80 <= code <= 0x2EFF
        # the unified ideographs, extension A, or extensions B and later
        point = ord(ideograph)
        assert 0x4E00 <= point <= 0x9FFF or 0x3400 <= point <= 0x4DBF or point >= 0x20000
        assert not 0x2E80 <= point <= 0x2FDF, hex(code)
