"""The TM's inverted index: index terms of a unit, and compact postings stored in SQLite.

Terms (a one-letter prefix keeps the kinds apart in one table):

* ``z`` + one character: every distinct character of the Chinese matching form (concordance
  of 1-character terms; the posting list is the exact answer).
* ``z`` + two characters: every character bigram of the Chinese matching form, spaces
  included, so any substring of two or more characters has all its bigrams indexed (fuzzy
  candidates, and concordance of longer terms: intersect, then verify by substring search).
* ``e`` + word: every English word token (:func:`tmtool.text.tokens.en_words`) of the English
  side (fuzzy candidates and concordance of words and phrases).

A posting list is the sorted ids of the units holding the term. It is stored as segments
(``postings(term, seg, n, ids)``), one per write that touched the term, each packed by
:func:`pack`: delta-coded ids in 1, 2 or 4 bytes with the rare deltas that do not fit
stored as exceptions (patched frame of reference), which keeps 1M units within budget
and decodes with two numpy calls.
"""

from __future__ import annotations

import itertools
import sqlite3
import struct
from array import array
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from tmtool.text.tokens import en_words

ZH = "z"
EN = "e"
_DTYPES = {1: np.uint8, 2: np.uint16, 4: np.uint32}
_HEADER = struct.Struct("<BI")  # width (0 = raw ids), number of exceptions
_SMALL = 32  # lists this short are stored raw


def zh_terms(zh_m: str) -> tuple[set[str], set[str]]:
    """The distinct characters (spaces excluded) and character bigrams of a Chinese matching form."""
    chars = set(zh_m)
    chars.discard(" ")
    bigrams = {a + b for a, b in itertools.pairwise(zh_m)}
    return chars, bigrams


def en_terms(en_m: str) -> set[str]:
    """The distinct English word tokens of an English matching form."""
    return set(en_words(en_m))


def pack(ids: np.ndarray | array | list[int]) -> bytes:
    """Pack sorted, distinct unit ids into a blob (see the module docstring)."""
    n = len(ids)
    if n <= _SMALL:
        raw = ids if isinstance(ids, array) else array("I", (int(i) for i in ids))
        return _HEADER.pack(0, 0) + raw.tobytes()
    a = np.asarray(ids, dtype=np.uint32)
    deltas = np.diff(a, prepend=np.uint32(0))
    best = None
    for width in (1, 2):
        limit = (1 << (8 * width)) - 1
        big = np.flatnonzero(deltas > limit)
        size = n * width + 8 * len(big)
        if best is None or size < best[0]:
            best = (size, width, big)
    assert best is not None
    if best[0] >= 4 * n:
        return _HEADER.pack(4, 0) + deltas.astype("<u4").tobytes()
    _, width, big = best
    body = deltas.copy()
    body[big] = 0
    return (
        _HEADER.pack(width, len(big))
        + body.astype(np.dtype(_DTYPES[width]).newbyteorder("<")).tobytes()
        + big.astype("<u4").tobytes()
        + deltas[big].astype("<u4").tobytes()
    )


def unpack(blob: bytes, n: int) -> np.ndarray:
    """The sorted unit ids (uint32) packed in ``blob`` by :func:`pack` (``n`` ids)."""
    width, exceptions = _HEADER.unpack_from(blob)
    if width == 0:
        return np.frombuffer(blob, dtype="<u4", count=n, offset=_HEADER.size)
    deltas = np.frombuffer(
        blob, dtype=np.dtype(_DTYPES[width]).newbyteorder("<"), count=n, offset=_HEADER.size
    ).astype(np.uint32)
    if exceptions:
        at = _HEADER.size + n * width
        pos = np.frombuffer(blob, dtype="<u4", count=exceptions, offset=at)
        val = np.frombuffer(blob, dtype="<u4", count=exceptions, offset=at + 4 * exceptions)
        deltas[pos] = val
    return np.cumsum(deltas, dtype=np.uint32)


class PostingsBuffer:
    """Postings collected during one write, flushed to the table as new segments."""

    def __init__(self) -> None:
        self.zh1: defaultdict[str, array] = defaultdict(lambda: array("I"))
        self.zh2: defaultdict[str, array] = defaultdict(lambda: array("I"))
        self.en: defaultdict[str, array] = defaultdict(lambda: array("I"))
        self.count = 0

    def add(self, unit_id: int, zh_m: str, en_words_: Iterable[str]) -> None:
        """Index one unit (ids must arrive in increasing order)."""
        chars, bigrams = zh_terms(zh_m)
        zh1, zh2, en = self.zh1, self.zh2, self.en
        for c in chars:
            zh1[c].append(unit_id)
        for b in bigrams:
            zh2[b].append(unit_id)
        for w in set(en_words_):
            en[w].append(unit_id)
        self.count += 1

    def rows(self) -> Iterable[tuple[str, int, bytes]]:
        """(term, n, blob) for every term collected."""
        for prefix, table in ((ZH, self.zh1), (ZH, self.zh2), (EN, self.en)):
            for term, ids in table.items():
                yield prefix + term, len(ids), pack(ids)

    def flush(self, conn: sqlite3.Connection) -> set[str]:
        """Write the collected postings as new segments; returns the terms written."""
        if not self.count:
            return set()
        seg = next_segment(conn)
        terms: set[str] = set()
        batch: list[tuple[str, int, int, bytes]] = []
        for term, n, blob in self.rows():
            batch.append((term, seg, n, blob))
            terms.add(term)
            if len(batch) >= 5000:
                conn.executemany(
                    "INSERT INTO postings(term, seg, n, ids) VALUES (?, ?, ?, ?)", batch
                )
                batch.clear()
        if batch:
            conn.executemany("INSERT INTO postings(term, seg, n, ids) VALUES (?, ?, ?, ?)", batch)
        self.zh1.clear()
        self.zh2.clear()
        self.en.clear()
        self.count = 0
        return terms


def next_segment(conn: sqlite3.Connection) -> int:
    """A segment number larger than every one in use (segments order the ids of a term)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'segment'").fetchone()
    seg = int(row[0]) + 1 if row else 1
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('segment', ?)", (seg,))
    return seg


def read_postings(conn: sqlite3.Connection, term: str) -> np.ndarray:
    """All unit ids holding ``term`` (prefixed), sorted, as a uint32 array."""
    parts = [
        unpack(blob, n)
        for n, blob in conn.execute(
            "SELECT n, ids FROM postings WHERE term = ? ORDER BY seg", (term,)
        )
    ]
    if not parts:
        return np.empty(0, dtype=np.uint32)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def document_frequency(conn: sqlite3.Connection, term: str) -> int:
    """How many units hold ``term`` (prefixed), from the segment sizes alone."""
    row = conn.execute(
        "SELECT COALESCE(SUM(n), 0) FROM postings WHERE term = ?", (term,)
    ).fetchone()
    return int(row[0])


def rewrite_terms(
    conn: sqlite3.Connection, terms: Iterable[str], remove: np.ndarray | None = None
) -> None:
    """Merge each term's segments into one, dropping the ids in ``remove`` (sorted uint32).

    Used after deletions (so counts stay exact) and to compact terms with many segments.
    """
    for term in terms:
        ids = read_postings(conn, term)
        if remove is not None and len(remove):
            ids = ids[~np.isin(ids, remove, assume_unique=True)]
        conn.execute("DELETE FROM postings WHERE term = ?", (term,))
        if len(ids):
            conn.execute(
                "INSERT INTO postings(term, seg, n, ids) VALUES (?, 0, ?, ?)",
                (term, len(ids), pack(ids)),
            )


def crowded_terms(
    conn: sqlite3.Connection, terms: Iterable[str], max_segments: int = 8
) -> list[str]:
    """Those of ``terms`` stored in more than ``max_segments`` segments (due a merge)."""
    out = []
    for term in terms:
        (count,) = conn.execute("SELECT COUNT(*) FROM postings WHERE term = ?", (term,)).fetchone()
        if count > max_segments:
            out.append(term)
    return out


def intersect(lists: list[np.ndarray]) -> np.ndarray:
    """The ids present in every sorted list (shortest first; binary search into the others)."""
    if not lists:
        return np.empty(0, dtype=np.uint32)
    lists = sorted(lists, key=len)
    result = lists[0]
    for other in lists[1:]:
        if not len(result):
            break
        pos = np.searchsorted(other, result)
        pos[pos == len(other)] = 0
        result = result[other[pos] == result] if len(other) else result[:0]
    return result
