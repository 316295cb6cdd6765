"""Tab-separated translation units, with or without a header line.

Reading accepts:

* a header naming columns among ``zh en doc date confidence position origin``
  (``document`` is a synonym of ``doc``; any other named column is kept in
  ``TranslationUnit.props``) — it must name both ``zh`` and ``en``;
* no header and two columns: ``zh``, ``en``;
* the aligner's output ``zh, en, confidence, document, bead`` (with its header, or
  without one when the third column is a number and the fifth a bead like ``1-2``);
  one-sided beads (``0-1``, ``1-0``) carry no pair and are skipped.

Fields escape ``\\t``, ``\\n``, ``\\r`` and ``\\\\`` with a backslash; any other
backslash is kept as it is. UTF-8, with or without a BOM. Blank lines are skipped.
A bad row (wrong number of fields, an empty side, a confidence outside [0, 1], a bad
date, position or origin, bytes that are not UTF-8) raises
:class:`~tmtool.errors.FormatError` ``file:line: …``.

Writing produces a header ``zh en doc date confidence position origin`` and escaped
fields; empty values are empty fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tmtool.formats.base import ORIGINS, check_readable, located, parse_date
from tmtool.records import TranslationUnit

COLUMNS = ("zh", "en", "doc", "date", "confidence", "position", "origin")
ALIGNER_COLUMNS = ("zh", "en", "confidence", "document", "bead")
_SYNONYMS = {"document": "doc"}
_BEAD = re.compile(r"^\d+-\d+$")
_UNESCAPE = re.compile(r"\\([tnr\\])")
_UNESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def escape(field: str) -> str:
    """Escape backslash, tab, newline and carriage return for one TSV field."""
    return (
        field.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def unescape(field: str) -> str:
    """Undo :func:`escape`; a backslash before any other character stays as it is."""
    if "\\" not in field:
        return field
    return _UNESCAPE.sub(lambda m: _UNESCAPES[m.group(1)], field)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line, decoded as UTF-8 (a leading BOM dropped)."""
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise located(
                    path,
                    number,
                    f"not UTF-8 (byte {raw[exc.start]:#04x} at column {exc.start + 1})",
                ) from None
            yield number, text.rstrip("\r\n")


def _header(cells: list[str]) -> list[str] | None:
    names = [_SYNONYMS.get(c.strip().lower(), c.strip().lower()) for c in cells]
    if "zh" in names and "en" in names and all(names):
        if len(set(names)) != len(names):
            return None
        return names
    return None


def _is_aligner_row(cells: list[str]) -> bool:
    if len(cells) != 5 or not _BEAD.match(cells[4].strip()):
        return False
    try:
        float(cells[2])
    except ValueError:
        return False
    return True


def read(path: Path) -> Iterator[TranslationUnit]:
    """Stream the translation units of a TSV file (see the module docstring)."""
    path = Path(path)
    check_readable(path)
    columns: list[str] | None = None
    for number, line in _lines(path):
        if not line.strip():
            continue
        cells = line.split("\t")
        if columns is None:
            columns = _header(cells)
            if columns is not None:
                continue
            if len(cells) == 2:
                columns = ["zh", "en"]
            elif _is_aligner_row(cells):
                columns = ["zh", "en", "confidence", "doc", "bead"]
            else:
                raise located(
                    path,
                    number,
                    f"expected a header naming zh and en columns, or two columns zh<TAB>en; "
                    f"found {len(cells)} field(s)",
                )
        unit = _row(path, number, columns, cells, "\\" in line)
        if unit is not None:
            yield unit


def _row(
    path: Path, number: int, columns: list[str], cells: list[str], escaped: bool = True
) -> TranslationUnit | None:
    while len(cells) > len(columns) and not cells[-1].strip():
        cells = cells[:-1]  # trailing empty fields, as spreadsheets write them
    if len(cells) != len(columns):
        raise located(path, number, f"expected {len(columns)} fields, found {len(cells)}")
    # (a line without a backslash has nothing to unescape)
    values = dict(zip(columns, map(unescape, cells) if escaped else cells, strict=True))
    bead = values.pop("bead", "").strip()
    if bead and _BEAD.match(bead) and "0" in bead.split("-"):
        return None  # a one-sided bead: no pair to keep
    zh, en = values.pop("zh").strip(), values.pop("en").strip()
    if not zh or not en:
        raise located(path, number, f"empty {'zh' if not zh else 'en'} field")
    fields: dict = {"zh": zh, "en": en}
    props: dict[str, str] = {}
    if bead:
        props["bead"] = bead
    for name, raw in values.items():
        value = raw.strip()
        if not value:
            continue
        if name == "doc":
            fields["doc"] = value
        elif name == "date":
            try:
                fields["date"] = parse_date(value)
            except ValueError:
                raise located(path, number, f"bad date {value!r}") from None
        elif name == "confidence":
            try:
                conf = float(value)
            except ValueError:
                conf = -1.0
            if not 0.0 <= conf <= 1.0:
                raise located(path, number, f"bad confidence {value!r} (a number in [0, 1])")
            fields["confidence"] = conf
        elif name == "position":
            if not value.isdigit():
                raise located(path, number, f"bad position {value!r} (a whole number)")
            fields["position"] = int(value)
        elif name == "origin":
            if value not in ORIGINS:
                raise located(path, number, f"bad origin {value!r} (one of {', '.join(ORIGINS)})")
            fields["origin"] = value
        else:
            props[name] = value
    return TranslationUnit(**fields, props=props)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return escape(str(value))


def write(units: Iterable[TranslationUnit], path: Path, **options: object) -> int:
    """Write units as TSV with a header; returns the number written.

    Options: ``bom`` (bool, default False) writes a UTF-8 BOM for spreadsheet programs.
    """
    unknown = set(options) - {"bom"}
    if unknown:
        raise TypeError(f"tsv: unknown option(s) {sorted(unknown)}")
    n = 0
    with Path(path).open(
        "w", encoding="utf-8-sig" if options.get("bom") else "utf-8", newline="\n"
    ) as f:
        f.write("\t".join(COLUMNS) + "\n")
        for u in units:
            row = (u.zh, u.en, u.doc, u.date, u.confidence, u.position, u.origin)
            f.write("\t".join(_cell(v) for v in row) + "\n")
            n += 1
    return n
