"""Fit the aligner's confidence model on gold alignments and print its calibration table.

Aligns corpora/cq-press and the WMT18 development set (bench/wmt_devset.py; skipped,
with a note, when ../shared/data is absent) with and without the encoder, labels each
bead "exactly in the gold" or not, fits the logistic confidence model on half of the
documents and prints the calibration table on the other half; with ``--write`` it then
fits on all documents and writes tmtool/align/confidence.json.

Usage: python bench/calibrate_align.py [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from tmtool.align.aligner import (  # noqa: E402
    ENCODER_PARAMS,
    LEXICAL_PARAMS,
    _search,
    encode_sides,
    pair_gaps,
    split_text,
)
from tmtool.align.calibrate import calibration_table, fit_confidence  # noqa: E402
from tmtool.align.confidence import apply_weights, bead_features  # noqa: E402
from tmtool.align.encoder import get_encoder  # noqa: E402
from tmtool.align.evaluate import read_beads  # noqa: E402
from tmtool.align.features import build_sides  # noqa: E402
from tmtool.align.length import LengthModel  # noqa: E402


def corpus_folders() -> list[Path]:
    import wmt_devset

    folders = [ROOT / "corpora" / "cq-press"]
    if wmt_devset.DEFAULT_TSV.exists():
        out = wmt_devset.DEFAULT_OUT
        wmt_devset.build(out)
        folders.append(out)
    else:
        print(f"note: {wmt_devset.DEFAULT_TSV} absent; calibrating on corpora/cq-press only")
    return folders


def samples(folder: Path, use_encoder: bool) -> list[tuple[str, list[dict], list[bool]]]:
    """Features and labels of every bead; every third document is also aligned against
    the next document's English (unrelated text: every pair bead wrong, every lone
    sentence right), so the model sees what garbage looks like."""
    out = []
    params = ENCODER_PARAMS if use_encoder else LEXICAL_PARAMS
    length = LengthModel()
    golds = sorted((folder / "gold").glob("*.align"))
    jobs = [(g.stem, g.stem, g) for g in golds]
    jobs += [(a.stem, b.stem, None) for a, b in zip(golds[::3], golds[1::3], strict=False)]
    for stem, en_stem, gold_path in jobs:
        zp = split_text((folder / f"{stem}.zh").read_text("utf-8"), "zh", segmented=True)
        ep = split_text((folder / f"{en_stem}.en").read_text("utf-8"), "en", segmented=True)
        zh, en = build_sides(zp, ep)
        if use_encoder:
            encode_sides(zh, en, get_encoder())
        path, scorer = _search(zh, en, params, length)
        path = pair_gaps(path, zh, en, scorer)
        feats = bead_features(path, zh, en, scorer)
        if gold_path is None:
            right = [not (len(b.zh) and len(b.en)) for b in path]
        else:
            gold = {(b.zh, b.en) for b in read_beads(gold_path)}
            right = [(tuple(b.zh), tuple(b.en)) in gold for b in path]
        out.append((f"{folder.name}/{stem}-{en_stem}", feats, right))
    return out


def print_table(title: str, conf: list[float], right: list[bool]) -> None:
    print(f"\n{title}")
    print(f"{'confidence':>14} {'beads':>6} {'right':>6} {'accuracy':>8}")
    rows = calibration_table(conf, right)
    bins, cumulative = rows[:-3], rows[-3:]
    for k, row in enumerate(bins):
        close = "]" if k == len(bins) - 1 else ")"
        acc = f"{row.accuracy:.3f}" if row.beads else "-"
        print(
            f"{f'[{row.low:.2f}, {row.high:.2f}{close}':>14} {row.beads:>6} {row.right:>6} {acc:>8}"
        )
    for row in cumulative:
        print(f"{f'all >= {row.low:.2f}':>14} {row.beads:>6} {row.right:>6} {row.accuracy:>8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write tmtool/align/confidence.json")
    args = parser.parse_args()
    folders = corpus_folders()
    result = {}
    for key, use_encoder in (("encoder", True), ("lexical", False)):
        docs = [d for folder in folders for d in samples(folder, use_encoder)]
        train = [d for k, d in enumerate(docs) if k % 2 == 0]
        held = [d for k, d in enumerate(docs) if k % 2 == 1]
        weights = fit_confidence([f for d in train for f in d[1]], [r for d in train for r in d[2]])
        conf = apply_weights([f for d in held for f in d[1]], weights)
        print_table(
            f"{key}: fitted on {len(train)} documents, held-out {len(held)} documents",
            conf,
            [r for d in held for r in d[2]],
        )
        result[key] = fit_confidence(
            [f for d in docs for f in d[1]], [r for d in docs for r in d[2]]
        )
    if args.write:
        target = ROOT / "tmtool" / "align" / "confidence.json"
        target.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
