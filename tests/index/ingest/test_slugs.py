"""Document ids from file names."""

from __future__ import annotations

import pytest

from index.ingest.slugs import MAX_SLUG, slugify


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("chongqing-hechuan-2024", "chongqing-hechuan-2024"),
        ("Sichuan_Province 2023", "sichuan-province-2023"),
        ("合川方案", "he-chuan-fang-an"),
        ("四川省质量提升行动方案", "si-chuan-sheng-zhi-liang-ti-sheng-xing-dong-fang-an"),
        ("东丽区 2024 方案", "dong-li-qu-2024-fang-an"),
        ("--plan--", "plan"),
        ("!!!", "document"),
        ("", "document"),
    ],
)
def test_slugify(stem: str, slug: str) -> None:
    assert slugify(stem) == slug


def test_long_names_are_cut_without_a_trailing_dash() -> None:
    slug = slugify("沙坡头区加快推进质量强区和商标战略建设的实施方案关于印发的通知正式版本")
    assert len(slug) <= MAX_SLUG
    assert not slug.endswith("-")
    assert slug.startswith("sha-po-tou-qu-")
