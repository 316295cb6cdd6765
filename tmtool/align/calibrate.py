"""Fit the confidence model and check its calibration.

:func:`fit_logistic` fits a small L2-regularised logistic regression (Newton's method,
numpy only) from bead features to "the bead is exactly right". :func:`calibration_table`
bins confidences and reports, per bin, how many beads were right, so "of the beads at
≥ 0.9, at least 90 % are right" can be checked. bench/calibrate_align.py runs both on
gold alignments and writes ``confidence.json``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tmtool.align.confidence import FEATURES_PAIR, FEATURES_SKIP


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float = 1e-2, steps: int = 50) -> np.ndarray:
    """Weights ``w`` maximising the penalised log-likelihood of ``y ~ sigmoid(x @ w)``."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0  # no penalty on the bias (first column)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + reg + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def fit_confidence(features: Sequence[dict], correct: Sequence[bool]) -> dict[str, list[float]]:
    """Weights for :func:`tmtool.align.confidence.apply_weights`, one model per bead kind."""
    weights = {}
    for kind, names in (("pair", FEATURES_PAIR), ("skip", FEATURES_SKIP)):
        rows = [k for k, f in enumerate(features) if f["kind"] == kind]
        if len(rows) < 10:
            raise ValueError(f"too few {kind} beads to fit a confidence model")
        x = np.array([[features[k][n] for n in names] for k in rows])
        y = np.array([bool(correct[k]) for k in rows])
        weights[kind] = [round(float(v), 5) for v in fit_logistic(x, y)]
    return weights


@dataclass(frozen=True)
class CalibrationRow:
    low: float
    high: float
    beads: int
    right: int

    @property
    def accuracy(self) -> float:
        return self.right / self.beads if self.beads else float("nan")


def calibration_table(
    confidences: Sequence[float],
    correct: Sequence[bool],
    edges: Sequence[float] = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0),
) -> list[CalibrationRow]:
    """Beads and right beads per confidence bin ``[low, high)`` (the last bin includes 1.0),
    followed by cumulative rows ``≥ 0.5``, ``≥ 0.9`` and ``≥ 0.95``."""
    conf = np.asarray(confidences, dtype=np.float64)
    ok = np.asarray(correct, dtype=bool)
    rows = []
    for k, (low, high) in enumerate(itertools.pairwise(edges)):
        last = k == len(edges) - 2
        m = (conf >= low) & ((conf <= high) if last else (conf < high))
        rows.append(CalibrationRow(low, high, int(m.sum()), int(ok[m].sum())))
    for low in (0.5, 0.9, 0.95):
        m = conf >= low
        rows.append(CalibrationRow(low, 1.0, int(m.sum()), int(ok[m].sum())))
    return rows
