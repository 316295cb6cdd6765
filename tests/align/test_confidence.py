"""Confidence features: the whole-document computation equals the bead-by-bead definition."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tmtool.align.aligner import _search, pair_gaps, split_text
from tmtool.align.confidence import _best_pair, bead_confidences, bead_features
from tmtool.align.features import build_sides
from tmtool.align.length import LengthModel
from tmtool.align.scoring import LEXICAL_PARAMS, BeadScorer

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "cq-press"


def _sides(stem: str):  # type: ignore[no-untyped-def]
    zh = split_text((CORPUS / f"{stem}.zh").read_text("utf-8"), "zh", segmented=True)
    en = split_text((CORPUS / f"{stem}.en").read_text("utf-8"), "en", segmented=True)
    return build_sides(zh, en)


def _reference(path, zh, en, scorer) -> list[dict]:  # type: ignore[no-untyped-def]
    """The features bead by bead, as first written (one quality call per bead)."""
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
                    "quality": q,
                    "margin": q - max(rivals),
                    "is_11": float(a == 1 and b == 1),
                    "is_12": float(a + b == 3),
                    "sem": float(sem[0]),
                    "lex": float(lex[0]),
                }
            )
        else:
            k, side, near, prior = (
                (bead.zh.start, "zh", bead.en, zh.prior[bead.zh.start])
                if a
                else (bead.en.start, "en", bead.zh, en.prior[bead.en.start])
            )
            n_other = len(en) if side == "zh" else len(zh)
            best = _best_pair(scorer, side, k, range(near.start, near.start), n_other)
            feats.append(
                {"kind": "skip", "prior": float(prior), "best_pair": best, "is_zh": float(a > 0)}
            )
    return feats


STEMS = sorted(p.stem for p in CORPUS.glob("*.zh"))[:6]


@pytest.mark.parametrize("stem", STEMS)
def test_document_features_equal_bead_by_bead(stem: str) -> None:
    zh, en = _sides(stem)
    path, scorer = _search(zh, en, LEXICAL_PARAMS, LengthModel())
    path = pair_gaps(path, zh, en, scorer)
    assert scorer.full
    got = bead_features(path, zh, en, scorer)
    want = _reference(path, zh, en, scorer)
    assert len(got) == len(want)
    assert any(f["kind"] == "skip" for f in want)  # both kinds are exercised
    for g, w in zip(got, want, strict=True):
        assert {k: g[k] for k in w} == w  # exactly: same numbers, not just close


def test_band_mode_features_agree_with_full_mode() -> None:
    zh, en = _sides(STEMS[0])
    path, full = _search(zh, en, LEXICAL_PARAMS, LengthModel())
    banded = BeadScorer(zh, en, LEXICAL_PARAMS, LengthModel(), 3, 3, full=False)
    for g, w in zip(
        bead_features(path, zh, en, banded), bead_features(path, zh, en, full), strict=True
    ):
        assert g.keys() == w.keys()
        for k in w:
            assert g[k] == pytest.approx(w[k], abs=1e-6)
    conf = bead_confidences(path, zh, en, full)
    assert all(0.0 <= c <= 1.0 for c in conf)
    assert conf == pytest.approx(bead_confidences(path, zh, en, banded), abs=1e-6)
