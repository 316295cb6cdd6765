"""Exchange formats: TMX 1.4b, TSV and Moses ↔ streams of TranslationUnit.

:func:`read_units` and :func:`write_units` pick the format by name or by file
extension (``.tmx`` → tmx; ``.tsv``/``.txt``/``.tab`` → tsv; ``.zh``/``.en`` → moses,
which reads and writes the two line-aligned files ``x.zh`` and ``x.en``). Readers are
lazy generators: nothing is read before the first unit is asked for, and a bad record
raises :class:`~tmtool.errors.FormatError` ``file:line: …`` when it is reached — so a
caller that imports in one transaction keeps nothing from a bad file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tmtool.errors import FormatError, InputError
from tmtool.formats import moses, tmx, tsv
from tmtool.formats.base import Format
from tmtool.records import Skipped, TranslationUnit

FORMATS: dict[str, Format] = {
    "tmx": Format("tmx", (".tmx",), tmx.read, tmx.write, "TMX 1.4b (OmegaT, Trados, memoQ …)"),
    "tsv": Format(
        "tsv", (".tsv", ".txt", ".tab"), tsv.read, tsv.write, "tab-separated, header line"
    ),
    "moses": Format(
        "moses", (".zh", ".en"), moses.read, moses.write, "two line-aligned files x.zh, x.en"
    ),
}


def get_format(name: str) -> Format:
    """The format called ``name``; an unknown name raises FormatError listing the choices."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise FormatError(
            f"unknown format {name!r}; choose one of: {', '.join(sorted(FORMATS))}"
        ) from None


def format_for_path(path: str | Path) -> Format:
    """The format implied by a file's extension (``.gz`` and other suffixes are not guessed)."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    known = ", ".join(ext for fmt in FORMATS.values() for ext in fmt.extensions)
    raise FormatError(
        f"{path}: cannot tell the format from the extension {suffix or '(none)'!r}; "
        f"use one of {known} or name the format ({', '.join(sorted(FORMATS))})"
    )


def read_units(path: str | Path, *, format: str | None = None) -> Iterator[TranslationUnit]:
    """Stream the translation units in ``path`` (format by name, else by extension)."""
    fmt = get_format(format) if format else format_for_path(path)
    items = _reading(Path(path), fmt.read(Path(path)))
    return (item for item in items if not isinstance(item, Skipped))


def read_batches(
    path: str | Path, *, format: str | None = None
) -> Iterator[TranslationUnit | Skipped | tsv.TsvBlock]:
    """What :func:`read_units` streams, for a TM import: a TSV file comes as blocks of raw
    lines (:class:`~tmtool.formats.tsv.TsvBlock`) that the import parses in its worker
    processes; other formats as units, with a :class:`~tmtool.records.Skipped` for each
    record that holds no pair (the import's summary counts them)."""
    fmt = get_format(format) if format else format_for_path(path)
    if fmt.name == "tsv":
        return _reading(Path(path), tsv.read_blocks(Path(path)))
    return _reading(Path(path), fmt.read(Path(path)))


def _reading(path: Path, items: Iterator[Any]) -> Iterator[Any]:
    """``items``, with an operating-system error while reading the file (permission, I/O,
    a file that vanished) as :class:`InputError` ``cannot read …``."""
    try:
        yield from items
    except OSError as exc:
        raise InputError(f"cannot read {exc.filename or path}: {exc.strerror or exc}") from None


def write_units(
    units: Iterable[TranslationUnit], path: str | Path, *, format: str | None = None, **options: Any
) -> int:
    """Write ``units`` to ``path``; returns how many were written. Options are per format."""
    fmt = get_format(format) if format else format_for_path(path)
    return fmt.write(units, Path(path), **options)


__all__ = [
    "FORMATS",
    "Format",
    "format_for_path",
    "get_format",
    "read_batches",
    "read_units",
    "write_units",
]
