"""Benchmark a TSV import's CPU: the writing process and its workers, per unit, against a baseline.

Usage:
    python bench/import_cpu.py FILE.tsv [--baseline REF] [--rounds 1] [--work DIR]

Each import runs in a fresh process into a fresh TM (``tmtool import``'s path:
``read_batches`` + ``TranslationMemory.add_units``) and reports the writing process's CPU
time per unit (``time.process_time``), its workers' (``RUSAGE_CHILDREN``: parsing,
preparing and spilling, then packing postings: the packers' share is shown apart), the
wall rate and the peak RSS of the writing process. With ``--baseline REF`` the same import runs the code of git revision REF (an
archive of it, first in each round), and the two TMs are compared: units (all columns but
``created``, the import time), documents, postings (term, n, ids) and meta must be equal.

Targets (issue #5, 2 cores): writer ≤ 30 and workers ≤ 45 µs/unit at 1M (≤ 75 in all), so that
import ≥ 20,000 units/s holds in a slow hour.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time
src, tm_path = sys.argv[1], sys.argv[2]
import tmtool.formats as formats
from tmtool.tm.store import TranslationMemory
import multiprocessing
from tmtool.tm import index
read = getattr(formats, "read_batches", formats.read_units)

def reaped():  # RUSAGE_CHILDREN once every child process has been waited for
    while multiprocessing.active_children():
        time.sleep(0.01)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime

at_flush = []
flush = index.PostingsBuffer.flush
def timed_flush(self, *args, **kwargs):  # the preparing workers' share, before the packers
    at_flush.append(reaped())
    return flush(self, *args, **kwargs)
index.PostingsBuffer.flush = timed_flush
wall, cpu = time.perf_counter(), time.process_time()
with TranslationMemory.open(tm_path) as tm:
    stats = tm.add_units(read(src))
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
kids = reaped()  # (the pools are shut down without waiting for their processes)
n = stats.added + stats.duplicates + stats.skipped
print(json.dumps({"units": n, "main_us": 1e6 * cpu / n, "workers_us": 1e6 * kids / n,
    "packers_us": 1e6 * (kids - at_flush[0]) / n if at_flush else float("nan"), "rate": n / wall,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHECKS = {
    "units": "SELECT {units} FROM units ORDER BY id",
    "documents": "SELECT * FROM documents ORDER BY id",
    "postings": "SELECT term, n, ids FROM postings ORDER BY term, seg",
    "meta": "SELECT key, value FROM meta WHERE key != 'generation' ORDER BY key",
}


def run(code: Path, src: Path, tm: Path) -> dict:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tm}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(code))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(src), str(tm)],
        env=env,
        cwd=tm.parent,  # (not the repository: its tmtool would shadow PYTHONPATH's)
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"import with {code} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def digest(tm: Path) -> dict[str, str]:
    conn = sqlite3.connect(tm)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(units)") if r[1] != "created"]
    out = {}
    for name, sql in CHECKS.items():
        h = hashlib.sha256()
        for row in conn.execute(sql.format(units=", ".join(columns))):
            h.update(repr(row).encode())
        out[name] = h.hexdigest()
    conn.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--baseline", default=None, help="a git revision to compare with")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="tmtool-import-cpu-"))
    work.mkdir(parents=True, exist_ok=True)
    codes = {"current": ROOT}
    if args.baseline:
        base = work / "baseline"
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.baseline], capture_output=True, check=True
        ).stdout
        base.mkdir(exist_ok=True)
        with tempfile.TemporaryFile() as f:
            f.write(archive)
            f.seek(0)
            with tarfile.open(fileobj=f) as tar:
                tar.extractall(base, filter="data")
        codes = {f"baseline {args.baseline}": base, **codes}
    print(f"{args.file}; load {os.getloadavg()[0]:.2f} at start")
    for round_ in range(args.rounds):
        for label, code in codes.items():
            r = run(code, args.file, work / f"{label.split()[0]}.sqlite")
            print(
                f"  round {round_ + 1} {label:<20} {r['units']:>9,} units  writer "
                f"{r['main_us']:5.1f} µs/unit  workers {r['workers_us']:5.1f} µs/unit "
                f"(packers {r['packers_us']:4.1f})  "
                f"{r['rate']:8,.0f} units/s  peak RSS {r['rss_mb']:5.0f} MB"
            )
    print(f"load {os.getloadavg()[0]:.2f} at end")
    if args.baseline:
        a, b = digest(work / "baseline.sqlite"), digest(work / "current.sqlite")
        for name in CHECKS:
            print(f"  {name:<10} {'equal' if a[name] == b[name] else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
