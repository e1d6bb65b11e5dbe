"""Kangxi and supplementary CJK radicals back to the ideographs they stand for (⼈⺠⽅ → 人民方).

PDF fonts often map a glyph to the radical's code point instead of the ideograph's, so text
taken from a PDF reads 人民政府 as ⼈⺠政府 and never matches a query. Kangxi radicals
(U+2F00..U+2FD5) have compatibility decompositions, which NFKC applies; the CJK Radicals
Supplement (U+2E80..U+2EFF) has none, so it is mapped with the Unicode Character Database's
Equivalent_Unified_Ideograph property (index/data/radicals_supplement.txt). Only those two
blocks and the Latin ligatures (ﬁ) are touched: full NFKC would also turn the full-width
punctuation of Chinese text into ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from index import data_files

_KANGXI_OR_LIGATURE = re.compile(r"[\u2f00-\u2fdf\ufb00-\ufb06]")


@cache
def supplement_table() -> dict[int, str]:
    """Code point of each supplementary radical → its equivalent unified ideograph."""
    text = data_files.text("radicals_supplement.txt")
    table: dict[int, str] = {}
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        codes, ideograph = (part.strip() for part in data.split(";"))
        first, _, last = codes.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[code] = chr(int(ideograph, 16))
    return table


def normalise_radicals(text: str) -> str:
    """The text with radicals written as ordinary ideographs; everything else unchanged."""
    text = text.translate(supplement_table())
    return _KANGXI_OR_LIGATURE.sub(lambda match: unicodedata.normalize("NFKC", match[0]), text)
