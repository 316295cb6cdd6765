"""Script detection: Han ranges (with astral boundaries) and language by script."""

from __future__ import annotations

import pytest

from tmtool.text.script import detect_lang, has_han, is_cjk


@pytest.mark.parametrize(
    ("ch", "expected"),
    [
        ("中", True),
        ("〇", True),  # ideographic zero, used as a digit in 二〇一九
        ("\u3400", True),  # first of Ext A
        ("\u4dbf", True),  # last of Ext A
        ("\u4e00", True),
        ("\u9fff", True),
        ("\U00020000", True),  # first of Ext B (sacrebleu wrote it as '\u20000')
        ("\U0002a6df", True),
        ("\U00030000", True),  # Ext G
        ("\U0001ffff", False),
        ("\u2000", False),  # what '\u20000' really starts with
        ("—", False),
        ("“", False),
        ("…", False),
        ("。", False),
        ("，", False),
        ("a", False),
        ("", False),
    ],
)
def test_is_cjk(ch: str, expected: bool) -> None:
    assert is_cjk(ch) is expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("重庆两江新区GDP增长13.21%。", "zh"),
        ("据CQNEWS报道，重庆今年一季度经济平稳。", "zh"),
        ("Chongqing's GDP grew 6.3 percent.", "en"),
        ("The name 重庆 means double celebration.", "en"),
        ("2019", "en"),
        ("", "en"),
        ("重慶", "zh"),
        ("iPhone在重庆", "zh"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_has_han() -> None:
    assert has_han("abc 重 def")
    assert not has_han("abc — “def” 。")
