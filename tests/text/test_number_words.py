"""Numbers written out in words: English to 99, Chinese numerals to 9999."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("n", "cardinal", "ordinal"),
    [
        (0, "zero", "zeroth"),
        (1, "one", "first"),
        (12, "twelve", "twelfth"),
        (20, "twenty", "twentieth"),
        (21, "twenty-one", "twenty-first"),
        (40, "forty", "fortieth"),
        (99, "ninety-nine", "ninety-ninth"),
    ],
)
def test_english_number_words(n, cardinal, ordinal):
    from tmtool.text.number_words import english_number_words

    assert english_number_words(n) == cardinal
    assert english_number_words(n, ordinal=True) == ordinal


def test_english_number_words_read_back_as_their_number():
    from tmtool.text.number_words import english_number_words
    from tmtool.text.numbers import extract_quantities

    for n in range(2, 100):  # ("zero" and "one" are too often no quantity: "one of them")
        [q] = extract_quantities(f"It had {english_number_words(n)} parts.", "en")
        assert q.value == n


def test_chinese_numerals_are_cn2an_s():
    import cn2an

    from tmtool.text.number_words import chinese_numeral

    for n in range(10000):
        assert chinese_numeral(n) == cn2an.an2cn(n), n
