"""The store's fast paths agree with the text layer they stand in for."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.text.normalize import fold
from tmtool.text.tokens import en_words, match_tokens
from tmtool.tm.prepare import (
    _TOKEN_RE,
    count_tokens,
    fast_fold,
    form_tokens,
    form_words,
    key,
    prepare,
    prepare_many,
    token_pattern,
)

CASES = [
    "两江新区今年新签约项目23个。",
    "１至１０月，全市外贸进出口总值同比增长６.２％。",
    "張 錦輝 攝影報道",  # Traditional, spaced-out name
    "“Made in Chongqing”  is   BACK — again…",
    "café naïve ümlaut Ⅻ ﬁne",
    "e\u0301 combining, 👍🏻 emoji, \u200b zero width",
    "",
    "   ",
    "a\tb\nc",
    "〇二四年 GDP 增长5%",
]


@pytest.mark.parametrize("text", CASES)
def test_fast_paths_on_cases(text):
    form = fold(text)
    assert fast_fold(text) == form
    assert form_tokens(form) == match_tokens(text)
    assert count_tokens(form) == len(match_tokens(text))
    assert form_words(form) == en_words(text)


ALPHABET = st.sampled_from(
    list(
        "两江新区重庆臺灣 \u3000\t，。“”‘’（）ＡＢａ１２３abcXYZ09.,'_-—–…%％é\u0301²٣\u200b\u200d👍🏻\ufe0f〇·"
    )
)


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=20).map("".join))
def test_fast_paths_agree_with_the_text_layer(text):
    form = fold(text)
    assert fast_fold(text) == form
    assert count_tokens(form) == len(match_tokens(text))
    assert form_words(form) == en_words(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_token_pattern_equals_the_unicode_one(text):
    """form_tokens takes an ASCII-only pattern for ASCII text (2.5× faster on English): the
    same tokens as the Unicode pattern, upper case, apostrophes, decimals and controls too."""
    assert token_pattern(text) is not _TOKEN_RE
    assert form_tokens(text) == _TOKEN_RE.findall(text)
    assert [m.span() for m in token_pattern(text).finditer(text)] == [
        m.span() for m in _TOKEN_RE.finditer(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it's 1,234.5 vs. 7.5%", ["it's", "1,234.5", "vs", ".", "7.5", "%"]),
        ("Rock'n'Roll 'quoted' 3.", ["Rock'n'Roll", "'", "quoted", "'", "3", "."]),
        ("a_b\x00c", ["a", "_", "b", "\x00", "c"]),
    ],
)
def test_ascii_tokens(text, expected):
    assert form_tokens(text) == expected == _TOKEN_RE.findall(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_fast_fold_on_any_text(text):
    assert fast_fold(text) == fold(text)


def test_key_is_stable_and_fits_an_sqlite_integer():
    assert key("两江") == key("两江") != key("两江新区")
    assert 0 <= key("两江") < 2**63


def test_prepare_many_is_prepare_by_column():
    pairs = [("两江新区。", "Liangjiang New Area."), ("  ", "empty zh"), ("臺灣", "TAIWAN")]
    assert_chunk_is_prepare(pairs)
    chunk = prepare_many(pairs)
    assert chunk.valid.tolist() == [True, False, True]
    assert chunk.terms.local.dtype == "uint16"


def test_prepare_counts_tokens():
    p = prepare("增长6.2%。", "Up 6.2 percent.")
    assert (p.zh_len, p.en_len) == (5, 4)
    assert p.en_words == ["up", "6.2", "percent"]


def test_t2s_chars_are_rebuilt_from_the_installed_dictionaries():
    from pathlib import Path

    import opencc

    from tmtool.text.t2s_chars import T2S_CHARS, sensitive_chars

    clib = Path(opencc.__file__).parent / "clib"
    if not (clib / "bin" / "opencc_dict").exists():
        pytest.skip("this opencc package has no opencc_dict tool")
    assert set(T2S_CHARS) == sensitive_chars(clib)


@pytest.mark.parametrize(
    "text",
    [
        "他把杯子打坏了。",  # t2s: 打坏 → 打坯 (a phrase of unchanged characters)
        "沈默是金，明瞭一切。",
        "请回覆邮件。",
        "重庆市两江新区今年新签约项目23个。",  # simplified: no conversion needed
        "臺灣與重慶的經濟合作",
        "丟三落四",
    ],
)
def test_fast_fold_skips_t2s_only_when_it_changes_nothing(text):
    from tmtool.text.normalize import to_simplified
    from tmtool.text.t2s_chars import T2S_SET

    assert fast_fold(text) == fold(text)
    if T2S_SET.isdisjoint(text):
        assert to_simplified(text) == text


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(HAN, st.sampled_from(list("坏沈覆瞭藉打回不了明"))), max_size=12))
def test_fast_fold_on_han_text(chars):
    text = "".join(chars)
    assert fast_fold(text) == fold(text)


def assert_chunk_is_prepare(pairs):
    """prepare_many(pairs) holds prepare() of each pair, and the terms of those results."""
    from tmtool.tm.terms import chunk_terms

    chunk = prepare_many(pairs)
    singles = [prepare(zh, en) for zh, en in pairs]
    assert chunk.valid.tolist() == [bool(p.zh_m and p.en_m) for p in singles]
    assert chunk.zh_stored == [p.zh_stored for p in singles]
    assert chunk.en_stored == [p.en_stored for p in singles]
    assert chunk.zh_len.tolist() == [p.zh_len for p in singles]
    assert chunk.en_len.tolist() == [p.en_len for p in singles]
    assert chunk.zh_key.tolist() == [p.zh_key for p in singles]
    assert chunk.en_key.tolist() == [p.en_key for p in singles]
    for column in (chunk.zh_len, chunk.en_len, chunk.zh_key, chunk.en_key):
        assert column.dtype == np.int64
    expected = chunk_terms([p.zh_m for p in singles], [p.en_words for p in singles])
    assert chunk.terms.keys.tolist() == expected.keys.tolist()  # (one process: same hashes)
    assert chunk.terms.local.tolist() == expected.local.tolist()
    assert chunk.terms.words == expected.words


# Pieces of hostile text: Traditional (t2s, phrase-level too), full-width, spaces between
# Han characters, every kind of space, NUL and controls, combining marks, emoji sequences,
# compatibility characters that fold to several (… ℃ ﬁ Ⅱ), non-ASCII letters and digits,
# the ZH_FOLDS of the stored form, apostrophes and points inside and outside words.
HOSTILE = st.sampled_from(
    [
        *"两江新区重庆臺灣張錦輝坏沈覆瞭打回〇𠀀",
        *" \u3000\t\n\r\x0b\x1c\xa0\u2003\x00\x01\x7f\u200b\u200d\ufeff\ufffe",
        *"，。、“”‘’（）：；？！％—…·《》",
        *"ＡＢａ１２３abcXYZ09.,'_-–%",
        *"é\u0301²٣ÅßİΣ\u0308",
        *"℃ﬁⅡ½︰¨",
        "👍🏻",
        "👨\u200d👩",
        "\ufe0f",
        "a'b",
        "don't",
        "6.2",
        "10,812",
        "covid19",
        "1.",
        ".5",
        "'s",
        "张 锦辉",
        "打坏",
        "沈默",
        "  ",
    ]
)
SIDE = st.lists(HOSTILE, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(SIDE, SIDE), min_size=1, max_size=8))
def test_prepare_many_is_prepare_on_hostile_text(pairs):
    assert_chunk_is_prepare(pairs)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=20), st.text(max_size=20)), min_size=1, max_size=6))
def test_prepare_many_is_prepare_on_any_text(pairs):
    assert_chunk_is_prepare(pairs)


@pytest.mark.parametrize(
    "pairs",
    [
        [("", "")],
        [("  ", "\t"), ("\x00", "\x00")],
        [(" 两 江 ", "  Liangjiang  New   Area  ")],
        [("張 錦輝 攝影報道", "Photo by ZHANG Jinhui"), ("两江新区。", "Liangjiang New Area.")],
        [("增长6.2%……", "Up 6.2 percent… (covid19, don't, 'tis, 10,812.)")],
        [("café", "café naïve Ⅻ ﬁne"), ("e\u0301", "👍🏻 ok")],
        [("重庆", "ＡＢＣ　ｄｅｆ")],
        [("重庆", "chongqing liangjiang 12345678 123456789 1234567890 a'b'c'd'e 1,234.567")],
        [("两江", "abcdefgh abcdefghi abcdefghij ab٣٤ ٣٤٥٦٧٨٩٠١٢ x")],
        # English whose stored form SQL derives (EN_FOLDS) and English it cannot.
        [
            (
                "中国。",
                "China\u2019s \u201cgreen\u201d growth\u2014fast\u2026 2023\u20132024 \u2018early\u2019",
            )
        ],
        [("中国。", "\u201cQuote\u201d\u00a0and \u2019"), ("两江", "It\u2019s  up \u2033x\u2033")],
    ],
)
def test_prepare_many_is_prepare_on_cases(pairs):
    assert_chunk_is_prepare(pairs)


def test_prepare_many_of_nothing():
    chunk = prepare_many([])
    assert chunk.valid.tolist() == [] and chunk.zh_stored == [] and len(chunk.terms.keys) == 0


def test_lone_surrogates_fail_alike():
    with pytest.raises(UnicodeEncodeError):
        prepare("\ud800", "a")
    with pytest.raises(UnicodeEncodeError):
        prepare_many([("两江", "a"), ("\ud800", "a")])


def test_keep_freed_memory_in_a_worker_process():
    import platform
    import subprocess
    import sys

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    code = (
        "from tmtool.tm.prepare import keep_freed_memory, prepare_many\n"
        "assert keep_freed_memory() is True\n"
        "assert prepare_many([('两江', 'Liangjiang')]).valid.tolist() == [True]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
