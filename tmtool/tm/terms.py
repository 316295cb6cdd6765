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
    """All distinct (unit, term) pairs of a chunk, vectorized with numpy, sorted by (key, unit).

    The Chinese forms are joined into one array of code points, from which (character,
    unit) and (bigram, unit) pairs are taken; English words are keyed by a 60-bit hash
    (stable within a process tree, which is all a write needs). The order lets the writer
    merge chunks cheaply (sorted runs) while the sorting itself runs in the workers.
    """
    n = len(zh_forms)
    if not n:
        return ChunkTerms(np.empty(0, np.uint64), np.empty(0, np.int64), {})
    local = np.arange(n, dtype=np.uint64)
    lens = np.fromiter((len(f) + 1 for f in zh_forms), dtype=np.int64, count=n)
    codes = np.frombuffer(("\x00".join(zh_forms) + "\x00").encode("utf-32-le"), dtype="<u4")
    codes = codes.astype(np.uint64)
    owner = np.repeat(local, lens)
    keep = (codes != 0) & (codes != 32)
    chars = _distinct((codes[keep] << np.uint64(21)) | owner[keep])
    first, second = codes[:-1], codes[1:]
    keep = (first != 0) & (second != 0)
    bigrams = _distinct(
        (first[keep] << np.uint64(42)) | (second[keep] << np.uint64(21)) | owner[:-1][keep]
    )
    flat = list(itertools.chain.from_iterable(en_words_))
    words = {hash(w) & LOW: w for w in set(flat)}
    word_owner = np.repeat(np.arange(n, dtype=np.int64), [len(ws) for ws in en_words_])
    word_keys = np.fromiter(map(hash, flat), dtype=np.int64, count=len(flat)).view(np.uint64)
    word_keys &= np.uint64(LOW)
    flat_keys, flat_owner = word_keys, word_owner
    if len(word_keys):
        order = np.argsort(word_keys, kind="stable")  # owners stay ascending within a word
        word_keys, word_owner = word_keys[order], word_owner[order]
        fresh = np.concatenate(
            ([True], (word_keys[1:] != word_keys[:-1]) | (word_owner[1:] != word_owner[:-1]))
        )
        word_keys, word_owner = word_keys[fresh], word_owner[fresh]
    pairs = _pairs(flat_keys, flat_owner)
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
    return ChunkTerms(keys, owners, words)


@functools.cache
def _frequent_keys() -> tuple[np.ndarray, np.ndarray]:
    """(sorted word keys, word numbers) of :data:`FREQUENT_WORDS`, keyed as in chunk_terms."""
    keys = np.array([hash(w) & LOW for w in FREQUENT_WORDS], dtype=np.uint64)
    order = np.argsort(keys)
    return keys[order], order.astype(np.uint64)


def _pairs(flat_keys: np.ndarray, flat_owner: np.ndarray) -> np.ndarray:
    """Distinct (pair << 21 | unit) of consecutive frequent words of one unit, sorted."""
    if len(flat_keys) < 2:
        return np.empty(0, np.uint64)
    known, numbers = _frequent_keys()
    pos = np.searchsorted(known, flat_keys)
    pos[pos == len(known)] = 0
    frequent = known[pos] == flat_keys
    num = numbers[pos]
    ok = frequent[:-1] & frequent[1:] & (flat_owner[:-1] == flat_owner[1:])
    pair = (num[:-1][ok] << np.uint64(16)) | num[1:][ok]
    return _distinct((pair << np.uint64(21)) | flat_owner[:-1][ok].astype(np.uint64))


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort is faster here than numpy's hash-based unique)."""
    if not len(values):
        return values
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))]
