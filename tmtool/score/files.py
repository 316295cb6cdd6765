"""Reading hypothesis and reference files: one segment per line, UTF-8 (BOM allowed)."""

from __future__ import annotations

import re
from pathlib import Path

from tmtool.errors import EncodingError, FormatError, InputError

_UNESCAPE = re.compile(r"\\([tnr\\])")
_UNESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def _text(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingError(f"{path}:{line}: not UTF-8 (byte {data[exc.start]:#04x})") from None


def read_lines(path: str | Path) -> list[str]:
    """The lines of a text file without their line ends (blank lines kept: they are segments)."""
    text = _text(Path(path))
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    return [line.removesuffix("\r") for line in lines]


def read_source_hypothesis(path: str | Path) -> list[tuple[str, str]]:
    """``(source, hypothesis)`` rows of a two-column TSV (an optional header is skipped).

    Fields use tmtool's TSV escapes (``\\t``, ``\\n``, ``\\r``, ``\\\\``). A row without
    exactly two fields raises FormatError ``file:line``.
    """
    path = Path(path)
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise FormatError(
                f"{path}:{number}: expected 2 fields (source, hypothesis), found {len(cells)}"
            )
        if number == 1 and cells[0].strip().lower() in ("source", "src", "zh", "en"):
            continue
        src, hyp = (_UNESCAPE.sub(lambda m: _UNESCAPES[m.group(1)], c) for c in cells)
        rows.append((src, hyp))
    return rows
