"""Properties that hold for any input: nothing lost by segmentation, nothing crashes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.text.numbers import compare_quantities, extract_quantities
from tmtool.text.segment import split_sentences

NEWS_ALPHABET = st.sampled_from(
    list(
        "。！？；…，、：“”‘’（）《》「」.!?;,:\"'()- \n0123456789万亿千百十一二两三四五六七八九〇零第年月日时分%％"
    )
    + list("重庆两江新区增长约余多逾个百分点上午下午季度")
    + [
        "Co.",
        "Ltd.",
        "U.S.",
        "a.m.",
        "p.m.",
        "Mr.",
        "No.",
        "Feb.",
        "etc.",
        " The ",
        " he ",
        "CHONGQING",
        " -- ",
    ]
    + [
        "percent",
        " million",
        " billion",
        "first",
        "second",
        "twelve",
        "forty-one",
        "a ",
        "May",
        "January",
    ]
)
NEWS_TEXT = st.lists(NEWS_ALPHABET, max_size=60).map("".join)
_SPACE = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


@settings(max_examples=400, deadline=None)
@given(NEWS_TEXT, st.sampled_from(["zh", "en", "auto"]))
def test_segmentation_keeps_every_character_in_order(text: str, lang: str) -> None:
    sentences = split_sentences(text, lang)
    assert _squeeze("".join(sentences)) == _squeeze(text)
    assert all(s == s.strip() and s for s in sentences)


@settings(max_examples=400, deadline=None)
@given(NEWS_TEXT, st.sampled_from(["zh", "en"]))
def test_quantities_are_spans_of_the_text(text: str, lang: str) -> None:
    found = extract_quantities(text, lang)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.value == q.value  # not NaN
    assert [q.start for q in found] == sorted(q.start for q in found)


@settings(max_examples=200, deadline=None)
@given(NEWS_TEXT)
def test_a_text_matches_itself(text: str) -> None:
    assert compare_quantities(text, text).match
