"""Gale & Church (1993) length-based sentence alignment: the baseline of bench/align.py.

The classic model (bead priors 1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089, 2-2 .011; match
cost -log of the two-sided normal tail of delta) with non-space character lengths and
the zh–en ratio and variance of :class:`tmtool.align.length.LengthModel` (the original
constants, c = 1 and s² = 6.8, are for European languages). Full-matrix DP in plain
Python: a baseline, not a product.
"""

from __future__ import annotations

import math

PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2,
          (1, 2): 0.089 / 2, (2, 2): 0.011}  # fmt: skip


def _length(s: str) -> int:
    return sum(1 for ch in s if not ch.isspace())


def _match_cost(lz: float, le: float, ratio: float, variance: float) -> float:
    if lz == 0 and le == 0:
        return 0.0
    mean = (lz + le / ratio) / 2
    delta = (le - lz * ratio) / math.sqrt(max(mean, 1.0) * variance)
    tail = 2 * (1 - 0.5 * (1 + math.erf(abs(delta) / math.sqrt(2))))
    return -math.log(max(tail, 1e-12))


def gale_church(
    zh: list[str], en: list[str], *, ratio: float = 3.1, variance: float = 25.0
) -> list[tuple[list[int], list[int]]]:
    """Beads ``([zh indices], [en indices])`` of the best Gale–Church path."""
    lz = [_length(s) for s in zh]
    le = [_length(s) for s in en]
    n, m = len(zh), len(en)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, None
            for (a, b), prior in PRIORS.items():
                if a > i or b > j or cost[i - a][j - b] == inf:
                    continue
                c = (
                    cost[i - a][j - b]
                    - math.log(prior)
                    + _match_cost(sum(lz[i - a : i]), sum(le[j - b : j]), ratio, variance)
                )
                if c < best:
                    best, arg = c, (a, b)
            cost[i][j], back[i][j] = best, arg
    beads = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]  # type: ignore[misc]
        beads.append((list(range(i - a, i)), list(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]
