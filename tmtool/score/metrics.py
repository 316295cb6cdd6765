"""BLEU, chrF and TER through sacrebleu's object API, for a corpus and per sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tmtool.errors import ScoreError

LANGS = ("en", "zh")


@dataclass(frozen=True)
class ScoreResult:
    """One metric's score (0–100; lower is better for TER) and sacrebleu's signature."""

    name: str
    score: float
    signature: str

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "signature": self.signature}


@dataclass(frozen=True)
class CorpusScores:
    """BLEU, chrF and TER of a whole set of hypotheses against references."""

    bleu: ScoreResult
    chrf: ScoreResult
    ter: ScoreResult
    lang: str
    segments: int

    def to_json(self) -> dict[str, Any]:
        return {
            "bleu": self.bleu.to_json(),
            "chrf": self.chrf.to_json(),
            "ter": self.ter.to_json(),
            "lang": self.lang,
            "segments": self.segments,
        }


@dataclass(frozen=True)
class SentenceScore:
    """Scores of one hypothesis line (``index`` counts from 1, as line numbers do)."""

    index: int
    hypothesis: str
    reference: str
    bleu: float
    chrf: float
    ter: float


def _metrics(lang: str, *, sentence: bool) -> tuple[Any, Any, Any]:
    from sacrebleu.metrics import BLEU, CHRF, TER

    if lang not in LANGS:
        raise ScoreError(f"unknown target language {lang!r}; choose one of: {', '.join(LANGS)}")
    if lang == "zh":
        bleu = BLEU(tokenize="zh", trg_lang="zh", effective_order=sentence)
        ter = TER(normalized=True, asian_support=True)
    else:
        bleu = BLEU(tokenize="13a", trg_lang="en", effective_order=sentence)
        ter = TER()
    return bleu, CHRF(), ter


def _check(hypotheses: Sequence[str], references: Sequence[str]) -> None:
    if len(hypotheses) != len(references):
        raise ScoreError(
            f"{len(hypotheses)} hypotheses but {len(references)} references: "
            "the files must have one line per segment, in the same order"
        )
    if not hypotheses:
        raise ScoreError("nothing to score: no segments")


def score_corpus(
    hypotheses: Sequence[str], references: Sequence[str], *, lang: str = "en"
) -> CorpusScores:
    """Corpus BLEU, chrF and TER (one reference per hypothesis), as sacrebleu computes them."""
    _check(hypotheses, references)
    hyps, refs = list(hypotheses), [list(references)]
    results = []
    for name, metric in zip(("BLEU", "chrF", "TER"), _metrics(lang, sentence=False), strict=True):
        score = metric.corpus_score(hyps, refs)
        results.append(ScoreResult(name, score.score, metric.get_signature().format()))
    return CorpusScores(*results, lang=lang, segments=len(hyps))


def score_sentences(
    hypotheses: Sequence[str], references: Sequence[str], *, lang: str = "en"
) -> list[SentenceScore]:
    """Per-sentence BLEU (effective order), chrF and TER, in input order."""
    _check(hypotheses, references)
    bleu, chrf, ter = _metrics(lang, sentence=True)
    return [
        SentenceScore(
            index=i,
            hypothesis=hyp,
            reference=ref,
            bleu=bleu.sentence_score(hyp, [ref]).score,
            chrf=chrf.sentence_score(hyp, [ref]).score,
            ter=ter.sentence_score(hyp, [ref]).score,
        )
        for i, (hyp, ref) in enumerate(zip(hypotheses, references, strict=True), start=1)
    ]


def guess_lang(lines: Sequence[str]) -> str:
    """``"zh"`` when at least a fifth of the non-space characters are Han, else ``"en"``."""
    han = total = 0
    for line in lines:
        for ch in line:
            if ch.isspace():
                continue
            total += 1
            code = ord(ch)
            if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F:
                han += 1
    return "zh" if total and han * 5 >= total else "en"
