"""Check gold alignments of corpora/cq-press and print bead statistics.

Usage: python corpora/tools/check_gold.py [CORPUS_DIR] [--show ID]

For every NNN.zh / NNN.en pair: each sentence (non-blank line) of both files is
covered by exactly one bead of gold/NNN.align, in order. ``--show ID`` prints a
document's beads side by side so a person can read every pair.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path


def sentences(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def beads(path: Path) -> list[tuple[list[int], list[int]]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        left, right = line.split(":")[:2]
        out.append((list(ast.literal_eval(left)), list(ast.literal_eval(right))))
    return out


def check(corpus: Path) -> int:
    errors = 0
    kinds: Counter[str] = Counter()
    nzh = nen = 0
    for zh_path in sorted(corpus.glob("*.zh")):
        stem = zh_path.stem
        en_path = corpus / f"{stem}.en"
        gold = corpus / "gold" / f"{stem}.align"
        if not en_path.exists() or not gold.exists():
            print(f"{stem}: missing .en or gold")
            errors += 1
            continue
        zh, en = sentences(zh_path), sentences(en_path)
        nzh += len(zh)
        nen += len(en)
        bs = beads(gold)
        zi = [i for b in bs for i in b[0]]
        ei = [j for b in bs for j in b[1]]
        if zi != list(range(len(zh))):
            print(f"{stem}: zh indices do not cover 0..{len(zh) - 1} in order")
            errors += 1
        if ei != list(range(len(en))):
            print(f"{stem}: en indices do not cover 0..{len(en) - 1} in order")
            errors += 1
        for b in bs:
            if not b[0] and not b[1]:
                print(f"{stem}: empty bead")
                errors += 1
            kinds[f"{len(b[0])}-{len(b[1])}"] += 1
    total = sum(kinds.values())
    if total:
        non11 = total - kinds["1-1"]
        one_sided = kinds["1-0"] + kinds["0-1"]
        print(f"zh sentences {nzh}, en sentences {nen}, beads {total}")
        print("bead types:", dict(sorted(kinds.items())))
        print(f"not 1-1: {non11 / total:.1%} (of which one-sided {one_sided / total:.1%})")
    print("errors:", errors)
    return errors


def show(corpus: Path, stem: str) -> None:
    zh, en = sentences(corpus / f"{stem}.zh"), sentences(corpus / f"{stem}.en")
    for b in beads(corpus / "gold" / f"{stem}.align"):
        print(f"{b[0]}:{b[1]}")
        for i in b[0]:
            print("   zh|", zh[i])
        for j in b[1]:
            print("   en|", en[j])


if __name__ == "__main__":
    args = sys.argv[1:]
    corpus = Path(__file__).resolve().parents[1] / "cq-press"
    if args and not args[0].startswith("--"):
        corpus = Path(args.pop(0))
    if args[:1] == ["--show"]:
        show(corpus, args[1])
    else:
        sys.exit(1 if check(corpus) else 0)
