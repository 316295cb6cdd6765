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
    SYMBOLS,
    WORD,
    ChunkTerms,
    chunk_terms,
    word_key,
    words_in_text,
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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=SYMBOLS + "٣", min_size=1, max_size=12), max_size=12))
def test_words_cut_from_a_text_are_keyed_as_word_key(words):
    text = " ".join(words) + "\x00"
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    lens = np.array([len(w) for w in words], dtype=np.int64)
    starts = np.cumsum(lens + 1) - (lens + 1)  # (one space between words)
    odd = np.flatnonzero(codes == ord("٣"))
    cut = words_in_text(codes, starts, starts + lens, np.zeros(len(words), np.int64), odd)
    assert cut.keys.tolist() == [word_key(w) for w in words]
    assert cut.names(np.arange(len(words))) == words


def test_word_keys_of_long_and_short_words_differ():
    words = ["a", "aa", "abcdefghi", "abcdefghij", "'", "9.9", "don't"]
    keys = [word_key(w) for w in words]
    assert len(set(keys)) == len(keys) and all(0 < k <= LOW for k in keys)
