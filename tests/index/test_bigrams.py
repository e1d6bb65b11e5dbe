"""Character bigrams as a lexical field, and how they join the word field."""

from __future__ import annotations

import numpy as np

from index.bigrams import bigrams
from index.fusion import lexical_blend


def test_bigrams_overlap_within_each_run_of_chinese() -> None:
    assert bigrams("网上卖东西, 质量") == ["网上", "上卖", "卖东", "东西", "质量"]
    assert bigrams("管 quality") == ["管"]


def test_the_bigram_field_adds_to_words_in_the_word_fields_units() -> None:
    words = np.array([4.0, 2.0, 0.0], np.float32)
    grams = np.array([1.0, 10.0, 5.0], np.float32)

    blended = lexical_blend(words, grams, 0.5)

    # each field scaled by its best passage: words /4, bigrams /10; back in word units (×4)
    assert np.allclose(blended, [4.0 + 0.5 * 0.4, 2.0 + 0.5 * 4.0, 0.5 * 2.0])
    assert lexical_blend(words, grams, 0.0) is words
    assert np.array_equal(lexical_blend(words, np.zeros(3, np.float32), 0.5), words)
