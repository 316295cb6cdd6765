"""Scoring a translation with sacrebleu: BLEU, chrF and TER, with their signatures.

Corpus scores are exactly sacrebleu's ``corpus_score`` numbers. When the target is
Chinese, BLEU uses sacrebleu's ``zh`` tokenizer (passed explicitly, for corpus and
sentence scores alike — ``sentence_bleu`` would default to 13a) and TER normalizes with
``asian_support``; chrF is character-based and needs no tokenizer. Every result
carries sacrebleu's signature so the number can be reproduced.
"""

from __future__ import annotations

from tmtool.score.files import read_lines, read_source_hypothesis
from tmtool.score.metrics import (
    CorpusScores,
    ScoreResult,
    SentenceScore,
    guess_lang,
    score_corpus,
    score_sentences,
)

__all__ = [
    "CorpusScores",
    "ScoreResult",
    "SentenceScore",
    "guess_lang",
    "read_lines",
    "read_source_hypothesis",
    "score_corpus",
    "score_sentences",
]
