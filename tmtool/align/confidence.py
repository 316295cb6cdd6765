"""Per-bead confidence: the probability that a bead is exactly right, and a sanity check.

A bead's confidence is a logistic function of a few features the search already has:
its quality (see :mod:`tmtool.align.aligner`), its margin over the best competing
pairing of its sentences in the neighbourhood, its type, and for a one-sided bead the
one-sided prior and how well the sentence would pair with any neighbour. The weights
are fitted on gold alignments by :mod:`tmtool.align.calibrate` and shipped in
``confidence.json`` (one set with the encoder, one without), so "0.9" means that about
nine beads in ten at that confidence are right on data like the calibration data.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from tmtool.records import Bead

if TYPE_CHECKING:
    from tmtool.align.features import Side
    from tmtool.align.scoring import BeadScorer
    from tmtool.align.search import PathBead

NEIGHBOURHOOD = 4
FEATURES_PAIR = ("bias", "quality", "margin", "is_11", "is_12", "sem", "lex", "doc_quality")
FEATURES_SKIP = ("bias", "prior", "best_pair", "is_zh")


@cache
def _weights() -> dict[str, dict[str, list[float]]]:
    data = resources.files("tmtool.align").joinpath("confidence.json").read_text(encoding="utf-8")
    return json.loads(data)


def _best_pair(scorer: BeadScorer, side: str, k: int, exclude: range, n_other: int) -> float:
    """Best 1-1 quality of sentence ``k`` of ``side`` with a neighbour outside ``exclude``."""
    lo = max(0, exclude.start - NEIGHBOURHOOD)
    hi = min(n_other, exclude.stop + NEIGHBOURHOOD)
    if scorer.full:
        q11 = scorer.quality_matrix_11()
        line = q11[k + 1, 1:] if side == "zh" else q11[1:, k + 1]
        parts = [line[lo : exclude.start], line[exclude.stop : hi]]
        best = [float(p.max()) for p in parts if len(p)]
        return max(best) if best else -1.0
    others = np.array([o for o in range(lo, hi) if o not in exclude], dtype=np.int64)
    if not len(others):
        return -1.0
    mine = np.full(len(others), k, dtype=np.int64)
    if side == "zh":
        return float(np.max(scorer.quality_pairs(mine, others)))
    return float(np.max(scorer.quality_pairs(others, mine)))


def _rivals_full(q11: np.ndarray, k: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """:func:`_best_pair` of many sentences at once (full mode): for row ``k[n]`` of the
    1-1 quality matrix (sentence by other-side sentence), the best value in the
    neighbourhood of ``start[n] … stop[n] - 1`` outside that range; -1 when there is none."""
    n_other = q11.shape[1]
    padded = np.full((q11.shape[0], n_other + 2 * NEIGHBOURHOOD), -np.inf)
    padded[:, NEIGHBOURHOOD : NEIGHBOURHOOD + n_other] = q11
    steps = np.arange(NEIGHBOURHOOD)
    # padded column c + NEIGHBOURHOOD is sentence c: left of the range c = start - 4 … start - 1
    cols = np.concatenate([start[:, None] + steps, stop[:, None] + NEIGHBOURHOOD + steps], axis=1)
    best = padded[k[:, None], cols].max(axis=1)
    return np.where(best == -np.inf, -1.0, best)


def _feature_arrays(
    path: list[PathBead], zh: Side, en: Side, scorer: BeadScorer
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which beads are pairs, and the feature matrices of the pairs (columns
    :data:`FEATURES_PAIR`) and of the one-sided beads (:data:`FEATURES_SKIP`), in path order.

    In full mode every feature is computed for all beads of a type at once from the
    scorer's matrices; otherwise bead by bead. Both give the same values.
    """
    sizes = np.array([(len(b.zh), len(b.en)) for b in path], dtype=np.int64).reshape(-1, 2)
    is_pair = (sizes[:, 0] > 0) & (sizes[:, 1] > 0)
    pairs = [b for b, p in zip(path, is_pair, strict=True) if p]
    skips = [b for b, p in zip(path, is_pair, strict=True) if not p]
    n_pair = len(pairs)
    q = np.empty(n_pair)
    sem = np.empty(n_pair)
    lex = np.empty(n_pair)
    rival = np.full(n_pair, -np.inf)
    best_pair = np.empty(len(skips))
    skip_zh = np.array([len(b.zh) > 0 for b in skips], dtype=bool)
    if scorer.full:
        pz = sizes[is_pair]
        stops = np.array([(b.zh.stop, b.en.stop) for b in pairs], dtype=np.int64).reshape(-1, 2)
        for a, b in {(int(x), int(y)) for x, y in pz}:
            sel = np.flatnonzero((pz[:, 0] == a) & (pz[:, 1] == b))
            q[sel], sem[sel], lex[sel] = scorer.cells(stops[sel, 0], a, stops[sel, 1], b)
        q11 = scorer.quality_matrix_11()[1:, 1:]
        # one row per sentence of a pair bead: (bead, sentence, range of the other side)
        for side, matrix in (("zh", q11), ("en", q11.T)):
            bead_of, k, start, stop = [], [], [], []
            for n, b in enumerate(pairs):
                own, other = (b.zh, b.en) if side == "zh" else (b.en, b.zh)
                for i in own:
                    bead_of.append(n)
                    k.append(i)
                    start.append(other.start)
                    stop.append(other.stop)
            if bead_of:
                r = _rivals_full(matrix, np.array(k), np.array(start), np.array(stop))
                np.maximum.at(rival, np.array(bead_of), r)
        for side, matrix in (("zh", q11), ("en", q11.T)):
            sel = np.flatnonzero(skip_zh if side == "zh" else ~skip_zh)
            if len(sel):
                k = np.array([(skips[n].zh if side == "zh" else skips[n].en).start for n in sel])
                near = np.array([(skips[n].en if side == "zh" else skips[n].zh).start for n in sel])
                best_pair[sel] = _rivals_full(matrix, k, near, near)
    else:
        for n, bead in enumerate(pairs):
            a, b = len(bead.zh), len(bead.en)
            q[n] = float(scorer.quality(bead.zh.stop, a, np.array([bead.en.stop]), b)[0])
            s_, l_ = scorer.window_cos(bead.zh.stop, a, np.array([bead.en.stop]), b)
            sem[n], lex[n] = float(s_[0]), float(l_[0])
            rivals = [_best_pair(scorer, "zh", i, bead.en, len(en)) for i in bead.zh]
            rivals += [_best_pair(scorer, "en", j, bead.zh, len(zh)) for j in bead.en]
            rival[n] = max(rivals)
        for n, bead in enumerate(skips):
            if bead.zh:
                k, side, near, n_other = bead.zh.start, "zh", bead.en, len(en)
            else:
                k, side, near, n_other = bead.en.start, "en", bead.zh, len(zh)
            empty = range(near.start, near.start)
            best_pair[n] = _best_pair(scorer, side, k, empty, n_other)
    # How well the document pairs as a whole: translations score well on most beads,
    # two unrelated documents of the same topic only here and there.
    paired = int(sizes[is_pair].sum())
    doc_quality = (float(np.mean(q)) if n_pair else -1.0) * paired / max(1, len(zh) + len(en))
    pz = sizes[is_pair]
    pair_x = np.column_stack(
        [
            np.ones(n_pair),
            q,
            q - rival,
            ((pz[:, 0] == 1) & (pz[:, 1] == 1)).astype(np.float64),
            (pz.sum(axis=1) == 3).astype(np.float64),
            sem,
            lex,
            np.full(n_pair, doc_quality),
        ]
    )
    prior = np.array(
        [zh.prior[b.zh.start] if b.zh else en.prior[b.en.start] for b in skips], dtype=np.float64
    )
    skip_x = np.column_stack([np.ones(len(skips)), prior, best_pair, skip_zh.astype(np.float64)])
    return is_pair, pair_x, skip_x


def bead_features(path: list[PathBead], zh: Side, en: Side, scorer: BeadScorer) -> list[dict]:
    """The confidence features of every bead of ``path`` (one dict per bead, for calibration)."""
    is_pair, pair_x, skip_x = _feature_arrays(path, zh, en, scorer)
    pair_rows = iter(pair_x.tolist())
    skip_rows = iter(skip_x.tolist())
    feats: list[dict] = []
    for p in is_pair:
        if p:
            feats.append({"kind": "pair", **dict(zip(FEATURES_PAIR, next(pair_rows), strict=True))})
        else:
            feats.append({"kind": "skip", **dict(zip(FEATURES_SKIP, next(skip_rows), strict=True))})
    return feats


def _logistic(x: np.ndarray, w: list[float]) -> np.ndarray:
    z = np.zeros(len(x))
    for k, wk in enumerate(w):  # left to right, as a sum over the features of one bead
        z = z + wk * x[:, k]
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def apply_weights(feats: list[dict], weights: dict[str, list[float]]) -> list[float]:
    """Confidences of beads given as :func:`bead_features` dicts."""
    out = []
    for f in feats:
        names = FEATURES_PAIR if f["kind"] == "pair" else FEATURES_SKIP
        x = np.array([[f[n] for n in names]], dtype=np.float64)
        out.append(float(_logistic(x, weights[f["kind"]])[0]))
    return out


def bead_confidences(path: list[PathBead], zh: Side, en: Side, scorer: BeadScorer) -> list[float]:
    """Confidence in [0, 1] of every bead of ``path``."""
    weights = _weights()["encoder" if scorer.use_sem else "lexical"]
    is_pair, pair_x, skip_x = _feature_arrays(path, zh, en, scorer)
    out = np.empty(len(is_pair))
    out[is_pair] = _logistic(pair_x, weights["pair"])
    out[~is_pair] = _logistic(skip_x, weights["skip"])
    return out.tolist()


def unrelated_warning(beads: list[Bead], zh: Side, en: Side) -> str | None:
    """A warning when the two documents do not look like translations of each other."""
    if not beads:
        return None
    pairs = [b for b in beads if b.zh and b.en]
    paired = sum(len(b.zh) + len(b.en) for b in pairs)
    total = len(zh) + len(en)
    mean_conf = float(np.mean([b.confidence for b in pairs])) if pairs else 0.0
    if paired < 0.3 * total or mean_conf < 0.5:
        return (
            f"the documents do not look like translations of each other: "
            f"{paired} of {total} sentences paired, mean pair confidence {mean_conf:.2f}"
        )
    return None
