"""Read, write and score sentence alignments.

The file format is the one Vecalign and Bertalign write: one bead per line,
``[zh indices]:[en indices]`` with 0-based sentence indices and an optional
``:confidence`` field, e.g. ``[0, 1]:[2]:0.93``.

The scores are exactly those of Vecalign's ``score.py`` (after Sennrich and Volk's
strict/lax definition): precision counts every test bead, one-sided ones included;
recall counts the gold beads with both sides non-empty, against the test beads with
both sides non-empty; *strict* means the exact bead, *lax* means the bead overlaps a
gold bead on both sides. On top of that, :func:`score_alignments` reports exact recall
per gold bead type and the recall of one-sided gold beads.
"""

from __future__ import annotations

import ast
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tmtool.errors import FormatError
from tmtool.records import Bead

Pair = tuple[tuple[int, ...], tuple[int, ...]]


def format_bead(bead: Bead, *, confidence: bool = True) -> str:
    """One line of an alignment file: ``[0, 1]:[2]:0.93``."""
    text = f"{list(bead.zh)}:{list(bead.en)}"
    return f"{text}:{bead.confidence:.2f}" if confidence else text


def parse_beads(text: str, *, source: str = "<alignment>") -> list[Bead]:
    """Parse alignment text (one bead per line; blank lines ignored)."""
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            left, rest = line.split("]:", 1)
            right, _, conf = rest.partition("]")
            zh = ast.literal_eval(left + "]")
            en = ast.literal_eval(right + "]")
            conf = conf.lstrip(":").strip()
            confidence = float(conf) if conf else 1.0
            if not isinstance(zh, list) or not isinstance(en, list):
                raise ValueError
            beads.append(Bead(tuple(int(i) for i in zh), tuple(int(j) for j in en), confidence))
        except (ValueError, SyntaxError, TypeError):
            raise FormatError(f"{source}:{number}: not a bead like [0]:[0, 1]: {line!r}") from None
    return beads


def read_beads(path: str | Path) -> list[Bead]:
    """Read an alignment file."""
    path = Path(path)
    return parse_beads(path.read_text(encoding="utf-8"), source=str(path))


def _pairs(beads: Iterable[Bead | Pair]) -> list[Pair]:
    out = []
    for b in beads:
        if isinstance(b, Bead):
            out.append((tuple(b.zh), tuple(b.en)))
        else:
            out.append((tuple(b[0]), tuple(b[1])))
    return out


def _precision_counts(gold: Sequence[Pair], test: Sequence[Pair]) -> tuple[int, int, int, int]:
    """Vecalign's ``_precision``: (tp_strict, fp_strict, tp_lax, fp_lax) of ``test``."""
    test_set = {(x, y) for x, y in test if x or y}
    gold_set = {(x, y) for x, y in gold if x or y}
    src_to_gold_tgt: dict[int, set[int]] = defaultdict(set)
    for gold_src, gold_tgt in gold_set:
        for s in gold_src:
            src_to_gold_tgt[s].update(gold_tgt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for test_src, test_tgt in test_set:
        if (test_src, test_tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        targets: set[int] = set()
        for s in test_src:
            targets |= src_to_gold_tgt.get(s, set())
        fp_strict += 1
        if targets.intersection(test_tgt):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


@dataclass
class AlignmentScore:
    """Strict and lax precision/recall/F1 (Vecalign's definitions) plus per-type recall."""

    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    one_sided_recall: float | None
    documents: int
    gold_beads: int
    test_beads: int
    recall_by_type: dict[str, float] = field(default_factory=dict)
    gold_by_type: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignments(
    gold_docs: Sequence[Iterable[Bead | Pair]], test_docs: Sequence[Iterable[Bead | Pair]]
) -> AlignmentScore:
    """Score test alignments against gold ones, document by document (counts are summed)."""
    if len(gold_docs) != len(test_docs):
        raise ValueError("need as many test documents as gold documents")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    gold_types: Counter[str] = Counter()
    hit_types: Counter[str] = Counter()
    n_gold = n_test = 0
    for gold_doc, test_doc in zip(gold_docs, test_docs, strict=False):
        gold, test = _pairs(gold_doc), _pairs(test_doc)
        n_gold += len(gold)
        n_test += len(test)
        for i, c in enumerate(_precision_counts(gold, test)):
            p[i] += c
        gold_both = [(x, y) for x, y in gold if x and y]
        test_both = [(x, y) for x, y in test if x and y]
        for i, c in enumerate(_precision_counts(test_both, gold_both)):
            r[i] += c
        test_set = set(test)
        for bead in gold:
            kind = f"{len(bead[0])}-{len(bead[1])}"
            gold_types[kind] += 1
            hit_types[kind] += bead in test_set
    ps, pl = _ratio(p[0], p[0] + p[1]), _ratio(p[2], p[2] + p[3])
    rs, rl = _ratio(r[0], r[0] + r[1]), _ratio(r[2], r[2] + r[3])
    one_sided = gold_types["1-0"] + gold_types["0-1"]
    return AlignmentScore(
        precision_strict=ps,
        recall_strict=rs,
        f1_strict=_f1(ps, rs),
        precision_lax=pl,
        recall_lax=rl,
        f1_lax=_f1(pl, rl),
        one_sided_recall=_ratio(hit_types["1-0"] + hit_types["0-1"], one_sided)
        if one_sided
        else None,
        documents=len(gold_docs),
        gold_beads=n_gold,
        test_beads=n_test,
        recall_by_type={k: hit_types[k] / n for k, n in sorted(gold_types.items())},
        gold_by_type=dict(sorted(gold_types.items())),
    )


def score_folders(gold_dir: str | Path, test_dir: str | Path) -> AlignmentScore:
    """Score every ``STEM.align`` of ``gold_dir`` against the same name in ``test_dir``."""
    gold_dir, test_dir = Path(gold_dir), Path(test_dir)
    gold_files = sorted(gold_dir.glob("*.align"))
    if not gold_files:
        raise FormatError(f"{gold_dir}: no .align files")
    missing = [f.name for f in gold_files if not (test_dir / f.name).exists()]
    if missing:
        raise FormatError(
            f"{test_dir}: missing {len(missing)} test alignment(s): {', '.join(missing[:5])}"
        )
    gold = [read_beads(f) for f in gold_files]
    test = [read_beads(test_dir / f.name) for f in gold_files]
    return score_alignments(gold, test)
