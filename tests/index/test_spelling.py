"""Pinyin typos: a suspect stretch of the query that sounds like a word of the plans is searched
as that word; real words, and words next to each other, are left alone."""

from __future__ import annotations

import pytest

from index.spelling import Correction, SpellingIndex, sound
from index.tokenize import Tokenizer

PLAN_WORDS = {
    "帮扶": 12,
    "首席质量官": 30,
    "冷链": 5,
    "质量": 900,
    "巡诊": 3,
    "现有": 40,
    "加气": 1,
}


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def _index() -> SpellingIndex:
    return SpellingIndex.build(PLAN_WORDS)


def _correct(query: str, tokenizer: Tokenizer) -> tuple[str, tuple[Correction, ...]]:
    return _index().correct(
        tokenizer.segment(query), tokenizer.is_dictionary_word, tokenizer.is_common
    )


def test_sound_is_toneless_pinyin() -> None:
    assert sound("首席质量管") == sound("首席质量官") == "shou xi zhi liang guan"


def test_an_ime_typo_is_searched_as_the_plans_word(tokenizer: Tokenizer) -> None:
    assert _correct("质量巡诊邦扶", tokenizer) == ("质量巡诊帮扶", (Correction("邦扶", "帮扶"),))
    assert _correct("首席质量管", tokenizer)[0] == "首席质量官"
    assert _correct("冷连物流", tokenizer)[0] == "冷链物流"


def test_words_next_to_each_other_are_not_read_as_one_misspelt_word(tokenizer: Tokenizer) -> None:
    # 家|企业 sounds like 加气 and 先|由 like 现有; both are real words side by side.
    assert _correct("东丽区有多少家企业", tokenizer) == ("东丽区有多少家企业", ())
    assert _correct("买到问题商品先由商家垫付", tokenizer)[1] == ()


def test_a_word_of_the_plans_or_of_the_dictionary_is_never_corrected(tokenizer: Tokenizer) -> None:
    assert _correct("质量帮扶", tokenizer)[1] == ()
    assert _correct("权利保护", tokenizer)[1] == ()


def test_the_index_round_trips_through_its_folder(tmp_path) -> None:
    _index().save(tmp_path)

    loaded = SpellingIndex.load(tmp_path, PLAN_WORDS)

    assert loaded.by_sound == _index().by_sound
    assert loaded.by_sound[sound("邦扶")] == "帮扶"
