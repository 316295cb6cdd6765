"""chunk_terms gives every (unit, term) pair once, sorted by (key, unit), whatever the text."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.tm.frequent_words import FREQUENT_WORDS
from tmtool.tm.terms import (
    BIGRAM,
    C21,
    CHAR,
    KIND_SHIFT,
    LOW,
    PAIR_KEY,
    PAIR_MARK,
    WORD,
    ChunkTerms,
    chunk_terms,
)


def decode(terms: ChunkTerms) -> set[tuple[int, tuple[str, ...]]]:
    """The (unit, term) pairs of a chunk, terms named from their keys."""
    out = set()
    for key, unit in zip(terms.keys.tolist(), terms.local.tolist(), strict=True):
        kind, low = key >> KIND_SHIFT << KIND_SHIFT, key & LOW
        if kind == CHAR:
            term: tuple[str, ...] = ("char", chr(low))
        elif kind == BIGRAM:
            term = ("bigram", chr(low >> 21) + chr(low & C21))
        elif kind == WORD:
            term = ("word", terms.words[low])
        elif kind == PAIR_KEY and low == PAIR_MARK:
            term = ("mark",)
        else:
            assert kind == PAIR_KEY
            term = ("pair", FREQUENT_WORDS[low >> 16], FREQUENT_WORDS[low & 0xFFFF])
        out.add((unit, term))
    return out


def reference(zh_forms: list[str], en_words: list[list[str]]) -> set[tuple[int, tuple[str, ...]]]:
    """The same pairs, the plain way (see tmtool.tm.index for the terms)."""
    frequent = set(FREQUENT_WORDS)
    out: set[tuple[int, tuple[str, ...]]] = set()
    for unit, (form, words) in enumerate(zip(zh_forms, en_words, strict=True)):
        out |= {(unit, ("char", c)) for c in form if c != " "}
        out |= {(unit, ("bigram", a + b)) for a, b in itertools.pairwise(form)}
        out |= {(unit, ("word", w)) for w in words}
        out |= {
            (unit, ("pair", a, b))
            for a, b in itertools.pairwise(words)
            if a in frequent and b in frequent
        }
        out.add((unit, ("mark",)))
    return out


def check(zh_forms: list[str], en_words: list[list[str]]) -> None:
    terms = chunk_terms(zh_forms, en_words)
    assert decode(terms) == reference(zh_forms, en_words)
    pairs = list(zip(terms.keys.tolist(), terms.local.tolist(), strict=True))
    assert pairs == sorted(set(pairs))  # sorted by (key, unit), each pair once


ZH_FORM = st.lists(st.sampled_from(list("两江新区重庆 a1〇𠀀")), max_size=12).map("".join)
WORDS = st.lists(
    st.sampled_from(["the", "of", "year", "on", "liangjiang", "new", "area", "6.2", "don't"]),
    max_size=10,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(ZH_FORM, WORDS), max_size=8))
def test_chunk_terms_against_the_plain_way(units):
    check([zh for zh, _ in units], [ws for _, ws in units])


def test_chunk_terms_of_repeated_words_and_empty_units():
    check(["", "两江两江", "", " "], [["of", "the", "of", "the"], [], ["the", "the"], []])


def test_chunk_terms_of_nothing():
    terms = chunk_terms([], [])
    assert len(terms.keys) == len(terms.local) == 0 and terms.words == {}
    assert terms.keys.dtype == np.uint64
