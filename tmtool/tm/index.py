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
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from tmtool.text.tokens import en_words
from tmtool.tm import forked
from tmtool.tm.frequent_words import FREQUENT_WORDS, VERSION
from tmtool.tm.terms import C21, KIND_SHIFT, LOW, PAIR_MARK, WORD, ChunkTerms, positions

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


PARTITION_BITS = 8
"""Spilled postings are split by a hash of their term into ``2**PARTITION_BITS`` partitions."""
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key * _MIX
# English word keys (kind 3) hash the word: a spilled chunk stores the names of its words.
# Other kinds are named from the key alone (:func:`_term`).
_WORD_KIND = np.uint64(WORD)


def _partition(keys: np.ndarray, bits: int) -> np.ndarray:
    """The partition (0 … 2**bits - 1) of each term key, as uint16."""
    return ((keys * _MIX) >> np.uint64(64 - bits)).astype(np.uint16)


_SECTIONS = 5
"""A spilled chunk's sections, each grouped by partition: run keys (<u8), run sizes and
the runs' unit numbers (:func:`_width`), named English word keys (<u8) and their names
(UTF-8, each ended by NUL)."""


def _width(local: np.ndarray) -> str:
    """The dtype of run sizes and unit numbers in a spilled chunk whose unit numbers are
    ``local`` (a run's size is at most the largest number + 1)."""
    return "<u4" if len(local) and int(local.max()) >= 0xFFFF else "<u2"


class SpillFile:
    """An unlinked temporary file that the processes of one import append records to.

    Space is reserved under a counter shared by the forked processes, then written with
    ``os.pwrite`` (no shared file offset), so worker processes append in parallel. The
    file vanishes with its last descriptor, also when the import is killed.
    """

    def __init__(self) -> None:
        import tempfile  # (here: a lookup process need not load it, ~5 ms)
        from multiprocessing import get_context

        fd, path = tempfile.mkstemp(prefix="tmtool-postings-")
        os.unlink(path)
        self.fd = fd
        self._end = get_context("fork").Value("q", 0)  # (inherited by forked workers)

    def append(self, data: bytes) -> int:
        """Write ``data`` at the end; returns where it starts."""
        view = memoryview(data)
        with self._end.get_lock():
            at = self._end.value
            self._end.value = at + len(view)
        done = 0
        while done < len(view):
            done += os.pwrite(self.fd, view[done:], at + done)
        return at

    def read(self, at: int, size: int) -> bytes:
        """``size`` bytes from offset ``at``."""
        return os.pread(self.fd, size, at)

    def close(self) -> None:
        """Drop the file (when no forked process holds it any more)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _cumsum0(counts: np.ndarray) -> np.ndarray:
    """[0, counts[0], counts[0] + counts[1], …] as int64."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def spill_chunk(spill: SpillFile, terms: ChunkTerms) -> np.ndarray:
    """Append a chunk's postings and the names of its English words to ``spill``, grouped
    by partition, partition by partition; returns where each part is: ``place[p, s]`` …
    ``place[p, s + 1]`` are the file offsets of partition ``p``'s part of section ``s``
    (:data:`_SECTIONS`), so ``place[p, 0]`` … ``place[p, -1]`` is all of partition ``p``.
    Runs where the chunk was prepared (a worker).

    ``terms`` is sorted by (key, unit), so each distinct key is a run of ascending unit
    numbers: a run is written as its key, its size and its unit numbers (2 bytes a posting
    and 10 a run, where (key, unit) records took 12 a posting), and the packer takes the
    runs as they are."""
    bits = PARTITION_BITS
    parts = 1 << bits
    keys, local = terms.keys, terms.local
    n = len(keys)
    width = _width(local)
    fresh = np.empty(n, bool)
    if n:
        fresh[0] = True
        np.not_equal(keys[1:], keys[:-1], out=fresh[1:])
    starts = np.flatnonzero(fresh)
    del fresh
    sizes = np.diff(starts, append=n)
    run_keys = keys[starts]
    run_part = _partition(run_keys, bits)
    order = np.argsort(run_part, kind="stable")  # (a radix sort)
    run_keys = run_keys[order]
    starts = starts[order]
    sizes = sizes[order]
    # Unit numbers run by run in the new order: position j of the output is
    # starts[r] + (j - where run r starts in the output).
    shift = starts - _cumsum0(sizes)[:-1]
    units = local[np.repeat(shift, sizes) + np.arange(n)]
    named = np.fromiter(terms.words, dtype=np.uint64, count=len(terms.words)) | _WORD_KIND
    named_part = _partition(named, bits)
    order = np.argsort(named_part, kind="stable")
    texts, text_ends = _names(list(terms.words.values()), order)
    size = np.dtype(width).itemsize
    run_ends = _cumsum0(np.bincount(run_part, minlength=parts))  # (runs are in partition order)
    named_ends = _cumsum0(np.bincount(named_part, minlength=parts))
    sections = (
        run_keys.astype("<u8").tobytes(),
        sizes.astype(width).tobytes(),
        units.astype(width).tobytes(),
        named[order].astype("<u8").tobytes(),
        texts,
    )
    bounds = np.stack(  # where each partition's part of each section starts in it
        (
            8 * run_ends,
            size * run_ends,
            size * _cumsum0(sizes)[run_ends],
            8 * named_ends,
            text_ends[named_ends],
        )
    )
    views = [memoryview(s) for s in sections] * parts  # partition by partition:
    froms = bounds[:, :-1].T.ravel().tolist()
    tos = bounds[:, 1:].T.ravel().tolist()
    out = b"".join([v[a:b] for v, a, b in zip(views, froms, tos, strict=True)])
    at = spill.append(out)
    place = np.empty((parts, _SECTIONS + 1), dtype=np.int64)
    place[:, 1:] = np.cumsum(np.diff(bounds, axis=1).T, axis=None).reshape(parts, _SECTIONS)
    place[:, 0] = np.append(0, place[:-1, -1])
    place += at
    return place


def _names(words: list[str], order: np.ndarray) -> tuple[bytes, np.ndarray]:
    """``words`` in ``order``, each ended by NUL, as UTF-8, and where each ends (a 0 first)."""
    ordered = np.array(words, dtype=object)[order].tolist() if len(words) else []
    texts = ("\x00".join(ordered) + "\x00").encode("utf-8", "surrogatepass") if ordered else b""
    ends = np.flatnonzero(np.frombuffer(texts, dtype=np.uint8) == 0) + 1
    if len(ends) != len(ordered):  # (a word holding NUL: not one of en_words)
        pieces = [(w + "\x00").encode("utf-8", "surrogatepass") for w in ordered]
        return b"".join(pieces), _cumsum0([len(b) for b in pieces])
    return texts, np.concatenate(([0], ends))


_GROUP = 4
"""Partitions packed by one task (read together: a chunk's parts of them are one span)."""


class PostingsBuffer:
    """Postings collected during one write, written to the table as one new segment.

    Each chunk's postings and the names of its English words go to a temporary file as they
    come (:func:`spill_chunk`, run where the chunk is prepared: in a worker process for a
    large import), grouped by ``2**PARTITION_BITS`` partitions of a hash of the term; this
    process keeps only where each chunk's groups are and the ids of the chunk's units
    (:meth:`add_record`), a few bytes a unit. :meth:`flush` merges one partition at a time —
    every chunk's runs of it, numbered by term and put in term order by a stable radix
    sort (chunks are in id order, so ids stay ascending) — and packs each term's ids with
    :func:`pack_groups`, in forked packer processes when asked. Call :meth:`close` when
    done or abandoning the buffer.
    """

    def __init__(self) -> None:
        self.file = SpillFile()
        self._places: list[np.ndarray] = []
        self._ids: list[np.ndarray] = []
        self._merged: tuple[np.ndarray, ...] | None = None

    def add_record(self, place: np.ndarray, unit_ids: np.ndarray) -> None:
        """Index a chunk spilled by :func:`spill_chunk` at ``place``: ``unit_ids[local]`` is
        the id of the chunk's unit ``local``, or -1 to leave it out. Ids must increase
        within and across chunks."""
        if (place[:, 1] == place[:, 0]).all() or not (unit_ids >= 0).any():
            return
        self._places.append(place)
        self._ids.append(unit_ids.astype(np.int32))

    def add_chunk(self, unit_ids: np.ndarray, terms: ChunkTerms) -> None:
        """:func:`spill_chunk` and :meth:`add_record` in this process."""
        self.add_record(spill_chunk(self.file, terms), unit_ids)

    def close(self) -> None:
        """Drop the temporary file and what is known of it."""
        self.file.close()
        self._places, self._ids, self._merged = [], [], None

    def flush(self, conn: sqlite3.Connection, workers: int = 0) -> int:
        """Write all postings of this write as a new segment; returns the number of terms.

        With ``workers`` >= 2 the partitions are merged and packed in that many forked
        processes (nothing is sent to them but numbers); this process inserts the rows, in
        the same order either way (partition, then term).
        """
        if not self._places:
            return 0
        seg = next_segment(conn)
        parts = self._places[0].shape[0]
        count = 0
        try:
            self._merge_tables()
            groups = [(p, min(p + _GROUP, parts)) for p in range(0, parts, _GROUP)]
            results = (
                self._packed_in_workers(groups, seg, workers)
                if workers >= 2
                else (self._pack(first, last, seg) for first, last in groups)
            )
            for rows in results:
                conn.executemany(_INSERT, rows)
                count += len(rows)
        finally:
            self.close()
        return count

    def _merge_tables(self) -> None:
        """The chunks' places as one array, their ids as one, where each chunk's ids start
        and whether its numbers are 4 bytes wide (for :meth:`_pack`)."""
        places = np.stack(self._places)
        sizes = np.array([len(ids) for ids in self._ids], dtype=np.int64)
        runs = (places[:, :, 1] - places[:, :, 0]).sum(axis=1)  # 8 bytes a run
        wide = 2 * (places[:, :, 2] - places[:, :, 1]).sum(axis=1) == runs  # 4-byte sizes
        self._merged = (places, np.concatenate(self._ids), _cumsum0(sizes)[:-1], wide)
        self._places, self._ids = [], []

    def _packed_in_workers(
        self, groups: list[tuple[int, int]], seg: int, workers: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        tasks = (((), _pack_partitions, (first, last, seg)) for first, last in groups)
        for _, rows in forked.in_order(tasks, workers, _packer_start, (self,)):
            yield rows

    def _pack(self, first: int, last: int, seg: int) -> list[tuple[Any, ...]]:
        """The postings rows of partitions ``first`` … ``last - 1``: every chunk's runs of
        each merged per term and packed, in (partition, term key) order (one read per
        chunk: its parts of these partitions are next to each other)."""
        assert self._merged is not None
        places, all_ids, bases, wide = self._merged
        block = places[:, first:last, :]
        lo, hi = block[:, 0, 0], block[:, -1, -1]
        chunks = np.flatnonzero(hi > lo)
        if not len(chunks):
            return []
        block, lo, hi = block[chunks], lo[chunks], hi[chunks]
        read = self.file.read
        data = memoryview(
            b"".join([read(a, b - a) for a, b in zip(lo.tolist(), hi.tolist(), strict=True)])
        )
        shift = (_cumsum0(hi - lo)[:-1] - lo)[:, None]  # file offset → offset in ``data``
        rows: list[tuple[Any, ...]] = []
        for g in range(last - first):
            place = block[:, g, :]
            has = np.flatnonzero(place[:, 1] > place[:, 0])
            if len(has):
                ranges = place[has] + shift[has]
                c = chunks[has]
                rows += self._pack_runs(data, ranges, all_ids, bases[c], wide[c], seg)
        return rows

    @staticmethod
    def _pack_runs(
        data: memoryview,
        ranges: np.ndarray,
        all_ids: np.ndarray,
        bases: np.ndarray,
        wide: np.ndarray,
        seg: int,
    ) -> list[tuple[Any, ...]]:
        def joined(s: int) -> bytes:
            spans = zip(ranges[:, s].tolist(), ranges[:, s + 1].tolist(), strict=True)
            return b"".join([data[lo:hi] for lo, hi in spans])

        def section(s: int, dtype: str) -> np.ndarray:
            if dtype != "wide":
                return np.frombuffer(joined(s), dtype=dtype)
            spans = zip(ranges[:, s].tolist(), ranges[:, s + 1].tolist(), strict=True)
            return np.concatenate(  # (some chunks have 4-byte numbers)
                [
                    np.frombuffer(data[lo:hi], dtype="<u4" if w else "<u2").astype(np.int64)
                    for (lo, hi), w in zip(spans, wide.tolist(), strict=True)
                ]
            )

        number = "wide" if wide.any() else "<u2"
        run_keys = section(0, "<u8")
        sizes = section(1, number).astype(np.int64)
        units = section(2, number)
        per_chunk = (ranges[:, 3] - ranges[:, 2]) // np.where(wide, 4, 2)
        ids = all_ids[np.repeat(bases, per_chunk) + units]  # run by run, chunk by chunk
        del units
        keys = np.sort(run_keys)
        fresh = np.empty(len(keys), bool)
        fresh[0] = True
        np.not_equal(keys[1:], keys[:-1], out=fresh[1:])
        keys = keys[fresh]  # the partition's terms, in key order
        term = positions(keys, run_keys)
        counts = np.bincount(term, weights=sizes, minlength=len(keys)).astype(np.int64)
        # The runs in term order; stable: chunks come in id order and a run's units
        # ascend, so each term's ids do. Then the ids, run by run in that order.
        order = np.argsort(term, kind="stable")
        del term
        run_starts = _cumsum0(sizes)[:-1]
        sizes = sizes[order]
        shift = run_starts[order] - _cumsum0(sizes)[:-1]
        ids = ids[np.repeat(shift, sizes) + np.arange(len(ids))]
        del shift, order, run_starts
        dropped = ids < 0  # (units left out: repeats)
        if dropped.any():
            counts -= np.add.reduceat(dropped, _cumsum0(counts)[:-1], dtype=np.int64)
            ids = ids[~dropped]
        del dropped
        held = counts > 0
        ends = np.cumsum(counts)[held]
        starts = ends - counts[held]
        names = _named(section(3, "<u8"), joined(4))
        terms = [EN + names[k] if k in names else _term(k) for k in keys[held].tolist()]
        return [
            (term, seg, n, blob)
            for term, n, blob in pack_groups(ids.astype(np.uint32), starts, ends, terms, str)
        ]


def _named(named: np.ndarray, texts: bytes) -> dict[int, str]:
    """{word key: word} from a partition's named keys and their NUL-ended names (a word
    named by many chunks is decoded once)."""
    if not len(named):
        return {}
    keys, first = np.unique(named, return_index=True)
    ends = np.flatnonzero(np.frombuffer(texts, dtype=np.uint8) == 0)
    starts = np.concatenate(([0], ends[:-1] + 1))
    return {
        k: texts[s:e].decode("utf-8", "surrogatepass")
        for k, s, e in zip(keys.tolist(), starts[first].tolist(), ends[first].tolist(), strict=True)
    }


def _term(key: int) -> str:
    """The name of a term key that is not an English word (those are named in the file)."""
    kind, low = key >> KIND_SHIFT, key & LOW
    if kind == 1:
        return ZH + chr(low)
    if kind == 2:
        return ZH + chr(low >> 21) + chr(low & C21)
    if low == PAIR_MARK:
        return PAIR_MARKER
    return PAIR + FREQUENT_WORDS[low >> 16] + " " + FREQUENT_WORDS[low & 0xFFFF]


_PACKER: list[PostingsBuffer] = []
"""In a forked packer process: the buffer it packs (set by :func:`_packer_start`)."""


def _packer_start(buffer: PostingsBuffer) -> None:
    """A packer process's start: keep the inherited buffer; Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PACKER[:] = [buffer]


def _pack_partitions(first: int, last: int, seg: int) -> list[tuple[Any, ...]]:
    """:meth:`PostingsBuffer._pack` in a packer process."""
    (buffer,) = _PACKER
    return buffer._pack(first, last, seg)


_INSERT = "INSERT INTO postings(term, seg, n, ids) VALUES (?, ?, ?, ?)"


def pack_groups(
    ids: np.ndarray, starts: np.ndarray, ends: np.ndarray, keys: list[int], name: Any
) -> Iterable[tuple[str, int, bytes]]:
    """:func:`pack` for many sorted id groups at once (``ids[starts[i]:ends[i]]``)."""
    deltas = np.diff(ids, prepend=np.uint32(0))
    deltas[starts] = ids[starts]
    over1 = np.add.reduceat(deltas > 0xFF, starts, dtype=np.int64).tolist()
    over2 = np.add.reduceat(deltas > 0xFFFF, starts, dtype=np.int64).tolist()
    raw = ids.astype("<u4").tobytes()  # (lists are sliced from these)
    bodies: dict[int, bytes] = {}  # deltas in 1, 2 or 4 bytes, made when first needed

    def body(width: int) -> bytes:
        if width not in bodies:
            bodies[width] = deltas.astype(_LE_DTYPES[width]).tobytes()
        return bodies[width]

    head = _HEADER.pack(0, 0)
    heads = {w: _HEADER.pack(w, 0) for w in (1, 2, 4)}
    sizes = (ends - starts).tolist()
    for i, (start, end, n) in enumerate(zip(starts.tolist(), ends.tolist(), sizes, strict=True)):
        term = name(keys[i])
        if n <= _SMALL:
            yield term, n, head + raw[4 * start : 4 * end]
            continue
        size1, size2 = n + 8 * over1[i], 2 * n + 8 * over2[i]
        if min(size1, size2) >= 4 * n:
            yield term, n, heads[4] + body(4)[4 * start : 4 * end]
            continue
        width, limit, exceptions = (1, 0xFF, over1[i]) if size1 <= size2 else (2, 0xFFFF, over2[i])
        if not exceptions:
            yield term, n, heads[width] + body(width)[width * start : width * end]
            continue
        d = deltas[start:end]
        part = d.astype(_LE_DTYPES[width])
        big = np.flatnonzero(d > limit)
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
