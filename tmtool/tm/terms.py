"""Index terms of a batch of units as integer keys, computed with numpy (an import's CPU part).

A key holds the term's kind in its top bits (:data:`KIND_SHIFT`) and the term below:
a Chinese character (code point), a character bigram, an English word (a hash, named through
:attr:`ChunkTerms.words`) or a pair of frequent English words (their numbers in
:data:`~tmtool.tm.frequent_words.FREQUENT_WORDS`). :mod:`tmtool.tm.index` turns keys back
into the prefixed term names it stores.
"""

from __future__ import annotations

import functools
import itertools
from typing import NamedTuple

import numpy as np

from tmtool.tm.frequent_words import FREQUENT_WORDS

KIND_SHIFT = 60
CHAR = 1 << KIND_SHIFT  # + code point
BIGRAM = 2 << KIND_SHIFT  # + (first << 21 | second)
WORD = 3 << KIND_SHIFT  # + word number
PAIR_KEY = 4 << KIND_SHIFT  # + (first word's number << 16 | second's), see FREQUENT_WORDS
PAIR_MARK = 1 << 40  # + PAIR_KEY: the marker term
LOW = (1 << KIND_SHIFT) - 1
C21 = (1 << 21) - 1


class ChunkTerms(NamedTuple):
    """The index terms of a chunk of units: ``keys[i]`` is held by unit number ``local[i]``.

    Keys are integers (kind in the top bits, see the module docstring); English words are
    keyed by a hash, resolved through ``words``.
    """

    keys: np.ndarray
    local: np.ndarray
    words: dict[int, str]


def chunk_terms(zh_forms: list[str], en_words_: list[list[str]]) -> ChunkTerms:
    """All distinct (unit, term) pairs of a chunk, sorted by (key, unit): :func:`chunk_terms_of`
    of the joined Chinese forms and the flattened word lists."""
    n = len(zh_forms)
    codes = np.frombuffer(
        ("\x00".join(zh_forms) + "\x00").encode("utf-32-le", "surrogatepass"), dtype="<u4"
    )
    words = list(itertools.chain.from_iterable(en_words_))
    word_owner = np.repeat(np.arange(n, dtype=np.int64), [len(ws) for ws in en_words_])
    return chunk_terms_of(codes, n, words, word_owner)


def chunk_terms_of(
    zh_codes: np.ndarray, n: int, words: list[str], word_owner: np.ndarray
) -> ChunkTerms:
    """All distinct (unit, term) pairs of ``n`` units, vectorized with numpy, sorted by
    (key, unit).

    ``zh_codes``: the code points of the Chinese matching forms, each followed by NUL, from
    which (character, unit) and (bigram, unit) pairs are taken; ``words``: the English words
    of all units in order, ``word_owner`` the unit of each. Words are keyed by a 60-bit hash
    (stable within a process tree, which is all a write needs). The order lets the writer
    merge chunks cheaply (sorted runs) while the sorting itself runs in the workers.
    """
    if not n:
        return ChunkTerms(np.empty(0, np.uint64), np.empty(0, np.int64), {})
    codes = zh_codes.astype(np.uint64)
    ends = codes == 0
    owner = np.cumsum(ends, dtype=np.uint64)
    owner -= ends  # (a NUL belongs to the unit it ends)
    keep = ~ends & (codes != 32)
    chars = _distinct((codes[keep] << np.uint64(21)) | owner[keep])
    first, second = codes[:-1], codes[1:]
    keep = ~ends[:-1] & ~ends[1:]
    bigrams = _distinct(
        (first[keep] << np.uint64(42)) | (second[keep] << np.uint64(21)) | owner[:-1][keep]
    )
    word_keys, word_owner, words_by_key, pairs = _word_terms(words, word_owner)
    c21 = np.uint64(C21)
    keys = np.concatenate(
        (
            (chars >> np.uint64(21)) | np.uint64(CHAR),
            (bigrams >> np.uint64(21)) | np.uint64(BIGRAM),
            word_keys | np.uint64(WORD),
            (pairs >> np.uint64(21)) | np.uint64(PAIR_KEY),
            np.full(n, PAIR_KEY | PAIR_MARK, dtype=np.uint64),
        )
    )
    owners = np.concatenate(
        (
            (chars & c21).astype(np.int64),
            (bigrams & c21).astype(np.int64),
            word_owner,
            (pairs & c21).astype(np.int64),
            np.arange(n, dtype=np.int64),
        )
    )
    return ChunkTerms(keys, owners, words_by_key)


def _word_terms(
    words: list[str], word_owner: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[int, str], np.ndarray]:
    """(keys, units) of the distinct (word, unit) pairs sorted by (key, unit), the word of
    each key, and the frequent-word pairs (:func:`_pairs`)."""
    if not words:
        empty = np.empty(0, np.uint64)
        return empty, np.empty(0, np.int64), {}, empty
    flat_keys = np.fromiter(map(hash, words), dtype=np.int64, count=len(words)).view(np.uint64)
    flat_keys &= np.uint64(LOW)
    # Distinct keys (sorted) and each word's number among them: sorting (number, unit)
    # sorts by (key, unit).
    keys, first, number = np.unique(flat_keys, return_index=True, return_inverse=True)
    number = number.astype(np.uint64)
    words_by_key = dict(zip(keys.tolist(), map(words.__getitem__, first.tolist()), strict=True))
    pairs = _distinct((number << np.uint64(21)) | word_owner.astype(np.uint64))
    word_keys = keys[pairs >> np.uint64(21)]
    owners = (pairs & np.uint64(C21)).astype(np.int64)
    return word_keys, owners, words_by_key, _pairs(keys, number, word_owner)


@functools.cache
def _frequent_keys() -> tuple[np.ndarray, np.ndarray]:
    """(sorted word keys, word numbers) of :data:`FREQUENT_WORDS`, keyed as in chunk_terms."""
    keys = np.array([hash(w) & LOW for w in FREQUENT_WORDS], dtype=np.uint64)
    order = np.argsort(keys)
    return keys[order], order.astype(np.uint64)


def _pairs(keys: np.ndarray, number: np.ndarray, word_owner: np.ndarray) -> np.ndarray:
    """Distinct (pair << 21 | unit) of consecutive frequent words of one unit, sorted.

    ``keys``: the distinct word keys; ``number``: the index in ``keys`` of each word in order.
    """
    if len(number) < 2:
        return np.empty(0, np.uint64)
    known, numbers = _frequent_keys()
    pos = np.searchsorted(known, keys)
    pos[pos == len(known)] = 0
    frequent = (known[pos] == keys)[number]
    num = numbers[pos][number]
    ok = frequent[:-1] & frequent[1:] & (word_owner[:-1] == word_owner[1:])
    pair = (num[:-1][ok] << np.uint64(16)) | num[1:][ok]
    return _distinct((pair << np.uint64(21)) | word_owner[:-1][ok].astype(np.uint64))


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort is faster here than numpy's hash-based unique)."""
    if not len(values):
        return values
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))]
