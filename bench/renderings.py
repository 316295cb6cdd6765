"""Measure concordance renderings against the project glossary, both directions.

Usage:
    python bench/renderings.py [--verbose]

A TM is built from the gold beads of corpora/cq-press (bench/tm.py's ``cq_press_pairs``).
For every glossary entry of corpora/glossary/cq-terms.tsv whose term occurs in two units
or more, and whose glossary rendering occurs with it in two units or more (so the TM can
show it), ``tmtool.tm.concordance.concordance`` is asked for the term's renderings:

* ``top1``   — the first rendering is the glossary's (case-insensitive);
* ``listed`` — the glossary's rendering is among the renderings shown, not first.

Both directions are measured: Chinese term → English renderings, English → Chinese. The
glossary is a dev set (it was written with the corpus); numbers here compare versions of
the statistic, they are not a held-out score.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tm import cq_press_pairs

from tmtool.records import TranslationUnit
from tmtool.tm import concordance as conc
from tmtool.tm.store import TranslationMemory

GLOSSARY = Path(__file__).resolve().parent.parent / "corpora" / "glossary" / "cq-terms.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    rows = list(csv.DictReader(GLOSSARY.open(encoding="utf-8"), delimiter="\t"))
    with tempfile.TemporaryDirectory() as work:
        with TranslationMemory.open(Path(work) / "tm.sqlite") as tm:
            tm.add_units(
                TranslationUnit(zh=u["zh"], en=u["en"], doc=u["doc"], date=u["date"])
                for u in cq_press_pairs()
            )
            print(f"TM: {tm.info().units:,} units from corpora/cq-press gold beads")
            for side in ("zh", "en"):
                measure(tm, rows, side, args.verbose)


def measure(tm: TranslationMemory, rows: list[dict], side: str, verbose: bool) -> None:
    """Print top-1 and listed agreement of one direction."""
    evaluated = top1 = listed = 0
    start = time.perf_counter()
    for row in rows:
        term, want = (row["zh"], row["en"]) if side == "zh" else (row["en"], row["zh"])
        result = conc.concordance(tm, term, side=side, limit=0)
        zh, en = (term, want) if side == "zh" else (want, term)
        (both,) = tm.conn.execute(
            "SELECT COUNT(*) FROM units WHERE instr(zh, ?) AND instr(lower(en), ?)",
            (zh, en.lower()),
        ).fetchone()
        if result.total < 2 or both < 2:
            continue
        evaluated += 1
        shown = [r.text.lower() for r in result.renderings]
        if shown and shown[0] == want.lower():
            top1 += 1
        elif want.lower() in shown:
            listed += 1
        elif verbose:
            print(f"  miss {term} → {want} (shown: {[r.text for r in result.renderings[:3]]})")
    elapsed = time.perf_counter() - start
    other = "en" if side == "zh" else "zh"
    print(
        f"{side}→{other}: {evaluated} glossary terms, top-1 {top1} ({top1 / max(evaluated, 1):.0%}), "
        f"listed {listed}, missed {evaluated - top1 - listed}; {elapsed:.2f} s"
    )


if __name__ == "__main__":
    main()
