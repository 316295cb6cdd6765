"""Dynamic programming over bead types inside a band: the alignment search.

The search is pure: it knows nothing about sentences, only about scores. Cell
``(i, j)`` is "the first ``i`` Chinese and first ``j`` English sentences are aligned";
a bead of type ``(a, b)`` moves from ``(i - a, j - b)`` to ``(i, j)`` and earns the score
the caller gives it. Row ``i`` only holds the columns ``lo[i] … hi[i]`` (the band), so
the cost is proportional to ``rows × band width``, linear in document length for a
fixed width.

Each row is computed with numpy over all its columns at once: the predecessors of every
bead type are fetched by one gather from the table (index arrays built once for all
rows), the row's scores come as one array, and an argmax picks the best type. (With
one numpy call per bead type and row, the search of a 27 × 28 sentence document took
1.8 times as long, scores included.) The 0-1 bead (an English sentence without
counterpart) links cells of the *same* row; that recurrence,
``dp[j] = max(base[j], dp[j - 1] + skip[j - 1])``, is a max-plus prefix scan and is
solved in one pass with ``np.maximum.accumulate``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tmtool.errors import AlignmentError

BeadType = tuple[int, int]
DEFAULT_TYPES: tuple[BeadType, ...] = (
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
)
LARGE_TYPES: tuple[BeadType, ...] = ((2, 3), (3, 2), (1, 4), (4, 1))

NEG = -1e18
_SKIP_EN = -1  # back-pointer code of the 0-1 bead
_START = -2

# score_row(i, js) -> {(a, b): scores of the beads of type (a, b) ending at (i, js[k])}, or
# those rows stacked in the order of the types with a >= 1
RowScorer = Callable[[int, np.ndarray], dict[BeadType, np.ndarray] | np.ndarray]


@dataclass(frozen=True)
class PathBead:
    """One bead of the best path: sentence ranges and the score the search gave it."""

    zh: range
    en: range
    score: float


def full_band(nz: int, ne: int) -> tuple[np.ndarray, np.ndarray]:
    """The whole matrix as a band."""
    return np.zeros(nz + 1, dtype=np.int64), np.full(nz + 1, ne, dtype=np.int64)


def band_around(path_j: np.ndarray, ne: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """A band of ``radius`` columns either side of ``path_j[i]`` (one column per row ``i``).

    The band is made monotone and connected (``lo[i] <= hi[i - 1]``) so that the corner
    ``(nz, ne)`` is always reachable.
    """
    path_j = np.maximum.accumulate(np.clip(np.asarray(path_j, dtype=np.int64), 0, ne))
    lo = np.clip(path_j - radius, 0, ne)
    hi = np.clip(path_j + radius, 0, ne)
    lo[0] = 0
    hi[-1] = ne
    hi = np.maximum.accumulate(hi)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # nondecreasing from the right
    lo = np.minimum(lo, np.concatenate([[0], hi[:-1]]))
    return lo, hi


def banded_dp(
    nz: int,
    ne: int,
    lo: np.ndarray,
    hi: np.ndarray,
    types: Sequence[BeadType],
    score_row: RowScorer,
    skip_en: np.ndarray,
) -> list[PathBead]:
    """The best-scoring monotone path of beads from ``(0, 0)`` to ``(nz, ne)`` inside the band.

    ``types`` lists the bead types; ``(0, 1)`` is handled by the row scan with scores
    ``skip_en[j]`` (English sentence ``j`` alone); every other type must have ``a >= 1``
    and is scored by ``score_row(i, js)``, where ``js = lo[i] + arange(width)`` (columns
    past ``hi[i]`` are ignored). ``score_row`` returns a dict by type (a type left out is
    not used in that row), or an array with one row per type with ``a >= 1``, in the
    order of ``types`` (the faster form: no dict, no stacking).
    """
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    if len(lo) != nz + 1 or len(hi) != nz + 1 or lo[0] != 0 or hi[nz] != ne:
        raise AlignmentError("bad band: it must start at (0, 0) and end at the last sentences")
    if any(t[0] < 0 or t[1] < 0 for t in types) or any(t[0] == 0 and t[1] != 1 for t in types):
        raise AlignmentError("bead types must be (0, 1) or (a >= 1, b >= 0)")
    row_types = [(code, t) for code, t in enumerate(types) if t[0] >= 1]
    allow_skip_en = (0, 1) in types
    max_a = max([t[0] for _, t in row_types], default=1)
    max_b = max([t[1] for _, t in row_types], default=0)
    width = int(np.max(hi - lo)) + 1
    jump = max(int(np.max(lo[a:] - lo[:-a])) if nz >= a else 0 for a in range(1, max_a + 1))
    pad = max_b
    stride = pad + width + jump
    # dp[max_a + i, pad + c] is cell (i, lo[i] + c). The max_a rows above row 0 and the
    # columns either side of the band hold NEG, so every candidate of every row is one
    # gather from the flat array: a bead type reaching above row 0 or out of the band
    # reads NEG and never wins against a reachable cell.
    dp = np.full((max_a + nz + 1, stride), NEG)
    flat = dp.reshape(-1)
    back = np.full((nz + 1, width), _START, dtype=np.int8)
    skip_en = np.asarray(skip_en, dtype=np.float64)
    skip_cum = np.concatenate([[0.0], np.cumsum(skip_en)])
    cols = np.arange(width)
    n_types = len(row_types)
    codes = np.array([code for code, _ in row_types], dtype=np.int8)
    ta = np.array([t[0] for _, t in row_types], dtype=np.int64)
    tb = np.array([t[1] for _, t in row_types], dtype=np.int64)
    rows = np.arange(nz + 1)[:, None]
    lo_ext = np.concatenate([np.zeros(max_a, dtype=np.int64), lo])  # lo_ext[max_a + i] = lo[i]
    # flat index of cell (i - a, lo[i] - b) for each row i and type (a, b)
    gather = (max_a + rows - ta) * stride + pad + lo[:, None] - lo_ext[max_a + rows - ta] - tb
    gather = gather[:, :, None] + cols  # (rows, types, width)
    lo_list = lo.tolist()
    partial = (hi - lo + 1 != width).tolist()  # rows with columns past hi[i]
    valid_rows = lo[:, None] + cols <= hi[:, None]
    skip_rows: dict[int, np.ndarray] = {}
    neg_row = np.full(width, NEG)
    for i in range(nz + 1):
        js = lo_list[i] + cols
        valid = valid_rows[i] if partial[i] else None
        if i == 0:
            best = neg_row.copy()
            best[0] = 0.0
            bt = np.full(width, _START, dtype=np.int8)
        elif n_types:
            scores = score_row(i, js)
            if isinstance(scores, dict):
                scores = np.stack([scores.get(t, neg_row) for _, t in row_types])
            cand = flat[gather[i]]
            cand += scores
            arg = cand.argmax(axis=0)
            best = cand[arg, cols]
            bt = codes[arg]
            if valid is not None:
                best[~valid] = NEG
        else:
            best = neg_row.copy()
            bt = np.full(width, _START, dtype=np.int8)
        if allow_skip_en and width > 1:
            c = skip_rows.get(lo_list[i])
            if c is None:
                c = skip_rows[lo_list[i]] = skip_cum[np.minimum(js, ne)]
            # A cell left of which nothing is reachable gets NEG plus a few skip scores from
            # the scan: still far below NEG / 2, so it stays unreachable (never on a path).
            base = best - c
            run = np.maximum.accumulate(base)
            from_left = run > base + 1e-12
            if valid is not None:
                from_left &= valid
            best = np.where(from_left, run + c, best)
            bt = np.where(from_left, np.int8(_SKIP_EN), bt)
        np.maximum(best, NEG, out=best)
        dp[max_a + i, pad : pad + width] = best
        back[i] = bt
    dp = dp[max_a:]
    if dp[nz, pad + ne - lo[nz]] <= NEG / 2:
        raise AlignmentError("no alignment path inside the band")
    # Back-track.
    path: list[PathBead] = []
    i, j = nz, ne
    while i > 0 or j > 0:
        code = int(back[i, j - lo[i]])
        here = dp[i, pad + j - lo[i]]
        if code == _SKIP_EN:
            path.append(PathBead(range(i, i), range(j - 1, j), float(skip_en[j - 1])))
            j -= 1
            continue
        if code == _START:
            raise AlignmentError("broken back-pointer in alignment search")
        a, b = types[code]
        prev = dp[i - a, pad + j - b - lo[i - a]]
        path.append(PathBead(range(i - a, i), range(j - b, j), float(here - prev)))
        i, j = i - a, j - b
    path.reverse()
    return path
