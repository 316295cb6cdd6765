"""The TM's inverted index: index terms of a unit, and compact postings stored in SQLite.

Terms (a one-letter prefix keeps the kinds apart in one table):

* ``z`` + one character: every distinct character of the Chinese matching form (concordance
  of 1-character terms; the posting list is the exact answer).
* ``z`` + two characters: every character bigram of the Chinese matching form, spaces
  included, so any substring of two or more characters has all its bigrams indexed (fuzzy
  candidates, and concordance of longer terms: intersect, then verify by substring search).
* ``e`` + word: every English word token (:func:`tmtool.text.tokens.en_words`) of the English
  side (fuzzy candidates and concordance of words and phrases).
* ``p`` + word + space + word: every pair of consecutive English word tokens of which both
  words are in :data:`tmtool.tm.frequent_words.FREQUENT_WORDS` (concordance of phrases of
  common words: ``of the`` is exactly its pair's list). ``p#`` + the list's version is a
  marker every unit indexed with that list holds: when its count equals the number of
  units, the pair lists are complete (older imports lack it, and are searched without).

A posting list is the sorted ids of the units holding the term. It is stored as segments
(``postings(term, seg, n, ids)``), one per write that touched the term, each packed by
:func:`pack`: delta-coded ids in 1, 2 or 4 bytes with the rare deltas that do not fit
stored as exceptions (patched frame of reference), which keeps 1M units within budget
and decodes with two numpy calls.
"""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import struct
import tempfile
from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from tmtool.text.tokens import en_words
from tmtool.tm.frequent_words import FREQUENT_WORDS, VERSION
from tmtool.tm.terms import C21, KIND_SHIFT, LOW, PAIR_MARK, WORD, ChunkTerms

ZH = "z"
EN = "e"
PAIR = "p"
PAIR_MARKER = PAIR + "#" + VERSION
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


def pair_terms(en_m: str) -> set[str]:
    """The prefixed word-pair terms of an English matching form, with the marker."""
    words = en_words(en_m)
    out = {PAIR_MARKER}
    out.update(
        PAIR + a + " " + b
        for a, b in itertools.pairwise(words)
        if a in _FREQUENT_SET and b in _FREQUENT_SET
    )
    return out


_FREQUENT_SET = frozenset(FREQUENT_WORDS)


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
    deltas = np.frombuffer(blob, dtype=_LE_DTYPES[width], count=n, offset=_HEADER.size)
    if not exceptions:
        return np.cumsum(deltas, dtype=np.uint32)  # widened while summing: one pass
    deltas = deltas.astype(np.uint32)
    at = _HEADER.size + n * width
    pos = np.frombuffer(blob, dtype="<u4", count=exceptions, offset=at)
    val = np.frombuffer(blob, dtype="<u4", count=exceptions, offset=at + 4 * exceptions)
    deltas[pos] = val
    return np.cumsum(deltas, dtype=np.uint32)


_LE_DTYPES = {w: np.dtype(t).newbyteorder("<") for w, t in _DTYPES.items()}


PARTITION_BITS = 10
"""Spilled postings are split by a hash of their term into ``2**PARTITION_BITS`` partitions."""
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key * _MIX
# English word keys (kind 3) are named through a table kept for one run only (``words``):
# a spill stores their names with the run. Other kinds are named from the key alone.
_WORDS_FROM, _WORDS_TO = np.uint64(WORD), np.uint64(WORD + LOW)


def _partition(keys: np.ndarray, bits: int) -> np.ndarray:
    """The partition (0 … 2**bits - 1) of each term key, as uint16."""
    return ((keys * _MIX) >> np.uint64(64 - bits)).astype(np.uint16)


class PostingsBuffer:
    """Postings collected during one write, written to the table as one new segment.

    Memory stays bounded: :meth:`add_chunk` returns True once ``limit`` postings are held,
    and :meth:`spill` then appends them, split into partitions by a hash of the term, to an
    anonymous temporary file (keys and ids as raw arrays, with the names of the English
    words of the run, whose word table is then cleared). :meth:`flush` reads one partition
    at a time — all runs' blocks of it, a 2**-PARTITION_BITS share of the postings — sorts it
    by term (the runs are in id order, so ids stay ascending) and packs each term's ids
    with :func:`pack_groups`. An import that never spills is written straight from memory.
    Call :meth:`close` when abandoning a buffer (it deletes the file).
    """

    def __init__(self, limit: int = 1 << 62) -> None:
        self.keys: list[np.ndarray] = []
        self.ids: list[np.ndarray] = []
        self.words: dict[int, str] = {}
        self.count = 0
        self.limit = limit
        self.spilled = False
        self._file: Any = None
        self._blocks: list[list[tuple[int, ...]]] = []

    def add_chunk(self, unit_ids: np.ndarray, terms: ChunkTerms) -> bool:
        """Index a chunk: ``unit_ids[local]`` is the id of unit ``local``, or -1 to skip it.

        Ids must increase within and across chunks. Returns True when the buffer is full
        (call :meth:`spill`).
        """
        if not len(terms.keys):
            return False
        ids = unit_ids[terms.local]
        keep = ids >= 0
        if not keep.any():
            return False
        self.keys.append(terms.keys[keep])
        self.ids.append(ids[keep].astype(np.uint32))
        self.words.update(terms.words)
        self.count += len(self.ids[-1])
        return self.count >= self.limit

    def _term(self, key: int) -> str:
        kind, low = key >> KIND_SHIFT, key & LOW
        if kind == 1:
            return ZH + chr(low)
        if kind == 2:
            return ZH + chr(low >> 21) + chr(low & C21)
        if kind == 4:
            if low == PAIR_MARK:
                return PAIR_MARKER
            return PAIR + FREQUENT_WORDS[low >> 16] + " " + FREQUENT_WORDS[low & 0xFFFF]
        return EN + self.words[low]

    def _sorted(self) -> tuple[np.ndarray, np.ndarray]:
        """The buffered (keys, ids) sorted by key, ids ascending within a key; empties the buffer."""
        keys = np.concatenate(self.keys)
        self.keys.clear()
        ids = np.concatenate(self.ids)
        self.ids.clear()
        self.count = 0
        # Each chunk is a sorted run (chunk_terms), so the stable sort merges runs.
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        ids = ids[order]
        return keys, ids

    def spill(self) -> None:
        """Append the buffered postings to the temporary file as one run, by partition."""
        if not self.count:
            return
        parts = 1 << PARTITION_BITS
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="tmtool-postings-")
            self._blocks = [[] for _ in range(parts)]
        self.spilled = True
        keys = np.concatenate(self.keys)
        self.keys.clear()
        ids = np.concatenate(self.ids)
        self.ids.clear()
        self.count = 0
        part = _partition(keys, PARTITION_BITS)
        order = np.argsort(part, kind="stable")  # a radix sort; keeps the id order
        bounds = [0, *np.cumsum(np.bincount(part, minlength=parts)).tolist()]
        del part
        keys = keys[order]
        ids = ids[order]
        del order
        named = np.unique(keys[(keys >= _WORDS_FROM) & (keys <= _WORDS_TO)])
        named_part = _partition(named, PARTITION_BITS)
        order = np.argsort(named_part, kind="stable")
        named = named[order]
        name_bounds = [0, *np.cumsum(np.bincount(named_part, minlength=parts)).tolist()]
        del named_part, order
        words, low = self.words, LOW
        names = [EN + words[k & low] for k in named.tolist()]
        self.words.clear()
        texts = [
            "\x00".join(names[name_bounds[p] : name_bounds[p + 1]]).encode("utf-8", "surrogatepass")
            for p in range(parts)
        ]
        text_ends = list(itertools.accumulate(map(len, texts)))
        # One run: all keys, all ids, the named keys, the names; partition p is a slice of each.
        f = self._file
        base = f.tell()
        n, m = len(keys), len(named)
        at_ids, at_named, at_text = base + 8 * n, base + 12 * n, base + 12 * n + 8 * m
        for array_ in (keys.astype("<u8", copy=False), ids.astype("<u4", copy=False)):
            f.write(memoryview(np.ascontiguousarray(array_)))  # no copy
        f.write(named.astype("<u8").tobytes())
        f.write(b"".join(texts))
        f.flush()  # (readers read the file descriptor: os.pread, also in forked packers)
        for p in range(parts):
            lo, hi = bounds[p], bounds[p + 1]
            if lo == hi:
                continue
            nlo, nhi = name_bounds[p], name_bounds[p + 1]
            t0 = text_ends[p] - len(texts[p])
            self._blocks[p].append(
                (base + 8 * lo, hi - lo, at_ids + 4 * lo, at_named + 8 * nlo, nhi - nlo,
                 at_text + t0, len(texts[p]))
            )  # fmt: skip

    def close(self) -> None:
        """Drop the temporary file of spilled runs (if any)."""
        if self._file is not None:
            self._file.close()
            self._file = None
            self._blocks = []
        self.spilled = False

    def flush(self, conn: sqlite3.Connection, workers: int = 0) -> int:
        """Write all postings of this write as a new segment; returns the number of terms.

        Spilled postings are merged and packed in ``workers`` forked processes when there
        are two or more (each takes a share of the partitions; this process inserts the
        packed rows, in partition order as when it packs them itself).
        """
        if not self.spilled:
            if not self.count:
                return 0
            keys, ids = self._sorted()
            starts = np.flatnonzero(np.diff(keys, prepend=keys[:1] ^ np.uint64(1)))
            ends = np.append(starts[1:], len(keys))
            groups = [(ids, starts, ends, keys[starts].tolist())]
            return _write_segment(conn, groups, self._term)
        self.spill()
        try:
            if workers < 2:
                return _write_segment(conn, self._merged(range(len(self._blocks))), str)
            seg = next_segment(conn)
            count = 0
            for rows in self._packed_in_workers(seg, workers):
                conn.executemany(_INSERT, rows)
                count += len(rows)
            return count
        finally:
            self.close()

    def _packed_in_workers(self, seg: int, workers: int) -> Iterator[list[tuple[Any, ...]]]:
        """The postings rows of segment ``seg``, a share of the partitions at a time, packed
        in forked processes (which inherit this buffer: nothing is sent to them but numbers)."""
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        parts = len(self._blocks)
        step = max(1, parts // 64)
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("fork"),
            initializer=_packer_start,
            initargs=(self,),
        )
        try:
            pending: deque = deque()
            for start in range(0, parts, step):
                pending.append(pool.submit(_pack_partitions, start, start + step, seg))
                if len(pending) > 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _merged(
        self, parts: range
    ) -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]]:
        """Each partition's postings merged per term: (ids, starts, ends, term names)."""
        fd = self._file.fileno()

        def read(at: int, size: int) -> bytes:
            return os.pread(fd, size, at)  # (no shared file offset: safe in forked packers)

        for p in parts:
            blocks = self._blocks[p]
            if not blocks:
                continue
            keys, ids, names = [], [], {}
            for at_keys, n, at_ids, at_named, n_names, at_text, text_size in blocks:
                keys.append(np.frombuffer(read(at_keys, 8 * n), dtype="<u8"))
                ids.append(np.frombuffer(read(at_ids, 4 * n), dtype="<u4"))
                if n_names:
                    named = np.frombuffer(read(at_named, 8 * n_names), dtype="<u8").tolist()
                    text = read(at_text, text_size).decode("utf-8", "surrogatepass")
                    names.update(zip(named, text.split("\x00"), strict=True))
            all_keys = np.concatenate(keys)
            all_ids = np.concatenate(ids)
            del keys, ids
            # Runs are in id order and each run's chunks too, so a stable sort keeps every
            # term's ids ascending.
            order = np.argsort(all_keys, kind="stable")
            all_keys = all_keys[order]
            all_ids = all_ids[order]
            del order
            starts = np.flatnonzero(np.diff(all_keys, prepend=all_keys[:1] ^ np.uint64(1)))
            ends = np.append(starts[1:], len(all_keys))
            term = self._term
            terms = [names[k] if k in names else term(k) for k in all_keys[starts].tolist()]
            del all_keys
            yield all_ids, starts, ends, terms


_PACKER: list[PostingsBuffer] = []
"""In a forked packer process: the buffer it packs (set by :func:`_packer_start`)."""


def _packer_start(buffer: PostingsBuffer) -> None:
    """A packer process's start: keep the inherited buffer; Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PACKER[:] = [buffer]


def _pack_partitions(start: int, stop: int, seg: int) -> list[tuple[Any, ...]]:
    """The postings rows of partitions ``start`` … ``stop - 1`` (in a packer process)."""
    (buffer,) = _PACKER
    return [
        (term, seg, n, blob)
        for ids, starts, ends, terms in buffer._merged(range(start, min(stop, len(buffer._blocks))))
        for term, n, blob in pack_groups(ids, starts, ends, terms, str)
    ]


def _write_segment(
    conn: sqlite3.Connection,
    groups: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray, list[Any]]],
    name: Any,
) -> int:
    """Insert packed groups of sorted ids as one new segment; returns the number of terms."""
    seg = next_segment(conn)
    count = 0
    rows: list[tuple[str, int, int, bytes]] = []
    for ids, starts, ends, keys in groups:
        for term, n, blob in pack_groups(ids, starts, ends, keys, name):
            rows.append((term, seg, n, blob))
            if len(rows) >= 10000:
                conn.executemany(_INSERT, rows)
                count += len(rows)
                rows.clear()
    conn.executemany(_INSERT, rows)
    return count + len(rows)


_INSERT = "INSERT INTO postings(term, seg, n, ids) VALUES (?, ?, ?, ?)"


def pack_groups(
    ids: np.ndarray, starts: np.ndarray, ends: np.ndarray, keys: list[int], name: Any
) -> Iterable[tuple[str, int, bytes]]:
    """:func:`pack` for many sorted id groups at once (``ids[starts[i]:ends[i]]``)."""
    deltas = np.diff(ids, prepend=np.uint32(0))
    deltas[starts] = ids[starts]
    over1 = np.add.reduceat((deltas > 0xFF).astype(np.int64), starts)
    over2 = np.add.reduceat((deltas > 0xFFFF).astype(np.int64), starts)
    as1 = deltas.astype("<u1")
    as2 = deltas.astype("<u2")
    as4 = deltas.astype("<u4")
    raw = ids.astype("<u4")
    sizes = (ends - starts).tolist()
    for i, (start, end, n) in enumerate(zip(starts.tolist(), ends.tolist(), sizes, strict=True)):
        term = name(keys[i])
        if n <= _SMALL:
            yield term, n, _HEADER.pack(0, 0) + raw[start:end].tobytes()
            continue
        size1, size2 = n + 8 * int(over1[i]), 2 * n + 8 * int(over2[i])
        if min(size1, size2) >= 4 * n:
            yield term, n, _HEADER.pack(4, 0) + as4[start:end].tobytes()
            continue
        width, limit, body = (1, 0xFF, as1) if size1 <= size2 else (2, 0xFFFF, as2)
        d = deltas[start:end]
        big = np.flatnonzero(d > limit) if (over1[i] if width == 1 else over2[i]) else None
        if big is None:
            yield term, n, _HEADER.pack(width, 0) + body[start:end].tobytes()
            continue
        part = body[start:end].copy()
        part[big] = 0
        yield (
            term,
            n,
            _HEADER.pack(width, len(big))
            + part.tobytes()
            + big.astype("<u4").tobytes()
            + d[big].astype("<u4").tobytes(),
        )


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


def read_postings_many(conn: sqlite3.Connection, terms: list[str]) -> dict[str, np.ndarray]:
    """:func:`read_postings` of several terms in one statement (terms held by no unit are
    left out)."""
    parts: dict[str, list[np.ndarray]] = {}
    for at in range(0, len(terms), 500):
        batch = terms[at : at + 500]
        rows = conn.execute(
            f"SELECT term, n, ids FROM postings WHERE term IN ({','.join('?' * len(batch))}) "
            "ORDER BY term, seg",
            batch,
        )
        for term, n, blob in rows:
            parts.setdefault(term, []).append(unpack(blob, n))
    return {t: p[0] if len(p) == 1 else np.concatenate(p) for t, p in parts.items()}


def document_frequencies(conn: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    """:func:`document_frequency` of several terms in one statement (0 for unknown terms)."""
    out = dict.fromkeys(terms, 0)
    for at in range(0, len(terms), 500):
        batch = terms[at : at + 500]
        out.update(
            conn.execute(
                f"SELECT term, SUM(n) FROM postings WHERE term IN ({','.join('?' * len(batch))}) "
                "GROUP BY term",
                batch,
            )
        )
    return out


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
