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
