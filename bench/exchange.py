"""Benchmark TMX export and import at 1M units: time and peak RSS, against TSV in the same run.

Usage:
    python bench/exchange.py [--units 1000000] [--seed 7] [--work DIR] [--skip-tm]

Units are generated synthetically and seeded: press-release sentence templates (and the
pairs of ../shared/data/wmt18-zh-en.tsv when present) with numbers, dates and names drawn
at random, a serial number making each pair unique; 5% carry inline tags (bpt/ept, ph),
all carry a document, position, date, origin and confidence.

Each phase runs in its own process, which reports its wall time and its peak RSS
(``VmHWM``; ``ru_maxrss`` where /proc is missing):

* ``generate``   — make the units and drop them (the cost of the generator alone)
* ``tsv-write`` / ``tsv-read``   — the baseline: the same units as TSV
* ``tmx-write`` / ``tmx-read``   — tmtool.formats TMX writer and streaming reader
* ``tm-import`` / ``tm-export``  — ``tmtool import big.tmx`` into a fresh TM and
  ``tmtool export`` of that TM back to TMX (the whole command path, TM included; skip
  with --skip-tm; ``--phases tm-import,tm-export`` reruns just these on the same files)

The target: every TMX phase under 300 MB peak RSS, i.e. memory flat in the number of units.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WMT = ROOT.parent / "shared" / "data" / "wmt18-zh-en.tsv"
RSS_TARGET_MB = 300

TEMPLATES = [
    ("{city}两江新区{q}季度实现地区生产总值{n}亿元，同比增长{p}%。",
     "{city_en}'s Liangjiang New Area posted a GDP of {n} hundred million yuan in Q{qn}, up {p}% year on year."),
    ("{m}月{d}日，{name}在{city}主持召开座谈会。",
     "On {month} {d}, {name_en} chaired a symposium in {city_en}."),
    ("今年前{m}个月，全市社会消费品零售总额达{n}亿元。",
     "In the first {m} months, the city's retail sales of consumer goods reached {n} hundred million yuan."),
    ("中欧班列（成渝）今年已开行超过{k}列，同比增长{p}%。",
     "More than {k} China-Europe Railway Express (Chengdu-Chongqing) trains have run this year, up {p}%."),
    ("{name}表示，{city}将新建{k}个5G基站。",
     "{name_en} said {city_en} would build {k} new 5G base stations."),
]  # fmt: skip
CITIES = [("重庆", "Chongqing"), ("成都", "Chengdu"), ("涪陵", "Fuling"), ("万州", "Wanzhou")]
NAMES = [("张伟", "Zhang Wei"), ("李华", "Li Hua"), ("王静", "Wang Jing"), ("陈明", "Chen Ming")]
MONTHS = (
    "January February March April May June July August September October November December".split()
)
TAGS = (
    '{"en": {"{1}": ["bpt", {"i": "1", "x": "1"}, "&lt;b&gt;"], "{/1}": ["ept", {"i": "1"}, "&lt;/b&gt;"], '
    '"{2/}": ["ph", {"x": "2"}, ""]}, "zh": {"{1}": ["bpt", {"i": "1", "x": "1"}, "&lt;b&gt;"], '
    '"{/1}": ["ept", {"i": "1"}, "&lt;/b&gt;"], "{2/}": ["ph", {"x": "2"}, ""]}}'
)


def _wmt_pairs() -> list[tuple[str, str]]:
    if not WMT.exists():
        return []
    pairs = []
    for line in WMT.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) == 2 and cells[0].strip() and cells[1].strip():
            pairs.append((cells[0].strip(), cells[1].strip()))
    return pairs


def units(n: int, seed: int) -> Iterator:
    """``n`` synthetic, unique translation units (seeded)."""
    from tmtool.formats.tmx import placeholder
    from tmtool.records import TranslationUnit

    rng = random.Random(seed)
    wmt = _wmt_pairs()
    for i in range(n):
        if wmt and rng.random() < 0.5:
            zh, en = rng.choice(wmt)
        else:
            tz, te = rng.choice(TEMPLATES)
            (city, city_en), (name, name_en) = rng.choice(CITIES), rng.choice(NAMES)
            m, d, q = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 4)
            values = {
                "city": city, "city_en": city_en, "name": name, "name_en": name_en,
                "m": m, "d": d, "month": MONTHS[m - 1], "q": "一二三四"[q - 1], "qn": q,
                "n": f"{rng.uniform(10, 5000):.1f}", "p": f"{rng.uniform(0, 30):.1f}",
                "k": rng.randint(10, 3000),
            }  # fmt: skip
            zh, en = tz.format(**values), te.format(**values)
        props = {}
        if rng.random() < 0.05:
            zh, en = (
                f"{placeholder('{1}')}{t}{placeholder('{/1}')}{placeholder('{2/}')}"
                for t in (zh, en)
            )
            props["x-tmtool-inline"] = TAGS
        yield TranslationUnit(
            zh=f"{zh}（{i}）",
            en=f"{en} ({i})",
            doc=f"cq-{i // 40:06d}",
            position=i % 40,
            date=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            origin="aligned",
            confidence=round(rng.random(), 3),
            props=props,
        )


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM where /proc has it (ru_maxrss keeps the parent's peak
    across fork and exec, so a child would report at least the parent's size), else ru_maxrss."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(phase: str, work: Path, n: int, seed: int) -> dict:
    """Run one phase in this process; return its figures."""
    start = time.perf_counter()
    count = 0
    if phase == "generate":
        count = sum(1 for _ in units(n, seed))
    elif phase in ("tsv-write", "tmx-write"):
        from tmtool.formats import write_units

        fmt = phase.split("-")[0]
        count = write_units(units(n, seed), work / f"big.{fmt}", format=fmt)
    elif phase in ("tsv-read", "tmx-read"):
        from tmtool.formats import read_units

        fmt = phase.split("-")[0]
        count = sum(1 for _ in read_units(work / f"big.{fmt}", format=fmt))
    elif phase in ("tm-import", "tm-export"):
        from tmtool.cli.app import app

        tm = work / "bench.sqlite"
        if phase == "tm-import":
            for stale in work.glob("bench.sqlite*"):
                stale.unlink()
            args = ["--tm", str(tm), "import", str(work / "big.tmx"), "--json"]
        else:
            args = ["--tm", str(tm), "export", str(work / "again.tmx"), "--json"]
        try:
            app(args, standalone_mode=False)
        except SystemExit as exc:  # typer.Exit from the error boundary
            if exc.code:
                raise
    else:
        raise SystemExit(f"unknown phase {phase}")
    seconds = time.perf_counter() - start
    rss_mb = peak_rss_mb()
    if phase.startswith("tm-"):  # counted after the measurement, with a plain connection
        import sqlite3

        with sqlite3.connect(work / "bench.sqlite") as conn:
            (count,) = conn.execute("SELECT COUNT(*) FROM units").fetchone()
    return {"phase": phase, "units": count, "seconds": seconds, "peak_rss_mb": rss_mb}


def run_phase(phase: str, work: Path, n: int, seed: int) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        phase,
        "--work",
        str(work),
        "--units",
        str(n),
        "--seed",
        str(seed),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--skip-tm", action="store_true")
    parser.add_argument(
        "--phases", default=None, help="comma-separated subset (reuses --work files)"
    )
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.work, args.units, args.seed)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="tmtool-exchange-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{args.units:,} units, seed {args.seed}, work dir {work}")
    print(f"WMT pairs mixed in: {'yes' if WMT.exists() else 'no (../shared/data absent)'}")
    phases = ["generate", "tsv-write", "tsv-read", "tmx-write", "tmx-read"]
    if not args.skip_tm:
        phases += ["tm-import", "tm-export"]
    if args.phases:
        phases = [p for p in args.phases.split(",") if p]
    rows = []
    for phase in phases:
        row = run_phase(phase, work, args.units, args.seed)
        rows.append(row)
        print(
            f"  {phase:<10} {row['units']:>10,} units  {row['seconds']:8.1f} s  "
            f"{row['units'] / row['seconds']:>10,.0f} units/s  peak RSS {row['peak_rss_mb']:7.1f} MB",
            flush=True,
        )
    sizes = {p.name: p.stat().st_size / 2**20 for p in sorted(work.glob("*")) if p.is_file()}
    print("files: " + ", ".join(f"{name} {mb:,.0f} MB" for name, mb in sizes.items()))
    by = {r["phase"]: r for r in rows}
    print("TMX against the TSV baseline (same units, same run):")
    for op in ("write", "read"):
        if f"tmx-{op}" not in by or f"tsv-{op}" not in by:
            continue
        tmx, tsv = by[f"tmx-{op}"], by[f"tsv-{op}"]
        print(
            f"  {op:<5} TMX {tmx['seconds']:.1f} s vs TSV {tsv['seconds']:.1f} s "
            f"(×{tmx['seconds'] / tsv['seconds']:.2f}); RSS {tmx['peak_rss_mb']:.0f} MB vs {tsv['peak_rss_mb']:.0f} MB"
        )
    over = [
        r["phase"]
        for r in rows
        if r["phase"].startswith(("tmx", "tm-")) and r["peak_rss_mb"] >= RSS_TARGET_MB
    ]
    print(
        f"peak RSS target < {RSS_TARGET_MB} MB: "
        + ("met" if not over else f"NOT met by {', '.join(over)}")
    )


if __name__ == "__main__":
    main()
