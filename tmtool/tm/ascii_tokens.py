"""Match tokens of ASCII texts as 64-bit hashes, for a whole batch of TM sources at once.

A fuzzy lookup codes every English candidate against the query (:class:`tmtool.tm.fuzzy._Encoder`):
with regex and dictionary passes that costs ~25 µs for a 500-character source, the largest
part of a long English lookup. Here the tokens of a batch are found and hashed in a few
numpy passes over its bytes (about 3× faster), and a token is then the query's token when
their hashes are equal.

Tokens are those of ``tmtool.tm.fuzzy._SIMPLE_TOKEN_RE`` on ASCII text: a number
``\\d+(?:[.,]\\d+)*``, a lower-case word ``[a-z]+(?:'[a-z]+)*``, or any other character that
is not whitespace, alone. A token's hash is a polynomial hash of its bytes modulo 2**64,
mixed with its length. Distinct tokens of at most :data:`MAX_TOKEN` characters share a hash
with odds of about 2**-64 a pair; longer ones are all given :data:`LONG` (a caller that
needs them told apart does not use this module for them).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

MAX_TOKEN = 64
"""Tokens longer than this are not hashed (see :data:`LONG`)."""

LONG = np.uint64(0)
"""The hash of every token longer than :data:`MAX_TOKEN`."""

_BASE = 0x100000001B3  # odd: invertible modulo 2**64
_MIX = np.uint64(0x9E3779B97F4A7C15)

# Byte classes: whitespace (str.isspace), a-z, 0-9, anything else.
_SPACE, _LETTER, _DIGIT, _OTHER = 0, 1, 2, 3
_CLASS = np.array(
    [
        _SPACE
        if chr(c).isspace()
        else _LETTER
        if "a" <= chr(c) <= "z"
        else _DIGIT
        if "0" <= chr(c) <= "9"
        else _OTHER
        for c in range(128)
    ],
    dtype=np.uint8,
)


class Tokens(NamedTuple):
    """The tokens of a text: ``hashes[i]`` of the token at ``starts[i]:ends[i]``."""

    hashes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


@functools.cache
def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """(BASE**j, BASE**-j) modulo 2**64 for j < n (n a power of two; cached)."""
    up = np.full(n, _BASE, dtype=np.uint64)
    down = np.full(n, pow(_BASE, -1, 1 << 64), dtype=np.uint64)
    up[0] = down[0] = 1
    return np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)


def token_hashes(text: str) -> Tokens | None:
    """The tokens of ``text`` with their hashes, or None when ``text`` is not ASCII."""
    if not text.isascii():
        return None
    b = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    n = len(b)
    cls = _CLASS.take(b)  # (take: indexing with a uint8 array takes numpy's slow path)
    letter, digit = cls == _LETTER, cls == _DIGIT
    # An apostrophe between letters belongs to the word; '.' or ',' between digits to the number.
    inner = np.zeros(n, dtype=bool)
    inner[1:-1] = ((b[1:-1] == 39) & letter[:-2] & letter[2:]) | (
        ((b[1:-1] == 46) | (b[1:-1] == 44)) & digit[:-2] & digit[2:]
    )
    word = letter | (inner & (b == 39))
    number = digit | (inner & (b != 39))
    joins = np.zeros(n, dtype=bool)  # joins[i]: character i continues the token of i - 1
    joins[1:] = (word[1:] & word[:-1]) | (number[1:] & number[:-1])
    solid = cls != _SPACE
    starts = np.flatnonzero(solid & ~joins)
    last = solid.copy()
    last[:-1] &= ~joins[1:]
    ends = np.flatnonzero(last) + 1
    size = 1 << max(n, 1).bit_length()
    up, down = _powers(size)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.multiply(b, up[:n], out=prefix[1:], dtype=np.uint64)
    np.cumsum(prefix[1:], out=prefix[1:])
    lengths = (ends - starts).astype(np.uint64)
    hashes = (prefix[ends] - prefix[starts]) * down[starts] ^ lengths * _MIX
    hashes[lengths > MAX_TOKEN] = LONG
    return Tokens(hashes, starts, ends)
