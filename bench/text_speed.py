"""Throughput of the language layer: sentences per second for segmentation, quantity
extraction and the matching form, on /work/shared/data/wmt18-zh-en.tsv when present
(else on a synthetic news sample), against a baseline of ``str.split`` in the same run.

Usage: python bench/text_speed.py [TSV]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_TSV = Path("/work/shared/data/wmt18-zh-en.tsv")

SYNTHETIC = [
    (
        "2月19日，川仪自动化股份有限公司生产线有序运转，返岗工人约130人，周产量达2800台。",
        "On February 19, the production line of Chuanyi Automation Co., Ltd. ran in an orderly "
        "manner, with about 130 workers back and weekly output of 2,800 units.",
    ),
    (
        "据市经济信息委数据，截至1月31日，全市复工率达到93.6%，到岗员工112.4万人。",
        "As of January 31, the resumption rate reached 93.6 percent, with 1.124 million "
        "employees back, according to the commission.",
    ),
] * 2000


def load(path: Path) -> tuple[list[str], list[str], str]:
    if not path.exists():
        zh, en = zip(*SYNTHETIC, strict=True)
        return list(zh), list(en), f"synthetic sample ({path} absent)"
    zh, en = [], []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 2:
            zh.append(parts[0])
            en.append(parts[1])
    return zh, en, str(path)


def rate(func: Callable[[str], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        func(text)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    from tmtool.text import normalize, numbers
    from tmtool.text.segment import split_sentences

    zh, en, source = load(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TSV)
    print(f"{len(zh)} zh + {len(en)} en segments from {source}; sentences per second (uncached)")
    rows = [
        ("baseline str.split", rate(str.split, zh), rate(str.split, en)),
        (
            "split_sentences",
            rate(lambda t: split_sentences(t, "zh"), zh),
            rate(lambda t: split_sentences(t, "en"), en),
        ),
        (
            "extract_quantities",
            rate(lambda t: numbers._extract.__wrapped__(t, "zh"), zh),
            rate(lambda t: numbers._extract.__wrapped__(t, "en"), en),
        ),
        (
            "matching_form",
            rate(normalize.matching_form.__wrapped__, zh),
            rate(normalize.matching_form.__wrapped__, en),
        ),
    ]
    print(f"{'stage':<22} {'zh/s':>10} {'en/s':>10}")
    for label, zh_rate, en_rate in rows:
        print(f"{label:<22} {zh_rate:10.0f} {en_rate:10.0f}")


if __name__ == "__main__":
    main()
