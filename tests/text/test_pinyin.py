"""Pinyin keys, transliteration matching and name pairs between zh and en sentences."""

from __future__ import annotations

import pytest

from tmtool.text.pinyin import name_pairs, pinyin_key, pinyin_syllables, transliteration_match


@pytest.mark.parametrize(
    ("zh", "key"),
    [
        ("重庆", "chongqing"),
        ("两江新区", "liangjiangxinqu"),
        ("渝北", "yubei"),
        ("张锦辉", "zhangjinhui"),
        ("长安", "changan"),
        ("重庆GDP", "chongqing"),
        ("", ""),
    ],
)
def test_pinyin_key(zh: str, key: str) -> None:
    assert pinyin_key(zh) == key


def test_pinyin_syllables() -> None:
    assert pinyin_syllables("重庆市") == ["chong", "qing", "shi"]


@pytest.mark.parametrize(
    ("zh", "en", "expected"),
    [
        ("重庆", "Chongqing", True),
        ("重庆市", "Chongqing", True),
        ("两江新区", "Liangjiang New Area", True),
        ("两江新区", "Liangjiang", True),
        ("渝北", "Yubei", True),
        ("渝北区", "Yubei District", True),
        ("张锦辉", "Zhang Jinhui", True),
        ("张锦辉", "Jinhui Zhang", True),
        ("长安", "Chang'an", True),
        ("长安", "Chang’an", True),
        ("铝邦", "Lvbang", True),
        ("吕", "Lu", True),
        ("大足高新区", "Dazu High-tech Zone", True),
        ("嘉陵江", "Jialing River", True),
        ("九龙坡区", "Jiulongpo District", True),
        ("重庆", "Chengdu", False),
        ("两江新区", "Yubei", False),
        ("张锦辉", "Zhang Jinhua", False),
        ("长江", "Yangtze River", False),
        ("", "Chongqing", False),
        ("重庆", "", False),
    ],
)
def test_transliteration_match(zh: str, en: str, expected: bool) -> None:
    assert transliteration_match(zh, en) is expected


def test_name_pairs_find_the_anchors() -> None:
    zh = "2月26日，在两江新区金星节点改造工程现场，工人正在焊接钢筋。（记者 崔力 摄）"
    en = (
        "On February 26, workers were welding steel bars at the site of Jinxing Node "
        "Reconstruction Project in Liangjiang New Area. (Photographed by Cui Li)"
    )
    pairs = name_pairs(zh, en)
    assert [(p.zh, p.en) for p in pairs] == [
        ("两江", "Liangjiang"),
        ("金星", "Jinxing"),
        ("崔力", "Cui Li"),
    ]
    for p in pairs:
        assert zh[p.zh_start : p.zh_end] == p.zh
        assert en[p.en_start : p.en_end] == p.en


def test_name_pairs_prefer_the_longest_and_do_not_overlap() -> None:
    pairs = name_pairs("张锦辉在渝北区", "Zhang Jinhui in Yubei District")
    assert [(p.zh, p.en) for p in pairs] == [("张锦辉", "Zhang Jinhui"), ("渝北", "Yubei")]


def test_name_pairs_need_two_characters_and_capitals() -> None:
    assert name_pairs("李说", "Li said") == []
    assert name_pairs("重庆", "chongqing is lower case") == []
    assert name_pairs("没有名字", "No Names Here") == []
    assert name_pairs("Chongqing", "Chongqing") == []
