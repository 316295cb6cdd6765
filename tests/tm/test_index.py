"""Packed postings round-trip; vectorized chunk terms agree with the per-unit definition."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.tm import index
from tmtool.tm.terms import chunk_terms

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


def test_chunk_terms_match_zh_terms_and_words():
    forms = ["两江新区 abc", "新区新区", ""]
    words = [["liangjiang", "new", "new"], [], ["area"]]
    chunk = chunk_terms(forms, words)
    buffer = index.PostingsBuffer()
    buffer.add_chunk(np.array([10, 11, 12]), chunk)
    got: dict[str, set[int]] = {}
    for key, uid in zip(
        np.concatenate(buffer.keys).tolist(), np.concatenate(buffer.ids).tolist(), strict=True
    ):
        got.setdefault(buffer._term(key), set()).add(uid)
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
