"""`tmtool import`, `tmtool info`, `tmtool delete`: filling and maintaining the TM."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from tmtool.cli.app import app
from tmtool.cli.paths import side_files


def _state_path(ctx: typer.Context) -> Path:
    return ctx.obj.tm_path


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@contextlib.contextmanager
def _new_tm_removed_on_failure(path: Path) -> Iterator[None]:
    """A failed import into a TM that did not exist leaves none behind (nor its folders):
    the state before the command had no TM, and `info` must keep saying so."""
    if path.exists():
        yield
        return
    folders = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    try:
        yield
    except BaseException:
        if _holds_units(path):  # another process filled it meanwhile: keep it
            raise
        for leftover in (path, *side_files(path)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        for folder in folders:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
        raise


def _holds_units(path: Path) -> bool:
    import sqlite3

    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return conn.execute("SELECT EXISTS (SELECT 1 FROM units)").fetchone()[0] == 1
        finally:
            conn.close()
    except sqlite3.Error:
        return False


@app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="TSV, TMX or Moses files (x.zh with x.en).")],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Format name (default: from the extension)."),
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(help="Set the origin of every unit: aligned, imported or edited."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Import translation units into the TM, all files in ONE transaction.

    A bad record, Ctrl-C or a killed process leaves the TM exactly as it was. A pair that is
    already in the TM (after normalization) is counted as another occurrence, not added.

    Example: tmtool import corpus.tsv
    """
    import itertools

    from tmtool.cli.render import err, print_json
    from tmtool.formats import read_batches
    from tmtool.tm.store import TranslationMemory

    path = _state_path(ctx)
    # (TSV comes as blocks of lines, parsed in the import's worker processes)
    units = itertools.chain.from_iterable(read_batches(f, format=format) for f in files)
    console = err()
    with _new_tm_removed_on_failure(path), TranslationMemory.open(path) as tm:
        if console.is_terminal:
            with console.status("importing…") as status:
                stats = tm.add_units(
                    units,
                    origin=origin,
                    progress=lambda n: status.update(f"importing… {n:,} units read"),
                )
        else:
            stats = tm.add_units(units, origin=origin)
        tm.refresh()
        total = tm.info_units()  # COUNT(*) from the smallest index, not a scan of the rows
    if json_:
        print_json(
            {
                "added": stats.added,
                "duplicates": stats.duplicates,
                "skipped": stats.skipped,
                "units": total,
                "tm": str(path),
            }
        )
    console.print(
        f"imported {stats.added:,} new units ({stats.duplicates:,} already in the TM, "
        f"{stats.skipped:,} skipped) from {len(files)} file(s); the TM {path} holds {total:,} units",
        soft_wrap=True,
    )


@app.command("info")
def info_command(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show the TM's size: units, documents, size on disk, date range, origins.

    Example: tmtool info --json
    """
    from tmtool.cli.render import out, print_json
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(_state_path(ctx), create=False, read_only=True) as tm:
        info = tm.info()
    if json_:
        print_json(
            {
                "path": info.path,
                "units": info.units,
                "documents": info.documents,
                "occurrences": info.occurrences,
                "size_bytes": info.size_bytes,
                "first_date": info.first_date,
                "last_date": info.last_date,
                "origins": info.origins,
                "schema_version": info.schema_version,
            }
        )
        return
    console = out()
    dates = f"{info.first_date} – {info.last_date}" if info.first_date else "(no dates)"
    origins = ", ".join(f"{k} {v:,}" for k, v in sorted(info.origins.items())) or "-"
    for label, value in (
        ("TM", info.path),
        ("units", f"{info.units:,} ({info.occurrences:,} occurrences)"),
        ("documents", f"{info.documents:,}"),
        ("origins", origins),
        ("dates", dates),
        ("size", _human(info.size_bytes)),
    ):
        console.print(f"{label:<10} {value}", markup=False)


@app.command("delete")
def delete_command(
    ctx: typer.Context,
    ids: Annotated[list[int] | None, typer.Argument(help="Unit ids to delete.")] = None,
    doc: Annotated[
        str | None, typer.Option("--doc", help="Delete every unit of this document.")
    ] = None,
    below: Annotated[
        float | None,
        typer.Option(
            "--below", min=0.0, max=1.0, help="Delete units whose confidence is below this."
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the count as JSON.")] = False,
) -> None:
    """Delete units by id, by document, or below an aligner confidence (one transaction).

    Example: tmtool delete --below 0.3
    """
    from tmtool.cli.render import err, print_json
    from tmtool.cli.text_args import check_text
    from tmtool.errors import StoreError
    from tmtool.tm.store import TranslationMemory

    check_text(**{"--doc": doc})
    if not ids and doc is None and below is None:
        raise StoreError("nothing to delete: give unit ids, --doc NAME or --below CONFIDENCE")
    with TranslationMemory.open(_state_path(ctx), create=False) as tm:
        n = tm.delete(ids=ids or (), doc=doc, below_confidence=below)
    if json_:
        print_json({"deleted": n})
    err().print(f"deleted {n:,} unit(s)", soft_wrap=True)
