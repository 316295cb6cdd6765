"""Match tokens, English words and character n-grams."""

from __future__ import annotations

import pytest

from tmtool.text.tokens import char_ngrams, en_words, match_tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("重庆GDP增长13.21%。", ["重", "庆", "gdp", "增", "长", "13.21", "%", "。"]),
        ("達10,812億元", ["达", "10,812", "亿", "元"]),
        ("Hello, World!", ["hello", ",", "world", "!"]),
        ("Co., Ltd.", ["co", ".", ",", "ltd", "."]),
        ("  the   U.S.  ", ["the", "u", ".", "s", "."]),
        ("“好”", ['"', "好", '"']),
        ("don’t stop", ["don't", "stop"]),
        ("１２３４５", ["12345"]),
        ("", []),
    ],
)
def test_match_tokens(text: str, tokens: list[str]) -> None:
    assert match_tokens(text) == tokens


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("China’s GDP grew 6.1% in 2019.", ["china's", "gdp", "grew", "6.1", "in", "2019"]),
        ("the High-Tech Zone", ["the", "high", "tech", "zone"]),
        ("10,812 units", ["10,812", "units"]),
        ("“Made in Chongqing”", ["made", "in", "chongqing"]),
    ],
)
def test_en_words(text: str, words: list[str]) -> None:
    assert en_words(text) == words


@pytest.mark.parametrize(
    ("text", "n", "grams"),
    [
        ("重庆市", 2, ["重庆", "庆市"]),
        ("重庆 市", 2, ["重庆", "庆市"]),
        ("重庆市", 3, ["重庆市"]),
        ("重", 2, ["重"]),
        ("", 2, []),
        ("两江新区", 1, ["两", "江", "新", "区"]),
    ],
)
def test_char_ngrams(text: str, n: int, grams: list[str]) -> None:
    assert char_ngrams(text, n) == grams


def test_char_ngrams_rejects_n_below_one() -> None:
    with pytest.raises(ValueError):
        char_ngrams("abc", 0)
