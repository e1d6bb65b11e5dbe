"""English in a query: CC-CEDICT glosses of the plans' own words, and places named in pinyin."""

from __future__ import annotations

import pytest

from index.bilingual import Glossary

PLAN_WORDS = {"冷链": 40, "质量": 900, "品质": 20, "素质": 5, "一站式": 3, "覆盖率": 8}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.build(PLAN_WORDS, ["合川", "合川区", "沙坡头"])


def test_english_phrases_find_the_plans_chinese_words(glossary: Glossary) -> None:
    found = dict(glossary.translate("cold chain logistics and quality of one-stop services"))

    assert found["cold chain"] == ("冷链",)
    assert found["one-stop"] == ("一站式",)
    assert found["quality"][0] == "质量"  # the plans' most frequent word for it first
    assert len(found["quality"]) <= 2


def test_only_the_plans_words_are_offered(glossary: Glossary) -> None:
    assert all(
        word in PLAN_WORDS for _, words in glossary.translate("quality coverage") for word in words
    )
    assert glossary.translate("apple pie") == []


def test_places_named_in_pinyin_are_the_plans_places(glossary: Glossary) -> None:
    assert glossary.place_names("Hechuan target for buildings") == [("Hechuan", "合川")]
    assert glossary.place_names("Shapotou forest coverage") == [("Shapotou", "沙坡头")]
    assert glossary.place_names("quality of services") == []


def test_the_glossary_round_trips_through_its_folder(glossary: Glossary, tmp_path) -> None:
    glossary.save(tmp_path)

    assert Glossary.load(tmp_path) == glossary
    assert Glossary.load(tmp_path / "none").translate("food safety") == []
