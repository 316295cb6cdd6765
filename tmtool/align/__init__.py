"""Sentence alignment of Chinese–English document pairs (see :mod:`tmtool.align.aligner`)."""

from tmtool.align.aligner import Alignment, AlignParams, align_paragraphs, align_texts
from tmtool.align.evaluate import AlignmentScore, read_beads, score_alignments

__all__ = [
    "AlignParams",
    "Alignment",
    "AlignmentScore",
    "align_paragraphs",
    "align_texts",
    "read_beads",
    "score_alignments",
]
