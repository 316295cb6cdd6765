"""Benchmark the TM at 10k / 100k / 1M units against an exact brute-force rapidfuzz scan.

Usage:
    python bench/tm.py [--sizes 10000,100000,1000000] [--queries 100] [--work DIR] [--reuse]
    python bench/tm.py --cq-press-tsv OUT.tsv     # the gold pairs of corpora/cq-press as TSV

TMs are built by recombining sentence pairs (corpora/cq-press gold beads, and
../shared/data/wmt18-zh-en.tsv when present): single pairs, two pairs joined, clause joins,
with dates, numbers and reporter names swapped, so near-duplicates exist as in a newsroom
TM. Some pairs are held out to make queries without near-duplicates.

Measured in one run, per size: import rate (`tmtool import`, a subprocess) and its peak
memory; fuzzy lookup p50/p95 for zh and en queries and recall@5 against an exact
brute-force scan (rapidfuzz over every unit, same token-edit score) for queries whose best
match is ≥ 50%; concordance latency (first 50 hits, full
count, renderings) for 1-, 2-, 4-character Chinese terms and English terms; database size;
and the wall time of cold `tmtool search` processes.

Lookups, the concordance and the cold processes are timed with the TM file in the OS page
cache: the script reads the file once before each (and says how long that took). On a VM
that reclaims file pages it has not touched for a while, the minutes of brute-force scanning
before them leave parts of the TM on disk, and lookups then wait for the disk: after dropping
the caches, Chinese lookups p50/p95 9.4/17.0 → 13.4/25.5 ms, and a term's first concordance
lookup 10–130 ms instead of 0.5–3 ms — figures of the disk, not of tmtool. For the same
reason one untimed `tmtool search` process runs before the timed ones (it reads the
installed packages back too); its wall time is reported as well.

Fuzzy lookups are timed warm: after a warm-up pass over other queries, the timed lookups
run back to back in a loop of their own (wall and CPU time, with the load average), and
recall is computed in a second loop from the kept results. Timing each lookup between
brute-force scans of every unit (as this script did before) measures it with the CPU
caches flushed by a 1M-string scan: about 1.5× the warm figures.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "cq-press"
WMT = ROOT.parent / "shared" / "data" / "wmt18-zh-en.tsv"
TMTOOL = [sys.executable, "-m", "tmtool"]
MONTHS = (
    "January February March April May June July August September October November December".split()
)
SURNAMES = [("张", "Zhang"), ("李", "Li"), ("王", "Wang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun")]  # fmt: skip
GIVEN = [("锦", "jin"), ("辉", "hui"), ("晓", "xiao"), ("峰", "feng"), ("国", "guo"), ("家", "jia"),
         ("明", "ming"), ("华", "hua"), ("文", "wen"), ("静", "jing"), ("伟", "wei"), ("丽", "li")]  # fmt: skip


# -- corpora ---------------------------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cq_press_pairs(corpus: Path = CORPUS) -> list[dict]:
    """Every gold bead with both sides of corpora/cq-press as a unit dict (zh, en, doc, date, position)."""
    out = []
    for zh_path in sorted(corpus.glob("*.zh")):
        stem = zh_path.stem
        en_path, gold = corpus / f"{stem}.en", corpus / "gold" / f"{stem}.align"
        if not en_path.exists() or not gold.exists():
            continue
        meta = corpus / "meta" / f"{stem}.tsv"
        date = None
        if meta.exists():
            cells = meta.read_text(encoding="utf-8").strip().split("\t")
            date = cells[3] if len(cells) > 3 else None
        zh, en = _lines(zh_path), _lines(en_path)
        for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            left, right = line.split(":")[:2]
            zi, ei = ast.literal_eval(left.strip()), ast.literal_eval(right.strip())
            if zi and ei:
                out.append(
                    {
                        "zh": "".join(zh[i] for i in zi),
                        "en": " ".join(en[j] for j in ei),
                        "doc": f"cq-press/{stem}",
                        "date": date,
                        "position": n,
                    }
                )
    return out


def wmt_pairs() -> list[dict]:
    if not WMT.exists():
        return []
    rows = WMT.read_text(encoding="utf-8").splitlines()[1:]
    return [{"zh": z, "en": e} for z, e in (r.split("\t")[:2] for r in rows if "\t" in r)]


def _tsv_cell(value: object) -> str:
    if value is None:
        return ""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def write_tsv(units: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("zh\ten\tdoc\tdate\tposition\n")
        for u in units:
            f.write(
                "\t".join(_tsv_cell(u.get(k)) for k in ("zh", "en", "doc", "date", "position"))
                + "\n"
            )


# -- recombination ---------------------------------------------------------------------------


def _lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def _swap_numbers(zh: str, en: str, rng: random.Random) -> tuple[str, str]:
    import re

    for num in sorted(set(re.findall(r"\d+(?:\.\d+)?", zh))):  # (a set's order varies by process)
        if rng.random() < 0.7 and re.search(rf"(?<![\d.]){re.escape(num)}(?![\d.])", en):
            if "." in num:
                new = f"{rng.uniform(1, 99):.1f}"
            elif len(num) == 4 and num.startswith("20"):
                new = str(rng.randint(2015, 2025))
            else:
                new = str(rng.randint(2, 10 ** max(1, len(num))))
            pat = rf"(?<![\d.]){re.escape(num)}(?![\d.])"
            zh, en = re.sub(pat, new, zh), re.sub(pat, new, en)
    return zh, en


def recombine(pool: list[dict], rng: random.Random) -> dict:
    """One synthetic pair built from the pool (see the module docstring)."""
    a = rng.choice(pool)
    r = rng.random()
    if r < 0.45:
        zh, en = a["zh"], a["en"]
    elif r < 0.8:
        b = rng.choice(pool)
        zh, en = a["zh"] + b["zh"], a["en"] + " " + b["en"]
    else:
        b = rng.choice(pool)
        zh = a["zh"].rstrip("。！？.") + "，同时" + b["zh"]
        en = a["en"].rstrip(".!?") + ", while " + _lcfirst(b["en"])
    if rng.random() < 0.5:
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        zh, en = f"{m}月{d}日，{zh}", f"On {MONTHS[m - 1]} {d}, {_lcfirst(en)}"
    zh, en = _swap_numbers(zh, en, rng)
    if rng.random() < 0.2:
        (sz, se), (g1z, g1e), (g2z, g2e) = (
            rng.choice(SURNAMES),
            rng.choice(GIVEN),
            rng.choice(GIVEN),
        )
        zh += f"（记者 {sz}{g1z}{g2z} 摄）"
        en += f" (Photo by {se} {g1e.capitalize()}{g2e})"
    return {
        "zh": zh,
        "en": en,
        "doc": a.get("doc") or f"wmt/{rng.randint(0, 400)}",
        "date": a.get("date"),
    }


def build_units(pool: list[dict], n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    seen: set[tuple[str, str]] = set()
    out: list[dict] = []
    for u in pool:  # every pool pair once, as it is
        if (u["zh"], u["en"]) not in seen and len(out) < n:
            seen.add((u["zh"], u["en"]))
            out.append(u)
    while len(out) < n:
        u = recombine(pool, rng)
        if (u["zh"], u["en"]) not in seen:
            seen.add((u["zh"], u["en"]))
            out.append(u)
    return out


# -- measurement helpers ---------------------------------------------------------------------


def read_into_page_cache(path: Path) -> float:
    """Read ``path`` once (so the OS keeps it in its page cache); the seconds it took."""
    t = time.perf_counter()
    with path.open("rb", buffering=0) as f:
        while f.read(1 << 24):
            pass
    return time.perf_counter() - t


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))]


# Runs a command and writes its wall time, peak RSS (``ru_maxrss`` of it and its workers) and
# exit code to the file descriptor given first. A child inherits ``ru_maxrss`` from the process it was started by (the
# kernel keeps the high-water mark across exec), so a child of this large bench process
# would report the bench's size: the small launcher is the one that starts it.
_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
os.write(int(sys.argv[1]), f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""


def run_child(
    args: list[str], env: dict | None = None
) -> tuple[float, int, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS in MB, result) of a child process (started by a launcher)."""
    read_end, write_end = os.pipe()
    os.set_inheritable(write_end, True)
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, str(write_end), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, pass_fds=(write_end,),
    )  # fmt: skip
    os.close(write_end)
    out, err = proc.communicate()
    with os.fdopen(read_end, "rb") as f:
        report = f.read().decode().split()
    if len(report) != 3:
        raise SystemExit(f"launcher failed: {err.decode()}")
    wall, maxrss, code = float(report[0]), int(report[1]), int(report[2])
    result = subprocess.CompletedProcess(args, code, out, err)
    return wall, maxrss // 1024, result


class Brute:
    """Exact top-k by the search's base score over every unit (rapidfuzz, all units)."""

    def __init__(self, forms: list[str], ids: list[int]) -> None:
        from tmtool.tm.prepare import form_tokens

        self.table: dict[str, str] = {}
        self.ids = ids
        self.codes = [self.encode(form_tokens(f)) for f in forms]
        self.by_id = dict(zip(ids, range(len(ids)), strict=True))

    def encode(self, tokens: list[str]) -> str:
        out = []
        for t in tokens:
            c = self.table.get(t)
            if c is None:
                i = len(self.table) + 0x100
                if i >= 0xD800:
                    i += 0x800
                c = self.table[t] = chr(i)
            out.append(c)
        return "".join(out)

    def top(self, query_form: str, k: int = 5, cutoff: float = 50.0) -> list[tuple[float, int]]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        from tmtool.tm.prepare import form_tokens

        q = self.encode(form_tokens(query_form))
        found = process.extract(
            q, self.codes, scorer=Levenshtein.normalized_similarity, limit=k,
            score_cutoff=cutoff / 100.0, processor=None,
        )  # fmt: skip
        return [(100.0 * s, self.ids[i]) for _, s, i in found]

    def score(self, query_form: str, unit_id: int) -> float:
        from rapidfuzz.distance import Levenshtein

        from tmtool.tm.prepare import form_tokens

        q = self.encode(form_tokens(query_form))
        return 100.0 * Levenshtein.normalized_similarity(q, self.codes[self.by_id[unit_id]])


def brute_tables(tm, path: Path) -> dict[str, Brute]:
    """The zh and en :class:`Brute` tables of ``tm``, cached in ``path`` (pickle).

    Encoding every unit takes minutes at 1M; the cache is used only while the TM's write
    generation, unit count and largest id are the ones it was built from.
    """
    import pickle

    from tmtool.tm.schema import form_sql

    stamp = tm.conn.execute(
        "SELECT (SELECT value FROM meta WHERE key = 'generation'), COUNT(*), MAX(id) FROM units"
    ).fetchone()
    stamp = (str(tm.path.resolve()), *stamp)
    if path.exists():
        with path.open("rb") as f:
            cached = pickle.load(f)
        if cached["stamp"] == stamp:
            out = {}
            for lang, state in cached["brute"].items():
                out[lang] = Brute.__new__(Brute)
                out[lang].__dict__.update(state)
            return out
    rows = tm.conn.execute(
        f"SELECT id, {form_sql('zh')}, {form_sql('en')} FROM units u ORDER BY id"
    ).fetchall()
    ids = [r[0] for r in rows]
    brute = {"zh": Brute([r[1] for r in rows], ids), "en": Brute([r[2] for r in rows], ids)}
    del rows
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        state = {lang: b.__dict__ for lang, b in brute.items()}
        pickle.dump({"stamp": stamp, "brute": state}, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return brute


# -- the benchmark ---------------------------------------------------------------------------


def _recall(truth: list[tuple[float, int]], got: list, brute: Brute, form: str) -> float:
    """Share of the exact top-5 scores (≥ 50) that the search's top 5 reproduce (ties count)."""
    want = sorted((s for s, _ in truth), reverse=True)
    have = sorted((brute.score(form, m.id) for m in got), reverse=True)
    hit = 0
    for s in want:
        for i, h in enumerate(have):
            if abs(h - s) < 1e-6:
                hit += 1
                del have[i]
                break
    return hit / len(want)


def _timed(tm, queries: list[str]) -> tuple[list[float], list[float], list]:
    """Wall and CPU ms of each top-5 lookup, timed back to back (warm), and the results."""
    from tmtool.tm import fuzzy

    wall, cpu, results = [], [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        results.append(fuzzy.search(tm, q, top=5, min_score=50.0))
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    return wall, cpu, results


def bench_size(n: int, pool: list[dict], held_out: list[dict], args: argparse.Namespace) -> dict:
    from tmtool.text.normalize import fold
    from tmtool.tm import concordance as conc
    from tmtool.tm import fuzzy
    from tmtool.tm.store import TranslationMemory

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"tm-{n}.sqlite"
    tsv = work / f"units-{n}.tsv"
    row: dict = {"units": n}
    if not (args.reuse and db.exists()):
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        t = time.perf_counter()
        units = build_units(pool, n, seed=n)
        write_tsv(units, tsv)
        print(f"[{n}] generated {n:,} units in {time.perf_counter() - t:.1f}s", file=sys.stderr)
        wall, rss, res = run_child([*TMTOOL, "--tm", str(db), "import", str(tsv), "--json"])
        if res.returncode:
            raise SystemExit(res.stderr.decode())
        stats = json.loads(res.stdout)
        row.update(
            import_s=round(wall, 1),
            import_rate=round(n / wall),
            import_peak_mb=rss,
            added=stats["added"],
        )
        print(f"[{n}] import {wall:.1f}s = {n / wall:,.0f} units/s, peak {rss} MB", file=sys.stderr)
    row["db_mb"] = round(db.stat().st_size / 2**20, 1)

    tm = TranslationMemory.open(db, create=False)
    rng = random.Random(7)
    near = [recombine(pool, rng) for _ in range(args.queries * 3)]
    if "fuzzy" in args.parts:
        t = time.perf_counter()
        brute = brute_tables(tm, work / f"brute-{n}.pickle")
        print(f"[{n}] brute-force tables in {time.perf_counter() - t:.1f}s", file=sys.stderr)

        # Recall measures candidate generation against the exact base score, so the ranking
        # penalty for several translations of one source (recombined TMs have some) is off.
        fuzzy.SEVERAL_TRANSLATIONS = 0.0
        novel = list(held_out)
        rng.shuffle(novel)
        for lang in ("zh", "en"):
            qs = [u[lang] for u in near[: int(args.queries * 0.6)]] + [
                u[lang] for u in novel[: args.queries - int(args.queries * 0.6)]
            ]
            warm = [u[lang] for u in near[-30:]]
            row[f"{lang}_page_cache_read_s"] = round(read_into_page_cache(db), 1)
            for q in warm:
                fuzzy.search(tm, q)
            load = os.getloadavg()[0]
            times, cpu_times, results = _timed(tm, qs)
            truths, brute_times = [], []
            for q in qs:
                t0 = time.perf_counter()
                truths.append(brute[lang].top(fold(q)))
                brute_times.append((time.perf_counter() - t0) * 1000)
            recalls = [
                _recall(truth, got, brute[lang], fold(q))
                for q, truth, got in zip(qs, truths, results, strict=True)
                if truth
            ]
            if args.alt_candidates:
                default = fuzzy.CANDIDATES
                fuzzy.CANDIDATES = dict.fromkeys(default, args.alt_candidates)
                alt_times, _, alt_results = _timed(tm, qs)
                fuzzy.CANDIDATES = default
                alt_recalls = [
                    _recall(truth, got, brute[lang], fold(q))
                    for q, truth, got in zip(qs, truths, alt_results, strict=True)
                    if truth
                ]
                row[f"{lang}_k{args.alt_candidates}_p95_ms"] = round(pct(alt_times, 95), 1)
                row[f"{lang}_k{args.alt_candidates}_recall5"] = round(
                    statistics.mean(alt_recalls), 4
                )
            row[f"{lang}_p50_ms"] = round(pct(times, 50), 1)
            row[f"{lang}_p95_ms"] = round(pct(times, 95), 1)
            row[f"{lang}_cpu_p50_ms"] = round(pct(cpu_times, 50), 1)
            row[f"{lang}_cpu_p95_ms"] = round(pct(cpu_times, 95), 1)
            row[f"{lang}_load"] = round(load, 2)
            row[f"{lang}_recall5"] = round(statistics.mean(recalls), 4) if recalls else None
            row[f"{lang}_queries_with_match"] = len(recalls)
            row[f"{lang}_brute_p50_ms"] = round(pct(brute_times, 50), 1)
            print(f"[{n}] {lang}: p50 {row[f'{lang}_p50_ms']} ms p95 {row[f'{lang}_p95_ms']} ms "
                  f"(CPU {row[f'{lang}_cpu_p50_ms']} / {row[f'{lang}_cpu_p95_ms']} ms, load "
                  f"{load:.2f}) recall@5 {row[f'{lang}_recall5']} over {len(recalls)} queries; "
                  f"brute p50 {row[f'{lang}_brute_p50_ms']} ms; TM file read into the page cache "
                  f"in {row[f'{lang}_page_cache_read_s']} s first", file=sys.stderr)  # fmt: skip

    if "concord" not in args.parts:
        terms: dict[str, list[str]] = {}
    else:
        terms = {
            "zh1": ["的", "区", "港", "镑", "峡"],
            "zh2": ["重庆", "发展", "两江", "同比", "美元"],
            "zh4": ["两江新区", "同比增长", "对外开放", "特朗普说"],
            "en": ["the", "Chongqing", "year on year", "New Area", "Trump said"],
            # Phrases of common words: long word lists, most common units without the phrase.
            "en_common": ["of the", "in the", "one of the", "said on", "the city"],
        }
    if terms:
        row["concord_page_cache_read_s"] = round(read_into_page_cache(db), 1)
        print(f"[{n}] TM file read into the page cache in {row['concord_page_cache_read_s']} s",
              file=sys.stderr)  # fmt: skip
    for kind, words in terms.items():
        first, full, rend = [], [], []
        for term in words * 3:
            side = "zh" if kind.startswith("zh") else "en"
            t0 = time.perf_counter()
            conc.find_hits(tm, term, side=side, limit=50)
            first.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            total = conc.count(tm, term, side=side)
            full.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            conc.concordance(tm, term, side=side, limit=50)
            rend.append((time.perf_counter() - t0) * 1000)
        row[f"concord_{kind}_first50_p50_ms"] = round(pct(first, 50), 2)
        row[f"concord_{kind}_first50_p95_ms"] = round(pct(first, 95), 2)
        row[f"concord_{kind}_count_p50_ms"] = round(pct(full, 50), 1)
        row[f"concord_{kind}_count_p95_ms"] = round(pct(full, 95), 1)
        row[f"concord_{kind}_with_renderings_p95_ms"] = round(pct(rend, 95), 1)
        print(f"[{n}] concord {kind}: first 50 p50 {pct(first, 50):.2f} / p95 {pct(first, 95):.2f} ms, count p50 {pct(full, 50):.1f} / p95 "
              f"{pct(full, 95):.1f} ms, full result with renderings p95 {pct(rend, 95):.0f} ms "
              f"(last total {total})", file=sys.stderr)  # fmt: skip
    tm.close()
    if "cold" not in args.parts:
        return row
    # Bytecode as an installed package has it (PYTHONDONTWRITEBYTECODE would otherwise make
    # every process compile tmtool from source: ~0.1 s that no installed copy pays).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tmtool")], check=True)
    row["cold_page_cache_read_s"] = round(read_into_page_cache(db), 1)
    wall, _, res = run_child([*TMTOOL, "--tm", str(db), "search", near[5]["zh"], "--json"])
    if res.returncode:
        raise SystemExit(res.stderr.decode())
    row["cold_search_untimed_first_s"] = round(wall, 3)
    print(f"[{n}] TM file read into the page cache in {row['cold_page_cache_read_s']} s; "
          f"untimed first search process {wall:.3f} s", file=sys.stderr)  # fmt: skip
    cold = []
    for q in [near[0]["zh"], near[1]["en"], near[2]["zh"], near[3]["en"], near[4]["zh"]]:
        wall, rss, res = run_child([*TMTOOL, "--tm", str(db), "search", q, "--json"])
        if res.returncode:
            raise SystemExit(res.stderr.decode())
        cold.append(wall)
    row["cold_search_s_median"] = round(statistics.median(cold), 3)
    row["cold_search_s_max"] = round(max(cold), 3)
    row["cold_search_peak_mb"] = rss
    row["bench_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"[{n}] cold search process: median {row['cold_search_s_median']} s, max "
          f"{row['cold_search_s_max']} s, peak {rss} MB", file=sys.stderr)  # fmt: skip
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=100, help="queries per language and size")
    parser.add_argument("--work", default="/tmp/tmtool-bench")
    parser.add_argument("--reuse", action="store_true", help="reuse TMs already built in --work")
    parser.add_argument(
        "--alt-candidates", type=int, default=0, help="also measure this many candidates"
    )
    parser.add_argument("--parts", default="fuzzy,concord,cold", help="what to measure")
    parser.add_argument("--cq-press-tsv", help="only write the cq-press gold pairs to this TSV")
    args = parser.parse_args()
    cq = cq_press_pairs()
    if args.cq_press_tsv:
        write_tsv(cq, Path(args.cq_press_tsv))
        print(f"wrote {len(cq)} pairs to {args.cq_press_tsv}", file=sys.stderr)
        return
    wmt = wmt_pairs()
    if not wmt:
        print(f"note: {WMT} is absent; building from corpora/cq-press alone", file=sys.stderr)
    rng = random.Random(0)
    rng.shuffle(wmt)
    rng.shuffle(cq)
    held_out = wmt[:150] + cq[:30]
    pool = wmt[150:] + cq[30:]
    print(f"pool: {len(pool)} pairs ({len(cq) - 30} cq-press, {max(0, len(wmt) - 150)} wmt18); "
          f"held out for queries: {len(held_out)}", file=sys.stderr)  # fmt: skip
    results = [bench_size(int(s), pool, held_out, args) for s in args.sizes.split(",")]
    print(json.dumps(results, indent=2))
    print("\nacceptance at the largest size:", file=sys.stderr)
    last = results[-1]

    def check(keys: list[str], test) -> bool | None:
        return (
            test(*(last[k] for k in keys)) if all(last.get(k) is not None for k in keys) else None
        )

    kinds = ("zh1", "zh2", "zh4", "en", "en_common")
    checks = [
        ("fuzzy top-5 p95 ≤ 20 ms (zh)", check(["zh_p95_ms"], lambda v: v <= 20)),
        ("fuzzy top-5 p95 ≤ 20 ms (en)", check(["en_p95_ms"], lambda v: v <= 20)),
        ("recall@5 ≥ 0.995 (zh)", check(["zh_recall5"], lambda v: v >= 0.995)),
        ("recall@5 ≥ 0.995 (en)", check(["en_recall5"], lambda v: v >= 0.995)),
        ("cold search ≤ 0.5 s", check(["cold_search_s_max"], lambda v: v <= 0.5)),
        (
            "concordance first 50 ≤ 5 ms p95",
            check([f"concord_{k}_first50_p95_ms" for k in kinds], lambda *v: max(v) <= 5),
        ),
        (
            "concordance count ≤ 100 ms p95",
            check([f"concord_{k}_count_p95_ms" for k in kinds], lambda *v: max(v) <= 100),
        ),
        ("import ≥ 20,000 units/s", check(["import_rate"], lambda v: v >= 20000)),
        ("database ≤ 1 GB", check(["db_mb"], lambda v: v <= 1024)),
    ]
    for label, ok in checks:
        print(f"  {'n/a ' if ok is None else 'PASS' if ok else 'FAIL'}  {label}", file=sys.stderr)


if __name__ == "__main__":
    main()
