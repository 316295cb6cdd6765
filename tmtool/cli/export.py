"""`tmtool export`: write the TM (or part of it) as TMX 1.4b, TSV or Moses files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tmtool.cli.app import app

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from rich.progress import Progress, TaskID

    from tmtool.records import TranslationUnit


@app.command("export")
def export_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Output file: x.tmx, x.tsv, or x.zh for Moses (x.en is written too).",
            dir_okay=False,
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="tmx, tsv or moses (default: from the extension)."),
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Leave out aligned units whose confidence is below this (units without one stay).",
        ),
    ] = None,
    doc: Annotated[
        str | None, typer.Option("--doc", help="Only the units of this document.")
    ] = None,
    srclang: Annotated[
        str | None, typer.Option("--srclang", help="TMX code of the Chinese side (default zh-CN).")
    ] = None,
    tgtlang: Annotated[
        str | None, typer.Option("--tgtlang", help="TMX code of the English side (default en-US).")
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print what was written as JSON.")] = False,
) -> None:
    """Export translation units, streamed: memory stays flat for any TM size.

    TMX is 1.4b, the exchange format of OmegaT, Trados Studio and memoQ, with tmtool's
    metadata as <prop type="x-…"> and inline tags restored from their placeholders.

    Example: tmtool export cq-press.tmx --min-confidence 0.8
    """
    import os

    from tmtool.cli.paths import is_tm_file
    from tmtool.cli.render import err, print_json
    from tmtool.cli.text_args import check_text
    from tmtool.errors import InputError
    from tmtool.formats import format_for_path, get_format
    from tmtool.tm.store import TranslationMemory

    check_text(**{"--doc": doc, "--srclang": srclang, "--tgtlang": tgtlang})
    fmt = get_format(format) if format else format_for_path(file)
    options = {}
    if fmt.name == "tmx":
        options = {"srclang": srclang or "zh-CN", "tgtlang": tgtlang or "en-US"}
    elif srclang or tgtlang:
        raise InputError("--srclang and --tgtlang apply to TMX only")
    if not file.parent.is_dir():
        raise InputError(f"cannot write {file}: the folder {file.parent} does not exist")
    outputs = _moses_paths(file) if fmt.name == "moses" else (file,)
    for output in outputs:
        if is_tm_file(output, ctx.obj.tm_path):
            raise InputError(
                f"cannot write {output}: it is the translation memory's own file; "
                "choose another output file"
            )
    console = err()
    with TranslationMemory.open(ctx.obj.tm_path, create=False, read_only=True) as tm:
        # One sequential pass over every row gains nothing from memory-mapping the file,
        # and mapped pages count as resident: read through the page cache instead.
        tm.conn.execute("PRAGMA mmap_size = 0")
        total = tm.info_units() if min_confidence is None and doc is None else None
        units = tm.units(min_confidence=min_confidence, doc=doc)
        # TMX and TSV go to a temporary sibling first: a failed export leaves no half file
        target = file if fmt.name == "moses" else file.with_name(f".{file.name}.part")
        try:
            if console.is_terminal:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                columns = [TextColumn("exporting"), BarColumn(), MofNCompleteColumn()]
                with Progress(*columns, console=console, transient=True) as progress:
                    task = progress.add_task("export", total=total)
                    count = fmt.write(_ticking(units, progress, task), target, **options)
            else:
                count = fmt.write(units, target, **options)
            if target != file:
                os.replace(target, file)
        except OSError as exc:
            where = exc.filename or file
            if str(where) == str(target):
                where = file  # (not the hidden .part file it writes first)
            raise InputError(f"cannot write {where}: {exc.strerror or exc}") from None
        finally:
            if target != file and target.exists():
                target.unlink()
    written = [str(file)] if fmt.name != "moses" else [str(p) for p in _moses_paths(file)]
    if json_:
        print_json({"units": count, "format": fmt.name, "files": written})
    console.print(f"exported {count:,} units as {fmt.name} to {', '.join(written)}")


def _ticking(
    units: Iterable[TranslationUnit], progress: Progress, task: TaskID
) -> Iterator[TranslationUnit]:
    """Pass units through, advancing the progress bar every thousand."""
    n = 0
    for unit in units:
        yield unit
        n += 1
        if n % 1000 == 0:
            progress.update(task, completed=n)
    progress.update(task, completed=n)


def _moses_paths(file: Path) -> tuple[Path, Path]:
    from tmtool.formats.moses import pair_paths

    return pair_paths(file)
