"""`tmtool score`: BLEU, chrF and TER of a translation (sacrebleu), against a reference or the TM."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tmtool.cli.app import app

if TYPE_CHECKING:
    from tmtool.score import CorpusScores, SentenceScore


@app.command("score")
def score_command(
    ctx: typer.Context,
    hyp: Annotated[
        Path,
        typer.Option(
            "--hyp",
            help="Hypotheses: one segment per line; with --against-tm a TSV of source<TAB>hypothesis.",
            dir_okay=False,
        ),
    ],
    ref: Annotated[
        Path | None,
        typer.Option(
            "--ref", help="References: one segment per line, in the same order.", dir_okay=False
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Target language, en or zh (default: guessed from the text)."),
    ] = None,
    sentence: Annotated[
        bool, typer.Option("--sentence", help="Add per-sentence scores, worst first.")
    ] = False,
    against_tm: Annotated[
        bool,
        typer.Option(
            "--against-tm",
            help="Take each source's reference from its best TM match (needs a TSV --hyp).",
        ),
    ] = False,
    min_match: Annotated[
        float,
        typer.Option(
            "--min-match",
            min=0.0,
            max=100.0,
            help="With --against-tm: lowest match % accepted as a reference (99 = same after normalization).",
        ),
    ] = 99.0,
    json_: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score a translation with sacrebleu's BLEU, chrF and TER, signatures included.

    With a Chinese target BLEU uses sacrebleu's zh tokenizer (corpus and sentence scores
    alike) and TER its Asian-language normalization. The corpus numbers are exactly
    sacrebleu's corpus_score.

    Example: tmtool score --hyp mt.en --ref human.en --sentence
    """
    from tmtool.errors import InputError
    from tmtool.score import (
        guess_lang,
        read_lines,
        read_source_hypothesis,
        score_corpus,
        score_sentences,
    )

    matched: dict[str, int] | None = None
    if against_tm:
        if ref is not None:
            raise InputError("give either --ref or --against-tm, not both")
        rows = read_source_hypothesis(hyp)
        hyps, refs, matched = _references_from_tm(ctx.obj.tm_path, rows, min_match)
    else:
        if ref is None:
            raise InputError(
                "--ref FILE is needed (or --against-tm with a TSV of source, hypothesis)"
            )
        hyps, refs = read_lines(hyp), read_lines(ref)
    target = (lang or guess_lang(refs or hyps)).lower()
    scores = score_corpus(hyps, refs, lang=target)
    per_sentence = score_sentences(hyps, refs, lang=target) if sentence else []
    per_sentence.sort(key=lambda s: (s.bleu, s.chrf, -s.ter, s.index))
    if json_:
        from tmtool.cli.render import print_json

        data = scores.to_json()
        if matched is not None:
            data["tm"] = matched
        if sentence:
            data["sentences"] = [
                {
                    "line": s.index,
                    "bleu": s.bleu,
                    "chrf": s.chrf,
                    "ter": s.ter,
                    "hypothesis": s.hypothesis,
                    "reference": s.reference,
                }
                for s in per_sentence
            ]
        print_json(data)
        return
    _render(scores, per_sentence, matched)


def _references_from_tm(
    tm_path: Path, rows: list[tuple[str, str]], min_match: float
) -> tuple[list[str], list[str], dict[str, int]]:
    """Hypotheses and references for the sources whose best TM match reaches ``min_match``."""
    from tmtool.cli.render import err
    from tmtool.errors import ScoreError
    from tmtool.tm.fuzzy import search
    from tmtool.tm.store import TranslationMemory

    hyps: list[str] = []
    refs: list[str] = []
    with (
        TranslationMemory.open(tm_path, create=False, read_only=True) as tm,
        err().status("looking sources up in the TM…"),
    ):
        for source, hypothesis in rows:
            best = search(tm, source, top=1, min_score=min_match)
            if best:
                hyps.append(hypothesis)
                refs.append(best[0].target)
    counts = {"sources": len(rows), "matched": len(hyps), "min_match": min_match}
    if not hyps:
        raise ScoreError(
            f"none of the {len(rows)} sources has a TM match of {min_match:g}% or more: nothing to score"
        )
    return hyps, refs, counts


def _render(
    scores: CorpusScores, per_sentence: list[SentenceScore], matched: dict[str, int] | None
) -> None:
    from rich.table import Table
    from rich.text import Text

    from tmtool.cli.render import err, out

    if matched is not None:
        err().print(
            f"{matched['matched']:,} of {matched['sources']:,} sources had a TM match of "
            f"{matched['min_match']:g}% or more; scoring those"
        )
    table = Table(title=f"{scores.segments:,} segments, target {scores.lang}", title_justify="left")
    table.add_column("metric")
    table.add_column("score", justify="right")
    table.add_column("signature", overflow="fold")
    for result in (scores.bleu, scores.chrf, scores.ter):
        table.add_row(result.name, f"{result.score:.2f}", result.signature)
    console = out()
    console.print(table)
    if per_sentence:
        rows = Table(title="per sentence, worst first", title_justify="left")
        rows.add_column("line", justify="right")
        rows.add_column("BLEU", justify="right")
        rows.add_column("chrF", justify="right")
        rows.add_column("TER", justify="right")
        rows.add_column("hypothesis / reference", overflow="fold")
        for s in per_sentence:
            rows.add_row(
                str(s.index),
                f"{s.bleu:.1f}",
                f"{s.chrf:.1f}",
                f"{s.ter:.1f}",
                Text(s.hypothesis) + Text("\n") + Text(s.reference, style="dim"),
            )
        console.print(rows)
