"""The matching form: folds, Traditional → Simplified, and an exact offset map."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tmtool.text.normalize import _ascii_form, _general_form, fold, matching_form


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
