"""Index terms of a batch of units as integer keys, computed with numpy (an import's CPU part).

A key holds the term's kind in its top bits (:data:`KIND_SHIFT`) and the term below:
a Chinese character (code point), a character bigram, an English word (:func:`word_key`,
named through :attr:`ChunkTerms.words`) or a pair of frequent English words (their numbers in
:data:`~tmtool.tm.frequent_words.FREQUENT_WORDS`). :mod:`tmtool.tm.index` turns keys back
into the prefixed term names it stores.
"""

from __future__ import annotations

import codecs
import functools
import itertools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from tmtool.tm.frequent_words import FREQUENT_WORDS

KIND_SHIFT = 60
CHAR = 1 << KIND_SHIFT  # + code point
BIGRAM = 2 << KIND_SHIFT  # + (first << 21 | second)
WORD = 3 << KIND_SHIFT  # + word_key(word)
PAIR_KEY = 4 << KIND_SHIFT  # + (first word's number << 16 | second's), see FREQUENT_WORDS
PAIR_MARK = 1 << 40  # + PAIR_KEY: the marker term
LOW = (1 << KIND_SHIFT) - 1
C21 = (1 << 21) - 1


class ChunkTerms(NamedTuple):
    """The index terms of a chunk of units: ``keys[i]`` is held by unit number ``local[i]``.

    Keys are integers (kind in the top bits, see the module docstring); English words are
    keyed by :func:`word_key`, resolved through ``words``.
    """

    keys: np.ndarray
    local: np.ndarray
    words: dict[int, str]


SYMBOLS = "abcdefghijklmnopqrstuvwxyz0123456789.,'"
"""The characters of ASCII words (``tmtool.tm.prepare._WORD_RE``), numbered from 1."""
PACKED = 9
"""Words of up to this many :data:`SYMBOLS` are keyed by their symbols, 6 bits each."""
HASHED = 1 << 59
"""Set in the key of a word keyed by its hash (one that is longer or has other characters)."""
_SYMBOL = np.zeros(128, np.uint8)
_SYMBOL[[ord(c) for c in SYMBOLS]] = np.arange(1, len(SYMBOLS) + 1, dtype=np.uint8)


def word_key(word: str) -> int:
    """The key of an English word below its kind: its :data:`SYMBOLS`, 6 bits each from the
    lowest (a word of up to :data:`PACKED` of them), else ``HASHED`` + a 59-bit
    ``hash(word)`` (stable within a process tree, which is all a write needs)."""
    if len(word) <= PACKED and all(c in SYMBOLS for c in word):
        return sum((SYMBOLS.index(c) + 1) << 6 * j for j, c in enumerate(word))
    return HASHED | (hash(word) & (HASHED - 1))


_MASKS = np.array([(1 << 6 * k) - 1 for k in range(PACKED + 1)], np.uint64)
_U64 = np.uint64


class Words(NamedTuple):
    """The English words of a chunk's units, in order: their :func:`word_key`, their unit
    (ascending), and a way to name words from their numbers."""

    keys: np.ndarray  # uint64
    owner: np.ndarray  # int64
    names: Callable[[np.ndarray], list[str]]


def words_of_lists(en_words_: list[list[str]]) -> Words:
    """:class:`Words` of lists of words, one list per unit."""
    flat = list(itertools.chain.from_iterable(en_words_))
    keys = np.fromiter(map(word_key, flat), dtype=np.uint64, count=len(flat))
    owner = np.repeat(np.arange(len(en_words_), dtype=np.int64), [len(ws) for ws in en_words_])
    return Words(keys, owner, lambda numbers: [flat[i] for i in numbers.tolist()])


def words_in_text(
    codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, owner: np.ndarray, odd: np.ndarray
) -> Words:
    """:class:`Words` cut from a text: word ``i`` is ``codes[starts[i]:ends[i]]`` (code
    points, uint32; the text ends with NUL); ``odd``: positions of word characters that
    are not :data:`SYMBOLS` (their words are keyed by hash).

    The keys are packed with numpy: the first 8 symbols of each word as the bytes of a
    uint64, squeezed to 6 bits each, then the ninth, then cut to the word's length.
    """
    lens = ends - starts
    symbol = np.concatenate((np.take(_SYMBOL, np.minimum(codes, 127)), np.zeros(PACKED, np.uint8)))
    x = np.lib.stride_tricks.sliding_window_view(symbol, 8)[starts].view("<u8").ravel()
    x = (x & _U64(0x00FF00FF00FF00FF)) | ((x & _U64(0xFF00FF00FF00FF00)) >> _U64(2))
    x = (x & _U64(0x0000FFFF0000FFFF)) | ((x & _U64(0xFFFF0000FFFF0000)) >> _U64(4))
    x = (x & _U64(0x00000000FFFFFFFF)) | ((x & _U64(0xFFFFFFFF00000000)) >> _U64(8))
    x |= symbol[starts + 8].astype(np.uint64) << _U64(48)
    keys = x & _MASKS[np.minimum(lens, PACKED)]
    hashed = np.flatnonzero(lens > PACKED)
    if len(odd):
        hashed = np.union1d(hashed, np.searchsorted(starts, odd, side="right") - 1)
    if len(hashed):
        keys[hashed] = [
            HASHED | (hash(w) & (HASHED - 1)) for w in _cut(codes, starts[hashed], lens[hashed])
        ]

    def names(numbers: np.ndarray) -> list[str]:
        return _cut(codes, starts[numbers], lens[numbers])

    return Words(keys, owner, names)


def _cut(codes: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> list[str]:
    """The strings ``codes[starts[i]:starts[i] + lens[i]]`` (each followed by a code point)."""
    if not len(starts):
        return []
    size = lens + 1
    at = np.cumsum(size) - size
    chars = codes[np.arange(int(size.sum())) - np.repeat(at - starts, size)]
    chars[at + lens] = 0
    out = codecs.utf_32_le_decode(chars, "surrogatepass", True)[0].split("\x00")
    out.pop()
    return out


def chunk_terms(zh_forms: list[str], en_words_: list[list[str]]) -> ChunkTerms:
    """All distinct (unit, term) pairs of a chunk, sorted by (key, unit): :func:`chunk_terms_of`
    of the joined Chinese forms and the words."""
    n = len(zh_forms)
    codes = np.frombuffer(
        ("\x00".join(zh_forms) + "\x00").encode("utf-32-le", "surrogatepass"), dtype="<u4"
    )
    return chunk_terms_of(codes, n, words_of_lists(en_words_))


def chunk_terms_of(zh_codes: np.ndarray, n: int, words: Words) -> ChunkTerms:
    """All distinct (unit, term) pairs of ``n`` units, vectorized with numpy, sorted by
    (key, unit).

    ``zh_codes``: the code points of the Chinese matching forms, each followed by NUL, from
    which (character, unit) and (bigram, unit) pairs are taken; ``words``: the English words
    of all units. The order lets the writer merge chunks cheaply (sorted runs) while the
    sorting itself runs in the workers.
    """
    if not n:
        return ChunkTerms(np.empty(0, np.uint64), np.empty(0, np.int64), {})
    # (In place where it can be: an import allocates these arrays for every chunk.)
    ends = zh_codes == 0
    owner = np.cumsum(ends, dtype=np.uint32)
    owner -= ends  # (a NUL belongs to the unit it ends)
    keep = zh_codes != 32
    keep &= ~ends
    chars = zh_codes[keep].astype(np.uint64)
    chars <<= _U64(21)
    chars |= owner[keep]
    chars = _distinct(chars)
    keep = ~ends[1:]
    keep &= ~ends[:-1]
    bigrams = zh_codes[:-1][keep].astype(np.uint64)
    bigrams <<= _U64(21)
    bigrams |= zh_codes[1:][keep]
    bigrams <<= _U64(21)
    bigrams |= owner[:-1][keep]
    bigrams = _distinct(bigrams)
    del ends, owner, keep
    word_keys, word_owner, words_by_key, pairs = _word_terms(words)
    size = len(chars) + len(bigrams) + len(word_keys) + len(pairs) + n
    keys = np.empty(size, np.uint64)
    owners = np.empty(size, np.int64)
    at = 0
    for part, kind in ((chars, CHAR), (bigrams, BIGRAM), (pairs, PAIR_KEY)):
        if kind == PAIR_KEY:  # (words go before pairs)
            keys[at : at + len(word_keys)] = word_keys
            keys[at : at + len(word_keys)] |= _U64(WORD)
            owners[at : at + len(word_keys)] = word_owner
            at += len(word_keys)
        out = keys[at : at + len(part)]
        np.right_shift(part, _U64(21), out=out)
        out |= _U64(kind)
        part &= _U64(C21)
        owners[at : at + len(part)] = part
        at += len(part)
    keys[at:] = PAIR_KEY | PAIR_MARK
    owners[at:] = np.arange(n)
    return ChunkTerms(keys, owners, words_by_key)


def _word_terms(words: Words) -> tuple[np.ndarray, np.ndarray, dict[int, str], np.ndarray]:
    """(keys, units) of the distinct (word, unit) pairs sorted by (key, unit), the word of
    each key, and the frequent-word pairs (:func:`_pairs`)."""
    if not len(words.keys):
        empty = np.empty(0, np.uint64)
        return empty, np.empty(0, np.int64), {}, empty
    # Distinct keys (sorted) and each word's number among them: sorting (number, unit)
    # sorts by (key, unit).
    keys = _distinct(words.keys.copy())
    number = positions(keys, words.keys).astype(np.uint64)
    some = np.empty(len(keys), np.int64)
    some[number] = np.arange(len(number))  # a word of each key
    words_by_key = dict(zip(keys.tolist(), words.names(some), strict=True))
    pairs = number << _U64(21)
    pairs |= words.owner.astype(np.uint64)
    pairs = _distinct(pairs)
    word_keys = keys[pairs >> _U64(21)]
    owners = (pairs & _U64(C21)).astype(np.int64)
    return word_keys, owners, words_by_key, _pairs(keys, number, words.owner)


@functools.cache
def _frequent_keys() -> tuple[np.ndarray, np.ndarray]:
    """(sorted word keys, word numbers) of :data:`FREQUENT_WORDS`, keyed as in chunk_terms."""
    keys = np.array([word_key(w) for w in FREQUENT_WORDS], dtype=np.uint64)
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


_SLOT_BITS = 20
_MIX2 = np.uint64(0xD6E8FEB86659FD93)  # (not the index's: a partition's keys share its top bits)


@functools.cache
def _slots() -> np.ndarray:
    """A table for :func:`positions` (one per process; what it holds is checked on use)."""
    return np.zeros(1 << _SLOT_BITS, dtype=np.int32)


def positions(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The position of each of ``values`` (uint64) in ``keys`` (sorted, distinct, holding
    them all), as uint16 when it fits, else uint32: through a table indexed by a hash of
    the key; the values whose key lost its slot to another key are binary-searched."""
    dtype = np.uint16 if len(keys) <= 0x10000 else np.uint32
    if len(keys) > 1 << (_SLOT_BITS - 2):
        return np.searchsorted(keys, values).astype(dtype)
    slots = _slots()
    shift = np.uint64(64 - _SLOT_BITS)
    slots[(keys * _MIX2) >> shift] = np.arange(len(keys), dtype=np.int32)
    found = slots[(values * _MIX2) >> shift]
    lost = np.flatnonzero(keys[found] != values)
    if len(lost):
        found[lost] = np.searchsorted(keys, values[lost])
    return found.astype(dtype)


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort is faster here than numpy's hash-based unique); sorts
    ``values`` in place."""
    if not len(values):
        return values
    values.sort()
    fresh = np.empty(len(values), bool)
    fresh[0] = True
    np.not_equal(values[1:], values[:-1], out=fresh[1:])
    return values[fresh]
