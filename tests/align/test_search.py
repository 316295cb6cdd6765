"""The banded DP on hand-made score tables: each bead type is found when it scores best."""

from __future__ import annotations

import numpy as np
import pytest

from tmtool.align.search import DEFAULT_TYPES, LARGE_TYPES, band_around, banded_dp, full_band
from tmtool.errors import AlignmentError


def _scorer(target: list[tuple[range, range]]):
    """Scores +1 per sentence for the target beads, -1 per sentence for any other bead."""
    wanted = {(r.stop, len(r), e.stop, len(e)) for r, e in target}

    def score_row(i: int, js: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
        out = {}
        for a, b in DEFAULT_TYPES + LARGE_TYPES:
            if a == 0:
                continue
            out[(a, b)] = np.array(
                [(a + b) * (1.0 if (i, a, int(j), b) in wanted else -1.0) for j in js]
            )
        return out

    skips = np.array([-0.5] * 50)
    for r, e in target:
        if not len(r):
            skips[e.start] = 1.0
    return score_row, skips


def _beads(spec: list[tuple[int, int]]) -> list[tuple[range, range]]:
    out, i, j = [], 0, 0
    for a, b in spec:
        out.append((range(i, i + a), range(j, j + b)))
        i, j = i + a, j + b
    return out


CASES = {
    "1-1": [(1, 1), (1, 1), (1, 1)],
    "1-0": [(1, 1), (1, 0), (1, 1)],
    "0-1": [(1, 1), (0, 1), (1, 1)],
    "1-2": [(1, 1), (1, 2), (1, 1)],
    "2-1": [(1, 1), (2, 1), (1, 1)],
    "2-2": [(1, 1), (2, 2), (1, 1)],
    "1-3": [(1, 1), (1, 3), (1, 1)],
    "3-1": [(1, 1), (3, 1), (1, 1)],
    "one-sided at both ends": [(0, 1), (1, 1), (1, 2), (1, 0)],
    "mixed": [(1, 1), (2, 1), (0, 1), (1, 2), (1, 0), (2, 2), (1, 1), (3, 1), (1, 3)],
}


@pytest.mark.parametrize("name", list(CASES))
def test_full_band_finds_each_bead_type(name: str) -> None:
    target = _beads(CASES[name])
    nz = sum(len(r) for r, _ in target)
    ne = sum(len(e) for _, e in target)
    score_row, skips = _scorer(target)
    lo, hi = full_band(nz, ne)
    path = banded_dp(nz, ne, lo, hi, DEFAULT_TYPES, score_row, skips[:ne])
    assert [(p.zh, p.en) for p in path] == target


def test_type_not_allowed_is_not_used() -> None:
    target = _beads([(1, 1), (2, 2), (1, 1)])
    score_row, skips = _scorer(target)
    lo, hi = full_band(4, 4)
    types = ((1, 1), (1, 0), (0, 1))
    path = banded_dp(4, 4, lo, hi, types, score_row, skips[:4])
    assert all((len(p.zh), len(p.en)) in types for p in path)


def test_large_types_on_request() -> None:
    target = _beads([(1, 1), (2, 3), (1, 4), (1, 1)])
    score_row, skips = _scorer(target)
    lo, hi = full_band(5, 9)
    path = banded_dp(5, 9, lo, hi, DEFAULT_TYPES + LARGE_TYPES, score_row, skips[:9])
    assert [(p.zh, p.en) for p in path] == target


def test_narrow_band_matches_full_band_on_a_long_diagonal() -> None:
    spec = [(1, 1), (1, 2), (1, 1), (0, 1), (2, 1), (1, 1), (1, 0)] * 6
    target = _beads(spec)
    nz = sum(len(r) for r, _ in target)
    ne = sum(len(e) for _, e in target)
    score_row, _ = _scorer(target)
    skips = np.full(ne, -0.5)
    for r, e in target:
        if not len(r):
            skips[e.start] = 1.0
    diag = np.round(np.arange(nz + 1) * ne / nz).astype(int)
    lo, hi = band_around(diag, ne, 6)
    assert (hi - lo).max() <= 12
    path = banded_dp(nz, ne, lo, hi, DEFAULT_TYPES, score_row, skips)
    assert [(p.zh, p.en) for p in path] == target


def test_band_is_monotone_and_connected() -> None:
    lo, hi = band_around(np.array([0, 5, 3, 9, 30, 31]), 31, 2)
    assert lo[0] == 0 and hi[-1] == 31
    assert (np.diff(lo) >= 0).all() and (np.diff(hi) >= 0).all()
    assert (lo[1:] <= hi[:-1]).all()


def test_bad_band_is_an_error() -> None:
    score_row, skips = _scorer([])
    with pytest.raises(AlignmentError):
        banded_dp(2, 2, np.array([0, 0]), np.array([2, 2]), DEFAULT_TYPES, score_row, skips)


@pytest.mark.parametrize("name", ["mixed", "one-sided at both ends"])
def test_row_arrays_and_dicts_give_the_same_path(name: str) -> None:
    target = _beads(CASES[name])
    nz = sum(len(r) for r, _ in target)
    ne = sum(len(e) for _, e in target)
    score_row, skips = _scorer(target)
    row_types = [t for t in DEFAULT_TYPES if t[0] >= 1]

    def as_array(i: int, js: np.ndarray) -> np.ndarray:
        scores = score_row(i, js)
        return np.stack([scores[t] for t in row_types])

    def without_two_two(i: int, js: np.ndarray) -> dict:
        return {t: s for t, s in score_row(i, js).items() if t != (2, 2)}

    lo, hi = full_band(nz, ne)
    want = banded_dp(nz, ne, lo, hi, DEFAULT_TYPES, score_row, skips[:ne])
    assert banded_dp(nz, ne, lo, hi, DEFAULT_TYPES, as_array, skips[:ne]) == want
    assert [(p.zh, p.en) for p in want] == target
    # a type the dict leaves out is not used
    path = banded_dp(nz, ne, lo, hi, DEFAULT_TYPES, without_two_two, skips[:ne])
    assert all((len(p.zh), len(p.en)) != (2, 2) for p in path)
