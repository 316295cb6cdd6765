"""CPU per unit of an import's worker side, ``tmtool.tm.prepare.prepare_many``, against a
baseline revision of tmtool/tm/prepare.py and tmtool/tm/terms.py (``git show REV:…``) in
the same run, chunk by chunk interleaved, and a check that both give the same output.

Usage: python bench/prepare.py TSV [--units N] [--skip N] [--chunk 2000] [--rev fe40b53]
[--no-check]

TSV: a header naming zh and en columns (an import TSV, e.g. a bench/tm.py unit file), or
/work/shared/data/wmt18-zh-en.tsv. CPU is ``time.process_time`` per chunk; the fold cache
is cleared before each call (an import sees each text once). The check compares every
field of every chunk; the terms as (key, unit) arrays, English words by name (their keys
may differ between revisions).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent


def load(path: Path, limit: int, skip: int = 0) -> list[tuple[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        zh, en = (header.index("zh"), header.index("en")) if "zh" in header else (0, 1)
        pairs = []
        for _ in range(skip):
            next(rows, None)
        for row in rows:
            if len(row) > max(zh, en):
                pairs.append((row[zh], row[en]))
                if len(pairs) >= limit:
                    break
    return pairs


def baseline(rev: str, where: Path):  # type: ignore[no-untyped-def]
    """tmtool.tm.prepare as of ``rev``, importing its terms module of the same revision."""
    for name in ("prepare", "terms"):
        text = subprocess.run(
            ["git", "show", f"{rev}:tmtool/tm/{name}.py"],
            cwd=REPO, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        text = text.replace("from tmtool.tm.terms import", "from baseline_terms import")
        (where / f"baseline_{name}.py").write_text(text, encoding="utf-8")
    sys.path.insert(0, str(where))
    spec = importlib.util.spec_from_file_location("baseline_prepare", where / "baseline_prepare.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def terms(chunk):  # type: ignore[no-untyped-def]
    """(keys and units of the terms other than English words, the (word, unit) pairs)."""
    word = (chunk.keys >> np.uint64(60)) == 3
    low = np.uint64((1 << 60) - 1)
    names = [chunk.words[k] for k in (chunk.keys[word] & low).tolist()]
    return (
        chunk.keys[~word],
        chunk.local[~word],
        set(zip(names, chunk.local[word].tolist(), strict=True)),
    )


def same_terms(a, b) -> bool:  # type: ignore[no-untyped-def]
    (a_keys, a_local, a_words), (b_keys, b_local, b_words) = terms(a), terms(b)
    return (
        np.array_equal(a_keys, b_keys) and np.array_equal(a_local, b_local) and a_words == b_words
    )


def same(a, b) -> list[str]:  # type: ignore[no-untyped-def]
    """Names of the fields where two PreparedChunk differ."""
    bad = [
        name
        for name in ("valid", "zh_len", "en_len", "zh_key", "en_key")
        if not np.array_equal(getattr(a, name), getattr(b, name))
    ]
    bad += [name for name in ("zh_stored", "en_stored") if getattr(a, name) != getattr(b, name)]
    if a.terms.local.dtype != b.terms.local.dtype:
        bad.append("terms.local dtype")
    if not same_terms(a.terms, b.terms):
        bad.append("terms")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--skip", type=int, default=0, help="start after this many records")
    parser.add_argument("--chunk", type=int, default=2000)
    parser.add_argument("--rev", default="fe40b53")
    parser.add_argument("--no-check", action="store_true")
    args = parser.parse_args()

    from tmtool.text.normalize import fold
    from tmtool.tm.prepare import prepare_many

    pairs = load(args.tsv, args.units, args.skip)
    chunks = [pairs[i : i + args.chunk] for i in range(0, len(pairs), args.chunk)]
    with tempfile.TemporaryDirectory() as tmp:
        old = baseline(args.rev, Path(tmp))
        old.prepare_many(chunks[0])  # warm both (tables, OpenCC)
        prepare_many(chunks[0])
        cpu = {"baseline": 0.0, "new": 0.0}
        mismatched = 0
        for i, chunk in enumerate(chunks):
            order = [("baseline", old.prepare_many), ("new", prepare_many)]
            if i % 2:
                order.reverse()
            out = {}
            for name, func in order:
                fold.cache_clear()
                start = time.process_time()
                out[name] = func(chunk)
                cpu[name] += time.process_time() - start
            if not args.no_check:
                bad = same(out["baseline"], out["new"])
                if bad:
                    mismatched += 1
                    print(f"chunk {i}: differs in {', '.join(bad)}", file=sys.stderr)
    load1 = os.getloadavg()[0]
    n = len(pairs)
    print(
        f"{n} units from {args.tsv} (after {args.skip}), chunks of {args.chunk}, load {load1:.2f}"
    )
    for name, seconds in cpu.items():
        print(f"  {name:9} prepare_many: {seconds / n * 1e6:6.1f} us CPU per unit")
    print(f"  speed-up: {cpu['baseline'] / cpu['new']:.2f}x")
    if not args.no_check:
        print(f"  output check: {len(chunks) - mismatched}/{len(chunks)} chunks identical")
        if mismatched:
            sys.exit(1)


if __name__ == "__main__":
    main()
