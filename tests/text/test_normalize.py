"""The matching form: folds, Traditional → Simplified, and an exact offset map."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.text.normalize import (
    Normalized,
    _ascii_form,
    _clusters,
    _fold_cluster,
    _general_form,
    _t2s,
    _t2s_char,
    fold,
    matching_form,
)
from tmtool.text.script import HAN_CLASS, is_cjk


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("Hello World", "hello world"),
        ("  Hello \t\n  World  ", "hello world"),
        ("１２３", "123"),
        ("ＧＤＰ增长", "gdp增长"),
        ("增长１３．２１％", "增长13.21%"),
        ("你好，世界！", "你好,世界!"),
        ("（记者 张三）", "(记者张三)"),
        ("“Made in Chongqing”", '"made in chongqing"'),
        ("‘quoted’", "'quoted'"),
        ("「重慶」", '"重庆"'),
        ("『书名』", '"书名"'),
        ("don’t", "don't"),
        ("2019–2020", "2019-2020"),
        ("a — b", "a - b"),
        ("改革——开放", "改革--开放"),
        ("等等……", "等等......"),
        ("Cafe\u0301", "café"),
        ("ﬁnance", "finance"),
        ("a\u00a0b", "a b"),
        ("重庆\u3000两江", "重庆两江"),
        ("张 锦辉", "张锦辉"),
        ("重庆 2019", "重庆 2019"),
        ("a\u200bb", "ab"),
        ("\ufeffBOM", "bom"),
        ("两\ufe0f江新区", "两江新区"),  # a variation selector picks a glyph, not a character
        ("葛\U000e0100洲坝", "葛洲坝"),  # an ideographic variation sequence (VS17)
        ("❤\ufe0f重庆", "❤重庆"),  # emoji style
        ("重慶兩江新區", "重庆两江新区"),
        ("經濟發展", "经济发展"),
        ("頭髮乾燥", "头发干燥"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold(original: str, expected: str) -> None:
    assert fold(original) == expected
    assert matching_form(original).text == expected


def test_offsets_point_at_the_original_characters() -> None:
    original = "  重慶ＧＤＰ  增長 １３．２１％ "
    norm = matching_form(original)
    assert norm.text == "重庆gdp 增长 13.21%"
    assert len(norm.offsets) == len(norm.text)
    start = norm.text.index("13.21")
    assert norm.original_span(start, start + 5) == (original.index("１"), original.index("％"))
    start = norm.text.index("gdp")
    assert original[slice(*norm.original_span(start, start + 3))] == "ＧＤＰ"


def test_offsets_of_a_multi_character_fold_share_their_cluster() -> None:
    original = "x…y"
    norm = matching_form(original)
    assert norm.text == "x...y"
    assert norm.offsets == (0, 1, 1, 1, 2)
    assert norm.original_span(1, 4) == (1, 2)


def test_combining_mark_stays_with_its_base() -> None:
    original = "e\u0301tude"
    norm = matching_form(original)
    assert norm.text == "étude"
    assert norm.original_span(0, 1) == (0, 2)


def test_collapsed_space_maps_to_the_whole_run() -> None:
    original = "a \t\n b"
    norm = matching_form(original)
    assert norm.text == "a b"
    assert norm.original_span(1, 2) == (1, 5)


def test_empty_span() -> None:
    norm = matching_form("abc")
    assert norm.original_span(1, 1) == (1, 1)
    assert norm.original_span(3, 3) == (3, 3)


@given(st.text(max_size=60))
def test_offset_map_is_well_formed(text: str) -> None:
    norm = matching_form(text)
    assert len(norm.offsets) == len(norm.text) == len(norm.ends)
    assert list(norm.offsets) == sorted(norm.offsets)
    assert all(0 <= o < e <= len(text) for o, e in zip(norm.offsets, norm.ends, strict=True))
    assert fold(text) == norm.text
    assert norm.text == norm.text.strip()
    assert "  " not in norm.text


@given(st.text(alphabet=st.characters(max_codepoint=127, exclude_categories=["Cc"]), max_size=60))
def test_ascii_fast_path_agrees_with_the_general_path(text: str) -> None:
    assert _ascii_form(text) == _general_form(text)


# The per-cluster implementation that _general_form replaced (kept as the reference its
# run-at-a-time fast path must agree with, character for character and offset for offset);
# the clusters are normalize._clusters of the whole text, which the slow path still uses.


def _reference_general_form(text: str) -> Normalized:
    chars: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    space: tuple[int, int] | None = None  # a pending whitespace run (start, end)
    for s, e in _clusters(text):
        folded = _fold_cluster(text[s:e])
        if not folded:
            continue
        for c in folded:
            if c == " ":
                space = (space[0], e) if space else (s, e)
                continue
            if space is not None:
                if chars and not (is_cjk(chars[-1]) and is_cjk(c)):
                    chars.append(" ")
                    offsets.append(space[0])
                    ends.append(space[1])
                space = None
            chars.append(c)
            offsets.append(s)
            ends.append(e)
    form = "".join(chars)
    if re.search(f"[{HAN_CLASS}]", form):
        simplified = _t2s().convert(form)
        if len(simplified) != len(form):
            simplified = "".join(_t2s_char(c) if is_cjk(c) else c for c in form)
        form = simplified
    return Normalized(form, tuple(offsets), tuple(ends))


_TRICKY = (
    "abcXYZ019 "  # ASCII letters, digits, space
    "重庆经济们体这們體這發展"  # Han, simplified and traditional
    "，。、１Ａｂ（）％　"  # full-width forms, ideographic space
    "“”‘’「」—–-…"  # curly quotes, corner brackets, dashes, ellipsis
    "\u00a0\t\n\r"  # NBSP, tab, newline
    "\u200b\u200d\u0301\u0308\ufe0f"  # zero-width space and joiner, combining marks, VS16
    "\U0001f44d\U0001f3fd\U0001f469\U0001f4bb"  # emoji, skin tone, woman, laptop
    "\x00\x07\x1f\x7f\x85\ufeff"  # control characters, BOM
    "ﬁ¨"  # ligature (expands), diaeresis (NFKC: space + combining mark)
)


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=40))
def test_general_form_agrees_with_the_per_cluster_reference(text: str) -> None:
    assert _general_form(text) == _reference_general_form(text)


@given(st.text(max_size=40))
def test_general_form_agrees_with_the_reference_on_any_text(text: str) -> None:
    assert _general_form(text) == _reference_general_form(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\u3000\u00a0\t\n ",
        "  重庆两江  ",
        "张 锦辉",
        "张\u3000\u00a0锦辉",
        "张 \u200b 锦辉",
        "a \u200b b",
        "a \u200b\u3000b",
        "重庆 2019 年",
        "2019 年",
        "Cafe\u0301 au lait",
        "e\u0301",
        "\u0301abc",
        "abc\u0301",
        "ab \u0301cd",
        "a\ufe0f",
        "\u2764\ufe0f love",
        "family \U0001f469\u200d\U0001f467 ok",
        "\U0001f469\u200d\u200d\U0001f467",
        "a\u200db",
        "a\u200d",
        "\u200da",
        "a\u200d b",
        "thumbs \U0001f44d\U0001f3fd up",
        "等等……完",
        "x … y",
        "wait…",
        "…",
        "“Made in Chongqing” — 2019–2020",
        "們 體 這",
        "經濟 發展",
        "ﬁnance ¨ a",
        "a\x00b\x7fc",
        "\ufeffBOM",
        "a \x85 b",
    ],
)
def test_general_form_agrees_with_the_reference_at_run_boundaries(text: str) -> None:
    assert _general_form(text) == _reference_general_form(text)


def test_simplified_text_is_folded_without_loading_opencc():
    """Text with no character that t2s can change is its own simplified form: a lookup of
    Simplified Chinese does not load OpenCC (15 ms of a `tmtool search` process)."""
    code = (
        "import sys; from tmtool.text.normalize import matching_form, to_simplified; "
        "a = matching_form('两江新区，增长5%…').text; b = to_simplified('重庆'); "
        "loaded = 'opencc' in sys.modules; c = matching_form('兩江新區').text; "
        "print(a, b, loaded, c, 'opencc' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["两江新区,增长5%...", "重庆", "False", "两江新区", "True"]
