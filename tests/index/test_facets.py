"""Facet counts per region, level and year of the passages a search matched."""

from __future__ import annotations

from index.facets import FacetValue, count_facets
from index.types import DocumentMeta


def meta(doc_id: str, region: str | None, level: str | None, published: str | None):
    return DocumentMeta(doc_id, f"{doc_id}.txt", region=region, level=level, published=published)


METAS = {
    "a": meta("a", "重庆市合川区", "区县级", "2024-07-23"),
    "b": meta("b", "天津市东丽区", "区县级", "2024-08-30"),
    "c": meta("c", "四川省", "省级", "2023-06-08"),
    "d": meta("d", None, None, None),
}


def test_counts_add_up_per_value_with_the_plans_they_come_from() -> None:
    facets = count_facets({"a": 3, "b": 5, "c": 2, "d": 4}, METAS)
    assert facets.region == (
        FacetValue("天津市东丽区", 5, 1),
        FacetValue("重庆市合川区", 3, 1),
        FacetValue("四川省", 2, 1),
    )
    assert facets.level == (FacetValue("区县级", 8, 2), FacetValue("省级", 2, 1))
    assert facets.year == (FacetValue("2024", 8, 2), FacetValue("2023", 2, 1))  # newest first


def test_plans_without_matches_are_not_counted() -> None:
    facets = count_facets({"a": 0, "b": 0, "c": 2, "d": 0}, METAS)
    assert facets.region == (FacetValue("四川省", 2, 1),)
    assert facets.level == (FacetValue("省级", 2, 1),)
