"""Query understanding: synonyms, place aliases, restrict or boost, longest-match places, parse_query."""

from __future__ import annotations

import pytest

from index.place_tables import aliases_of, build_places
from index.places import BOOST, RESTRICT, Place, detect_places
from index.query import SYNONYM_WEIGHT, parse_query
from index.regions import region_units
from index.synonyms import expand_synonyms, synonym_groups
from index.tokenize import Tokenizer


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def places(documents) -> tuple[Place, ...]:
    return build_places(
        {doc_id: d.meta.region for doc_id, d in documents.items()},
        {doc_id: [p.text for p in d.passages] for doc_id, d in documents.items()},
    )


def place(places: tuple[Place, ...], alias: str) -> Place:
    return next(p for p in places if p.alias == alias)


# -- synonyms ---------------------------------------------------------------------------
def test_synonym_groups_are_read_from_the_shipped_list():
    groups = synonym_groups()
    assert ("托育", "婴幼儿照护", "育幼", "托幼") in groups
    assert all(len(group) > 1 for group in groups)


def test_a_query_word_brings_its_synonyms():
    assert expand_synonyms("托育服务") == [("托育", ("婴幼儿照护", "育幼", "托幼"))]


def test_synonyms_already_in_the_query_are_not_added_again():
    assert expand_synonyms("托育和婴幼儿照护") == [
        ("婴幼儿照护", ("育幼", "托幼")),
        ("托育", ("育幼", "托幼")),
    ]


def test_a_query_without_synonym_terms_expands_to_nothing():
    assert expand_synonyms("同线同标同质") == []


def test_longer_synonym_terms_come_first():
    expanded = expand_synonyms("中小企业抽检合格率")
    terms = [term for term, _ in expanded]
    assert terms == sorted(terms, key=len, reverse=True)
    assert "中小企业" in terms and "合格率" in terms


def test_synonyms_enter_the_parsed_query_at_half_weight(tokenizer):
    parsed = parse_query("托育服务", tokenizer.tokens)
    weights = dict(zip(parsed.tokens, parsed.weights, strict=True))
    assert weights["托育"] == 1.0
    assert weights["服务"] == 1.0
    assert weights["婴幼儿照护"] == SYNONYM_WEIGHT == 0.5
    assert parsed.typed_tokens == tuple(tokenizer.tokens("托育服务"))
    assert parsed.synonyms == (("托育", ("婴幼儿照护", "育幼", "托幼")),)


def test_synonyms_can_be_turned_off(tokenizer):
    parsed = parse_query("托育服务", tokenizer.tokens, use_synonyms=False)
    assert parsed.tokens == tuple(tokenizer.tokens("托育服务"))
    assert set(parsed.weights) == {1.0}
    assert parsed.synonyms == ()


def test_a_synonym_token_already_typed_keeps_its_full_weight(tokenizer):
    # 食物 and 食品 are synonyms; 食品 is typed, so it must not come back at half weight
    parsed = parse_query("食品和食物", tokenizer.tokens)
    assert parsed.tokens.count("食品") == 1
    assert dict(zip(parsed.tokens, parsed.weights, strict=True))["食品"] == 1.0


# -- place aliases --------------------------------------------------------------------------
def test_region_units_split_a_region_into_its_administrative_units():
    assert region_units("重庆市合川区") == ["重庆市", "合川区"]
    assert region_units("四川天府新区") == ["四川", "天府新区"]
    assert region_units("宁夏回族自治区中卫市沙坡头区") == ["宁夏回族自治区", "中卫市", "沙坡头区"]
    assert region_units("四川省") == ["四川省"]


def test_aliases_of_a_district_include_its_short_names_and_its_city():
    assert aliases_of("重庆市合川区") == {"重庆市合川区", "重庆市", "重庆", "合川区", "合川"}


def test_aliases_of_a_new_area_include_its_province():
    assert aliases_of("四川天府新区") == {"四川天府新区", "四川", "天府新区", "天府"}


def test_aliases_of_an_autonomous_region_drop_the_suffix():
    aliases = aliases_of("宁夏回族自治区中卫市沙坡头区")
    assert {"宁夏", "中卫", "沙坡头", "沙坡头区", "中卫市"} <= aliases


def test_no_alias_is_a_single_character():
    for region in ("重庆市合川区", "四川省", "天津市东丽区", "四川天府新区"):
        assert all(len(alias) >= 2 for alias in aliases_of(region))


def test_a_name_only_its_own_plan_uses_restricts(places):
    assert place(places, "合川") == Place("合川", ("chongqing-hechuan-2024",), RESTRICT)
    assert place(places, "东丽区").mode == RESTRICT
    assert place(places, "沙坡头").doc_ids == ("ningxia-shapotou-2022",)


def test_a_name_shared_by_two_regions_restricts_to_both(places):
    assert place(places, "四川") == Place(
        "四川", ("sichuan-province-2023", "sichuan-tianfu-2024"), RESTRICT
    )


def test_a_name_other_plans_also_use_only_boosts(places, documents):
    # 天府 is the new area's name, but the province's plan also writes 天府名品, 天府工匠 …
    assert "天府" in documents["sichuan-province-2023"].text
    assert place(places, "天府") == Place("天府", ("sichuan-tianfu-2024",), BOOST)
    assert "天府新区" not in documents["sichuan-province-2023"].text
    assert place(places, "天府新区").mode == RESTRICT


def test_restrict_or_boost_follows_the_other_plans_text():
    regions = {"a": "重庆市合川区", "b": "天津市东丽区"}
    alone = build_places(regions, {"a": ["合川区的质量"], "b": ["东丽区的质量"]})
    shared = build_places(regions, {"a": ["合川区的质量"], "b": ["学习合川经验"]})
    assert place(alone, "合川").mode == RESTRICT
    assert place(shared, "合川").mode == BOOST
    assert place(shared, "合川区").mode == RESTRICT  # 合川区 itself is still only plan a's
    assert place(shared, "东丽").mode == RESTRICT


def test_a_plan_without_a_region_has_no_places():
    assert build_places({"a": None}, {"a": ["质量"]}) == ()


# -- detecting places in a query --------------------------------------------------------------
def test_the_longest_name_wins_over_a_name_inside_it(places):
    found = detect_places("四川省食品抽检合格率", places)
    assert [p.alias for p in found] == ["四川省"]


def test_the_full_region_name_is_one_place(places):
    assert [p.alias for p in detect_places("四川天府新区公园城市", places)] == ["四川天府新区"]
    assert [p.alias for p in detect_places("重庆市合川区质量", places)] == ["重庆市合川区"]


def test_several_places_in_one_query(places):
    found = detect_places("合川和东丽的食品抽检", places)
    assert {p.alias for p in found} == {"合川", "东丽"}


def test_a_query_without_a_place_detects_none(places):
    assert detect_places("首席质量官制度", places) == []
    assert detect_places("合川", ()) == []


def test_parse_query_reports_the_places_it_found(tokenizer, places):
    parsed = parse_query("合川区食品抽检合格率要达到多少？", tokenizer.tokens, places)
    assert parsed.text == "合川区食品抽检合格率要达到多少？"
    assert [p.alias for p in parsed.places] == ["合川区"]
    assert parsed.places[0].doc_ids == ("chongqing-hechuan-2024",)
    assert len(parsed.tokens) == len(parsed.weights)
    assert "食品" in parsed.typed_tokens
    assert "多少" not in parsed.tokens  # a stopword


def test_parse_query_finds_places_written_in_full_width(tokenizer):
    places = (Place("abc区", ("x",), RESTRICT),)
    assert [p.alias for p in parse_query("ＡＢＣ区质量", tokenizer.tokens, places).places] == [
        "abc区"
    ]
