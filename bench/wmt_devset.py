"""Build a seeded zh–en document-alignment development set from the WMT18 test set.

The WMT18 zh–en test set (``../shared/data/wmt18-zh-en.tsv``, shuffled sentence pairs)
is cut into documents of 15–45 pairs. Each document is then made to look like a web
press release pair, and every change is recorded in the gold alignment:

- neighbouring sentences joined on one side (gold 2-1 / 1-2, rarely 3-1 / 1-3);
- now and then a sentence left untranslated on one side (gold 1-0 / 0-1);
- one-sided page boilerplate (headers, footers, print/share lines, ICP numbers,
  copyright, editor lines, translator credits) and stand-alone photo credits and
  captions injected on either side (gold 1-0 / 0-1);
- paragraphs (blank lines), mostly at the same places on both sides.

The output is a folder in the corpus format (``NNN.zh``, ``NNN.en``,
``gold/NNN.align``), written outside the repository by default. The data set itself
is never committed.

Usage: python bench/wmt_devset.py [--out DIR] [--seed N] [--tsv PATH]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DEFAULT_TSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt18-zh-en.tsv"
DEFAULT_OUT = Path("/tmp/tmtool-wmt18-dev")

SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "周",
    "吴",
    "徐",
    "孙",
    "马",
    "胡",
    "郭",
    "何",
]
SURNAMES_PY = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
    "Ma",
    "Hu",
    "Guo",
    "He",
]
GIVEN = [("明", "Ming"), ("静", "Jing"), ("伟", "Wei"), ("芳", "Fang"), ("磊", "Lei"), ("洋", "Yang"),
         ("婷", "Ting"), ("军", "Jun"), ("敏", "Min"), ("超", "Chao"), ("霞", "Xia"), ("鹏", "Peng"),
         ("宇", "Yu"), ("欣", "Xin"), ("凯", "Kai"), ("琳", "Lin")]  # fmt: skip
PAPERS = [("新华网", "Xinhuanet"), ("人民网", "People's Daily Online"), ("央视新闻", "CCTV News"),
          ("中国新闻网", "China News"), ("环球时报", "Global Times"), ("经济日报", "Economic Daily")]  # fmt: skip


def _name(rng: random.Random) -> tuple[str, str]:
    k = rng.randrange(len(SURNAMES))
    g = rng.sample(GIVEN, rng.choice([1, 2]))
    zh = SURNAMES[k] + "".join(c for c, _ in g)
    en = SURNAMES_PY[k] + " " + "".join(p for _, p in g).capitalize()
    return zh, en


def zh_boilerplate(rng: random.Random) -> str:
    name, _ = _name(rng)
    paper, _ = rng.choice(PAPERS)
    y, m, d = rng.randint(2017, 2019), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([
        f"来源：{paper}",
        f"责任编辑：{name}",
        "【打印】【关闭】",
        f"京ICP备{rng.randint(10000000, 99999999)}号",
        "分享到：",
        f"编辑：{name}",
        f"发布时间：{y}-{m:02d}-{d:02d} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}",
        "【字体：大 中 小】",
        "扫一扫在手机打开当前页",
        f"（记者 {name} 摄）",
        f"图片来源：{paper}",
        "相关新闻",
        f"{paper}版权所有，未经授权不得转载。",
    ])  # fmt: skip


def en_boilerplate(rng: random.Random) -> str:
    _, name = _name(rng)
    _, paper = rng.choice(PAPERS)
    y, m, d = rng.randint(2017, 2019), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([
        "Home > News > World",
        f"Copyright © {y} {paper}. All Rights Reserved.",
        f"Editor: {name}",
        f"(Translated by {name})",
        f"Source: {paper}",
        "Share this article:",
        "Print | Close",
        f"Updated: {y}-{m:02d}-{d:02d} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}",
        f"(Photo by {name})",
        f"Photo: {paper}",
        "Related stories",
        f"Tel: +86-10-{rng.randint(60000000, 89999999)}",
        f"Web editor: {name}",
    ])  # fmt: skip


def _lines(beads: list[tuple[list[str], list[str], bool]]) -> tuple[str, str, str]:
    """Render beads (zh sentences, en sentences, paragraph-break-after) to files + gold."""
    zh_out: list[str] = []
    en_out: list[str] = []
    gold: list[str] = []
    zi = ei = 0
    for zh, en, brk in beads:
        gold.append(f"{list(range(zi, zi + len(zh)))}:{list(range(ei, ei + len(en)))}")
        zi += len(zh)
        ei += len(en)
        zh_out.extend(zh)
        en_out.extend(en)
        if brk:
            zh_out.append("")
            en_out.append("")
    return (
        "\n".join(zh_out).strip() + "\n",
        "\n".join(en_out).strip() + "\n",
        "\n".join(gold) + "\n",
    )


def build_document(pairs: list[tuple[str, str]], rng: random.Random):
    beads: list[tuple[list[str], list[str], bool]] = []
    for _ in range(rng.choice([0, 1, 1, 2])):  # page header, one side only
        if rng.random() < 0.5:
            beads.append(([zh_boilerplate(rng)], [], False))
        else:
            beads.append(([], [en_boilerplate(rng)], False))
    k = 0
    while k < len(pairs):
        r = rng.random()
        span = 1
        if r < 0.07 and k + 1 < len(pairs):  # two zh sentences, one en sentence
            span = 2
            bead = ([pairs[k][0], pairs[k + 1][0]], [pairs[k][1] + " " + pairs[k + 1][1]])
        elif r < 0.14 and k + 1 < len(pairs):  # one zh sentence, two en sentences
            span = 2
            bead = ([pairs[k][0] + pairs[k + 1][0]], [pairs[k][1], pairs[k + 1][1]])
        elif r < 0.15 and k + 2 < len(pairs):
            span = 3
            if rng.random() < 0.5:
                bead = (
                    [p[0] for p in pairs[k : k + 3]],
                    [" ".join(p[1] for p in pairs[k : k + 3])],
                )
            else:
                bead = (["".join(p[0] for p in pairs[k : k + 3])], [p[1] for p in pairs[k : k + 3]])
        elif r < 0.17:  # untranslated on one side
            bead = ([pairs[k][0]], []) if rng.random() < 0.6 else ([], [pairs[k][1]])
        else:
            bead = ([pairs[k][0]], [pairs[k][1]])
        k += span
        beads.append((bead[0], bead[1], rng.random() < 0.3))
        if rng.random() < 0.06:  # a stray caption or credit in the text, one side only
            if rng.random() < 0.5:
                beads.append(([zh_boilerplate(rng)], [], rng.random() < 0.5))
            else:
                beads.append(([], [en_boilerplate(rng)], rng.random() < 0.5))
    for _ in range(rng.choice([0, 1, 2, 3])):  # page footer
        if rng.random() < 0.5:
            beads.append(([zh_boilerplate(rng)], [], False))
        else:
            beads.append(([], [en_boilerplate(rng)], False))
    return _lines(beads)


def read_pairs(tsv: Path) -> list[tuple[str, str]]:
    pairs = []
    with tsv.open(encoding="utf-8") as f:
        next(f)
        for line in f:
            zh, _, en = line.rstrip("\n").partition("\t")
            if zh.strip() and en.strip():
                pairs.append((zh.strip(), en.strip()))
    return pairs


def build(out: Path, *, seed: int = 18, tsv: Path = DEFAULT_TSV) -> int:
    """Write the development set into ``out``; returns the number of documents."""
    rng = random.Random(seed)
    pairs = read_pairs(tsv)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("*.zh")) + list(out.glob("*.en")) + list(out.glob("gold/*.align")):
        old.unlink()
    k = n = 0
    while k < len(pairs) - 15:
        size = rng.randint(15, 45)
        zh, en, gold = build_document(pairs[k : k + size], rng)
        k += size
        n += 1
        stem = f"{n:03d}"
        (out / f"{stem}.zh").write_text(zh, encoding="utf-8")
        (out / f"{stem}.en").write_text(en, encoding="utf-8")
        (out / "gold" / f"{stem}.align").write_text(gold, encoding="utf-8")
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    args = parser.parse_args()
    if not args.tsv.exists():
        raise SystemExit(f"{args.tsv}: not found; the WMT18 development set cannot be built")
    n = build(args.out, seed=args.seed, tsv=args.tsv)
    print(f"{n} documents in {args.out}")


if __name__ == "__main__":
    main()
