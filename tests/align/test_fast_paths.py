"""The fast paths of the feature code give exactly what the patterns they stand in for give."""

from __future__ import annotations

import numpy as np
import pytest

from tmtool.align import features
from tmtool.align.lexicon import content_stems

CASES = [
    "The city built 12 schools.",
    "Fifteen people attended.",
    "the fifteenth meeting",
    "teen culture",  # "teen" alone is no number word
    "steenth",  # a run ending in -teenth
    "Growth in the first half of the year",
    "May I help you?",
    "maybe, mayor, Mayfield",
    "one-on-one talks",
    "SEVENTEEN",
    "nothing here at all",
    "\u017fix feet",  # long s folds to s only under re.IGNORECASE
    "\u0130one",  # dotted capital I
    "wee\u212a",  # Kelvin sign K
    "\u0131n a \u212aey year",
    "x_teen",
    "éteen",
    "",
    "١٢٣ Arabic-Indic digits",
]


@pytest.mark.parametrize("text", CASES)
def test_en_number_prefilter_matches_the_pattern(text: str) -> None:
    expected = features._MAY_HAVE_NUMBER["en"].search(text) is not None
    assert features._en_may_have_number(text) is expected


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("GDP grew 6.2% in Q3", ["l:6.2", "l:q3", "l:gdp"]),
        ("重庆今年GDP增长6%", ["l:6", "l:gdp"]),
        ("no digits, no Capitals", []),
        ("C919 and 5G", ["l:c919", "l:5g"]),
    ],
)
def test_latin_keys(text: str, keys: list[str]) -> None:
    assert features._latin_keys(text) == keys


def test_word_keys_cache_keeps_order_and_hyphen_parts() -> None:
    assert content_stems("Land-Sea corridor and the land") == [
        "w:land",
        "w:sea",
        "w:corri",
        "w:land",
    ]


def test_vectors_assignment_equals_accumulation() -> None:
    zh = [{"w:city": 1.0, "l:2024": 1.0, "w:zh-only": 0.5}, {"w:road": 0.7}]
    en = [{"w:city": 1.0, "l:2024": 1.0}, {"w:road": 1.0, "w:en-only": 1.0}]
    zv, ev = features._vectors(zh, en)
    assert zv.shape == ev.shape == (2, 3)
    assert np.allclose(np.linalg.norm(zv, axis=1), 1.0)
    # row 0 shares two keys with English row 0, row 1 one key with row 1
    assert float(zv[0] @ ev[0]) > 0.99
    assert float(zv[1] @ ev[1]) == pytest.approx(1.0)
    assert float(zv[0] @ ev[1]) == 0.0


def _prior_by_patterns(line: str) -> float:
    from tmtool.align import onesided as o

    text = line.strip()
    if not text:
        return 1.0
    if o._STRONG_ANCHORED.match(text) or o._STRONG_FLOATING.search(text):
        return 0.9
    if o._MEDIUM_ANCHORED.match(text) or o._MEDIUM_FLOATING.search(text):
        return 0.6
    return 0.0


@pytest.mark.parametrize(
    "line",
    [
        "渝ICP备05003300号",
        "京ICP证040089号",
        "渝公网安备 50010302000001号",
        "文章【打印】【关闭】",
        "重庆日报版权所有",
        "未经授权不得转载",
        "如需转载请注明出处",
        "Copyright 2024 Chongqing Daily",
        "COPYRIGHT © CQNEWS",
        "Chongqing Daily. All Rights Reserved.",
        "ALL RIGHTS RESERVED",
        "© 2024 iChongqing",
        "Scan the QR code to follow us",
        "Follow us on WeChat",
        "WeChat QR Code",
        "\u0130CP copyr\u0130ght notice",  # dotted capital I matches i only under IGNORECASE
        "all rights re\u017ferved",  # long s
        "The city reported 5.2% growth in the first quarter.",
        "重庆今年GDP增长6%。",
        "(Photo by Li Jing)",
        "Editor: Wang Ming",
        "",
        "   ",
    ],
)
def test_one_sided_prior_shortcut_matches_the_patterns(line: str) -> None:
    from tmtool.align.onesided import one_sided_prior

    assert one_sided_prior(line) == _prior_by_patterns(line)


@pytest.mark.parametrize(
    "text", ["a b", "重庆 日报\u3000今日", "tab\there\nline", "\u00a0nbsp\u2009thin", "   ", "x"]
)
def test_char_length_drops_exactly_the_regex_whitespace(text: str) -> None:
    import re

    assert features._char_length(text) == max(1, len(re.sub(r"\s+", "", text)))
