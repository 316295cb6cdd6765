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


def bead_features(path: list[PathBead], zh: Side, en: Side, scorer: BeadScorer) -> list[dict]:
    """The confidence features of every bead of ``path``."""
    feats = []
    for bead in path:
        a, b = len(bead.zh), len(bead.en)
        if a and b:
            q = float(scorer.quality(bead.zh.stop, a, np.array([bead.en.stop]), b)[0])
            sem, lex = scorer.window_cos(bead.zh.stop, a, np.array([bead.en.stop]), b)
            rivals = [_best_pair(scorer, "zh", i, bead.en, len(en)) for i in bead.zh]
            rivals += [_best_pair(scorer, "en", j, bead.zh, len(zh)) for j in bead.en]
            feats.append(
                {
                    "kind": "pair",
                    "bias": 1.0,
                    "quality": q,
                    "margin": q - max(rivals),
                    "is_11": float(a == 1 and b == 1),
                    "is_12": float(a + b == 3),
                    "sem": float(sem[0]),
                    "lex": float(lex[0]),
                    "doc_quality": 0.0,
                }
            )
        else:
            if a:
                k, side, near, prior = bead.zh.start, "zh", bead.en, zh.prior[bead.zh.start]
            else:
                k, side, near, prior = bead.en.start, "en", bead.zh, en.prior[bead.en.start]
            n_other = len(en) if side == "zh" else len(zh)
            empty = range(near.start, near.start)
            feats.append(
                {
                    "kind": "skip",
                    "bias": 1.0,
                    "prior": float(prior),
                    "best_pair": _best_pair(scorer, side, k, empty, n_other),
                    "is_zh": float(side == "zh"),
                }
            )
    # How well the document pairs as a whole: translations score well on most beads,
    # two unrelated documents of the same topic only here and there.
    pair_q = [f["quality"] for f in feats if f["kind"] == "pair"]
    paired = sum(len(b.zh) + len(b.en) for b in path if len(b.zh) and len(b.en))
    doc_quality = (float(np.mean(pair_q)) if pair_q else -1.0) * paired / max(1, len(zh) + len(en))
    for f in feats:
        if f["kind"] == "pair":
            f["doc_quality"] = doc_quality
    return feats


def apply_weights(feats: list[dict], weights: dict[str, list[float]]) -> list[float]:
    out = []
    for f in feats:
        names = FEATURES_PAIR if f["kind"] == "pair" else FEATURES_SKIP
        w = weights[f["kind"]]
        z = sum(wi * f[n] for wi, n in zip(w, names, strict=True))
        z = min(max(z, -30.0), 30.0)  # np.clip's value, without its per-call overhead
        out.append(float(1.0 / (1.0 + np.exp(np.float64(-z)))))
    return out


def bead_confidences(path: list[PathBead], zh: Side, en: Side, scorer: BeadScorer) -> list[float]:
    """Confidence in [0, 1] of every bead of ``path``."""
    key = "encoder" if scorer.use_sem else "lexical"
    return apply_weights(bead_features(path, zh, en, scorer), _weights()[key])


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
