"""Readable, stable document ids from file names (Chinese names are spelt in pinyin)."""

from __future__ import annotations

import re

MAX_SLUG = 64


def slugify(name: str) -> str:
    """chongqing-hechuan-2024.txt stem → chongqing-hechuan-2024; 合川方案 → he-chuan-fang-an."""
    if re.search(r"[\u4e00-\u9fff]", name):
        from pypinyin import lazy_pinyin

        name = "-".join(lazy_pinyin(name))
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or "document"
