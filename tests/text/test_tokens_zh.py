"""jieba words with the shipped news dictionary."""

from __future__ import annotations

import logging

import pytest

from tmtool.text.tokens import NEWS_DICT, zh_words


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("两江新区重庆赛力驰汽车零部件有限公司", "两江新区"),
        ("渝北区一家企业复工复产", "渝北区"),
        ("九龙坡区西彭工业园区", "九龙坡区"),
        ("规模以上工业企业复工", "规模以上工业企业"),
        ("成渝地区双城经济圈建设", "成渝地区双城经济圈"),
        ("西部陆海新通道", "西部陆海新通道"),
    ],
)
def test_news_terms_stay_whole(text: str, word: str) -> None:
    assert word in zh_words(text)


def test_words_cover_the_text_without_whitespace() -> None:
    text = "重庆 两江新区，GDP增长6.3%。"
    words = zh_words(text)
    assert "".join(words) == text.replace(" ", "")
    assert all(w.strip() for w in words)


def test_jieba_logging_is_silenced() -> None:
    zh_words("重庆")
    assert logging.getLogger("jieba").getEffectiveLevel() >= logging.WARNING


def test_the_dictionary_ships_with_the_package() -> None:
    from importlib import resources

    text = resources.files("tmtool.text").joinpath("data", NEWS_DICT).read_text(encoding="utf-8")
    entries = [line.split()[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert len(entries) >= 100
    assert "两江新区" in entries
