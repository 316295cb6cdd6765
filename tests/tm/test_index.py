"""Packed postings round-trip; vectorized chunk terms agree with the per-unit definition."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.tm import index, schema
from tmtool.tm.terms import CHAR, ChunkTerms, chunk_terms, positions

ID_SETS = st.sets(st.integers(min_value=1, max_value=2**32 - 1), max_size=300).map(sorted)


@settings(max_examples=200, deadline=None)
@given(ID_SETS)
def test_pack_round_trip(ids):
    blob = index.pack(ids)
    assert index.unpack(blob, len(ids)).tolist() == ids


@settings(max_examples=100, deadline=None)
@given(st.lists(ID_SETS, min_size=1, max_size=6))
def test_pack_groups_equals_pack(groups):
    groups = [g for g in groups if g]
    if not groups:
        return
    ids = np.array([i for g in groups for i in g], dtype=np.uint32)
    sizes = np.array([len(g) for g in groups])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    ends = starts + sizes
    out = list(index.pack_groups(ids, starts, ends, list(range(len(groups))), str))
    for (_name, n, blob), group in zip(out, groups, strict=True):
        assert n == len(group)
        assert index.unpack(blob, n).tolist() == group


def test_dense_lists_pack_small():
    ids = list(range(1, 100_001))
    assert len(index.pack(ids)) < 100_100  # one byte per id


@given(st.lists(ID_SETS, min_size=1, max_size=4))
def test_intersect(lists):
    arrays = [np.array(x, dtype=np.uint32) for x in lists]
    expected = sorted(set.intersection(*(set(x) for x in lists)))
    assert index.intersect(arrays).tolist() == expected


def _flushed(chunks: list, workers: int = 0) -> dict[str, set[int]]:
    """{term: ids} of the postings a buffer writes for ``chunks`` (unit ids, terms)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(conn)
    buffer = index.PostingsBuffer()
    for unit_ids, terms in chunks:
        buffer.add_chunk(unit_ids, terms)
    buffer.flush(conn, workers)
    terms = [t for (t,) in conn.execute("SELECT DISTINCT term FROM postings")]
    lists = {t: index.read_postings(conn, t) for t in terms}
    assert all((np.diff(ids.astype(np.int64)) > 0).all() for ids in lists.values())
    return {t: set(ids.tolist()) for t, ids in lists.items()}


def test_chunk_terms_match_zh_terms_and_words():
    forms = ["两江新区 abc", "新区新区", ""]
    words = [["liangjiang", "new", "new"], [], ["area"]]
    chunk = chunk_terms(forms, words)
    got = _flushed([(np.array([10, 11, 12]), chunk)])
    expected: dict[str, set[int]] = {}
    for uid, form, ws in zip([10, 11, 12], forms, words, strict=True):
        chars, bigrams = index.zh_terms(form)
        for t in chars | bigrams:
            expected.setdefault(index.ZH + t, set()).add(uid)
        for w in ws:
            expected.setdefault(index.EN + w, set()).add(uid)
        for t in index.pair_terms(" ".join(ws)):
            expected.setdefault(t, set()).add(uid)
    assert got == expected
    assert got["pliangjiang new"] == {10} and got["pnew new"] == {10}


@pytest.mark.parametrize("workers", [0, 2])
def test_postings_of_many_spilled_chunks_merge_in_id_order(workers):
    forms = ["两江新区", "新区", "重庆两江", "江新", "区"]
    words = [["new", "area"], ["area"], ["chongqing", "new"], [], ["area", "of", "the"]]
    chunks, expected = [], {}
    next_id = 1
    for c in range(40):
        terms = chunk_terms(forms, words)
        ids = np.arange(next_id, next_id + len(forms), dtype=np.int64)
        ids[(c + np.arange(len(forms))) % 7 == 0] = -1  # units left out (repeats)
        next_id += len(forms)
        chunks.append((ids, terms))
        for uid, form, ws in zip(ids.tolist(), forms, words, strict=True):
            if uid < 0:
                continue
            chars, bigrams = index.zh_terms(form)
            terms_of_unit = {index.ZH + t for t in chars | bigrams}
            terms_of_unit |= {index.EN + w for w in ws} | index.pair_terms(" ".join(ws))
            for t in terms_of_unit:
                expected.setdefault(t, set()).add(uid)
    assert _flushed(chunks, workers) == expected


def test_chunks_of_more_than_65536_units_spill_4_byte_numbers():
    """A chunk whose unit numbers pass 0xFFFF spills runs in 4 bytes; merged with chunks in
    2 bytes, each term keeps every id, in order."""
    n = 70_000
    big = ChunkTerms(
        np.array([CHAR | ord("两")] * n + [CHAR | ord("江")] * 2, dtype=np.uint64),
        np.concatenate((np.arange(n), [5, n - 1])).astype(np.int64),
        {},
    )
    small = chunk_terms(["两江", "江"], [["area"], []])
    ids_big = np.arange(1, n + 1, dtype=np.int64)
    ids_big[7] = -1  # a repeat, left out
    got = _flushed([(ids_big, big), (np.array([n + 1, n + 2]), small)], workers=0)
    assert got["z两"] == (set(range(1, n + 1)) - {8}) | {n + 1}
    assert got["z江"] == {6, n, n + 1, n + 2}
    assert got["earea"] == {n + 1}


@pytest.mark.parametrize("count", [10, 3000, 300_000])
def test_positions_equal_binary_search(count):
    """Positions through the hashed slot table (keys sharing a slot included) equal a
    binary search; past the table's size, a binary search."""
    rng = np.random.default_rng(count)
    keys = np.unique(rng.integers(0, 2**63, count, dtype=np.uint64))
    values = keys[rng.integers(0, len(keys), 5 * count)]
    got = positions(keys, values)
    assert got.dtype == (np.uint16 if len(keys) <= 0x10000 else np.uint32)
    assert got.tolist() == np.searchsorted(keys, values).tolist()
