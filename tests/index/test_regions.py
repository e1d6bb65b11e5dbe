"""The one region parser: plans' regions and place names in queries, on the real division table."""

from __future__ import annotations

import pytest

from index.regions import COUNTY, divisions, region_units, regions_in, short_name

# Cities whose names end in 州 were cut after the 州 (湖州 | 市吴兴区).
ZHOU_CITIES = [
    ("湖州市吴兴区", ["湖州市", "吴兴区"]),
    ("杭州市西湖区", ["杭州市", "西湖区"]),
    ("广州市天河区", ["广州市", "天河区"]),
    ("苏州市姑苏区", ["苏州市", "姑苏区"]),
    ("兰州市城关区", ["兰州市", "城关区"]),
    ("温州市鹿城区", ["温州市", "鹿城区"]),
    ("沧州市运河区", ["沧州市", "运河区"]),
    ("贵州省遵义市汇川区", ["贵州省", "遵义市", "汇川区"]),
]


@pytest.mark.parametrize(("region", "units"), ZHOU_CITIES)
def test_a_region_of_a_zhou_city_splits_into_its_units(region: str, units: list[str]) -> None:
    assert region_units(region) == units


@pytest.mark.parametrize(
    ("region", "units"),
    [
        ("重庆市合川区", ["重庆市", "合川区"]),
        ("四川天府新区", ["四川", "天府新区"]),
        ("重庆市两江新区", ["重庆市", "两江新区"]),
        ("宁夏回族自治区中卫市沙坡头区", ["宁夏回族自治区", "中卫市", "沙坡头区"]),
        ("湖南省长沙市岳麓区", ["湖南省", "长沙市", "岳麓区"]),
        ("黔南布依族苗族自治州都匀市", ["黔南布依族苗族自治州", "都匀市"]),
        ("四川省", ["四川省"]),
    ],
)
def test_regions_of_every_kind_split_into_their_units(region: str, units: list[str]) -> None:
    assert region_units(region) == units


def test_every_county_of_the_table_parses_after_its_city_and_its_province() -> None:
    by_code = {d.code: d for d in divisions()}
    wrong = []
    for county in (d for d in divisions() if d.rank == COUNTY):
        province = by_code[county.code[:2] + "0000"]
        parents = [province]
        city = by_code.get(county.code[:4] + "00")
        if city is not None and city.name not in ("市辖区", "县"):
            parents += [city]
        for parent in parents:
            if region_units(parent.name + county.name) != [parent.name, county.name]:
                wrong.append(parent.name + county.name)
        if city is not None and city in parents:
            whole = province.name + city.name + county.name
            if region_units(whole) != [province.name, city.name, county.name]:
                wrong.append(whole)
    assert len(divisions()) > 3000
    assert wrong == []


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("浙江省", "浙江"),
        ("宁夏回族自治区", "宁夏"),
        ("内蒙古自治区", "内蒙古"),
        ("香港特别行政区", "香港"),
        ("阿坝藏族羌族自治州", "阿坝"),
        ("西双版纳傣族自治州", "西双版纳"),
        ("塔什库尔干塔吉克自治县", "塔什库尔干"),
        ("湖州市", "湖州"),
        ("吴兴区", "吴兴"),
        ("天府新区", "天府"),
        ("和县", "和县"),  # 和 alone is an ordinary word
    ],
)
def test_short_names(name: str, short: str) -> None:
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("北京市首席质量官", ["北京市"]),
        ("北京首席质量官", ["北京市"]),
        ("吴兴区食品抽检合格率", ["吴兴区"]),
        ("湖州市和温州市的品牌建设", ["湖州市", "温州市"]),
        ("首席质量官制度要求", []),
        ("城区和郊区质量提升", []),  # 城区, 郊区 are counties' names, and ordinary words
        ("长江经济带", []),
    ],
)
def test_regions_named_in_running_text(text: str, named: list[str]) -> None:
    assert [region.name for region in regions_in(text)] == named
