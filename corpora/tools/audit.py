"""Review aid for the gold beads of corpora/cq-press: flag beads whose two sides disagree.

Usage: python corpora/tools/audit.py [CORPUS_DIR] [ID ...]

For every bead with text on both sides it reports
- ``numbers``: quantities that do not match (``tmtool.text.numbers.compare_quantities``:
  73.9万 = 739,000, 12.8亿 = 1.28 billion, 2月19日 = February 19, percentages, years …);
- ``name``: a personal name in pinyin on the English side (Zhang Jinhui) whose syllables do
  not occur in the pinyin of the Chinese side;
- ``glossary``: a forbidden variant of corpora/glossary/cq-terms.tsv on the English side.

A flag is a reason to read the bead again (``check_gold.py --show ID``), not a verdict:
the English edition rounds, converts and drops detail on purpose.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats import read_beads, sentences

# Common surnames in pinyin: a capitalized pair starting with one of them is taken as a name.
SURNAMES = frozenset(
    """Bai Cai Cao Chen Cheng Cui Dai Deng Ding Dong Du Duan Fan Fang Feng Fu Gao Ge Gong Gu Guo
    Han Hao He Hou Hu Huang Jia Jiang Jin Kang Kong Lei Li Liang Liao Lin Liu Long Lu Luo Lü Lyu
    Ma Mao Meng Mo Mu Ni Niu Ou Pan Peng Qian Qin Qiu Ran Ren Shao Shen Shi Song Su Sun Tan Tang
    Tao Tian Wan Wang Wei Wen Wu Xia Xiang Xiao Xie Xiong Xu Xue Yan Yang Yao Ye Yi Yin Yu Yuan
    Yue Zeng Zhai Zhang Zhao Zheng Zhong Zhou Zhu Zou""".split()
)
NAME = re.compile(r"\b([A-Z][a-zü]+) ([A-Z][a-zü]+)\b")
# Capitalized pinyin pairs that are not personal names in this genre.
NOT_NAMES = frozenset({"Jiang Jin", "Wan Zhou", "Fu Ling"})


def _readings(zh: str) -> list[set[str]]:
    """Every toneless reading of each character (heteronyms too: 曾 zeng/ceng, 劲 jin/jing)."""
    from pypinyin import Style, pinyin

    out = []
    # Character by character: phrase lookup would pick one reading and hide the others.
    for item in pinyin(
        list(zh), style=Style.NORMAL, heteronym=True, errors=lambda s: [[c] for c in s]
    ):
        out.append({r.lower().replace("v", "u").replace("ü", "u") for r in item})
    return out


def _spelled_by(want: str, readings: list[set[str]]) -> bool:
    """True when consecutive characters can be read as ``want`` (syllables concatenated)."""

    def from_char(i: int, rest: str) -> bool:
        if not rest:
            return True
        if i >= len(readings):
            return False
        return any(
            rest.startswith(r) and r and from_char(i + 1, rest[len(r) :]) for r in readings[i]
        )

    return any(from_char(i, want) for i in range(len(readings)))


def _is_pinyin_word(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[bcdfghjklmnpqrstwxyz]*h?[aeiouü]+(?:ng|n|r)?)+", word.lower()))


def name_flags(zh: str, en: str) -> list[str]:
    out = []
    readings = _readings(zh)
    for surname, given in NAME.findall(en):
        full = f"{surname} {given}"
        if surname not in SURNAMES or full in NOT_NAMES or not _is_pinyin_word(given):
            continue
        want = (surname + given).lower().replace("ü", "u").replace("lyu", "lu")
        if not _spelled_by(want, readings):
            out.append(f"{full} not found in the Chinese")
    return out


def load_glossary(path: Path) -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        zh, en, forbidden, _ = line.split("\t")
        rows.append((zh, en, [v for v in forbidden.split("|") if v]))
    return rows


def glossary_flags(en: str, glossary: list[tuple[str, str, list[str]]]) -> list[str]:
    low = en.lower()
    out = []
    for zh, approved, forbidden in glossary:
        for variant in forbidden:
            if re.search(rf"(?<![A-Za-z]){re.escape(variant.lower())}(?![A-Za-z])", low):
                out.append(f"forbidden '{variant}' for {zh} (approved: {approved})")
    return out


def number_flags(zh: str, en: str) -> list[str]:
    from tmtool.text.numbers import compare_quantities, extract_quantities

    result = compare_quantities(extract_quantities(zh, "zh"), extract_quantities(en, "en"))
    if result.match:
        return []
    zh_only = ", ".join(f"{q.text}={q.value:g}({q.kind})" for q in result.only_a)
    en_only = ", ".join(f"{q.text}={q.value:g}({q.kind})" for q in result.only_b)
    return [f"zh only [{zh_only}] / en only [{en_only}]"]


def audit(corpus: Path, docs: list[str]) -> Iterator[tuple[str, int, str, str, str, str]]:
    """(doc, bead number, bead, check, detail, both sides) for every flag."""
    glossary = load_glossary(corpus.parent / "glossary" / "cq-terms.tsv")
    try:
        import tmtool.text.numbers  # noqa: F401

        with_numbers = True
    except ImportError:
        print("note: tmtool.text.numbers not available; numbers not compared", file=sys.stderr)
        with_numbers = False
    for doc in docs:
        zh_lines, en_lines = sentences(corpus / f"{doc}.zh"), sentences(corpus / f"{doc}.en")
        for n, (z, e) in enumerate(read_beads(corpus / "gold" / f"{doc}.align")):
            zh = "".join(zh_lines[i] for i in z)
            en = " ".join(en_lines[j] for j in e)
            if not zh or not en:
                continue
            bead = f"{z}:{e}"
            both = f"zh| {zh}\n      en| {en}"
            checks = [("glossary", glossary_flags(en, glossary)), ("name", name_flags(zh, en))]
            if with_numbers:
                checks.append(("numbers", number_flags(zh, en)))
            for check, flags in checks:
                for flag in flags:
                    yield doc, n, bead, check, flag, both


def main(argv: list[str]) -> int:
    args = list(argv)
    corpus = Path(__file__).resolve().parents[1] / "cq-press"
    if args and not re.fullmatch(r"\d+", args[0]):
        corpus = Path(args.pop(0))
    docs = args or sorted(
        p.stem for p in corpus.glob("*.zh") if (corpus / "gold" / f"{p.stem}.align").exists()
    )
    count = 0
    for doc, n, bead, check, flag, both in audit(corpus, docs):
        count += 1
        print(f"{doc} bead {n} {bead} {check}: {flag}\n      {both}")
    print(f"{count} flags in {len(docs)} documents", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
