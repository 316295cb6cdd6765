"""Tab-separated translation units, with or without a header line.

Reading accepts:

* a header naming columns among ``zh en doc date confidence position origin``
  (``document`` is a synonym of ``doc``; a language code such as ``zh-CN``, ``EN_gb`` or
  a name such as ``Chinese``, ``英文`` names ``zh`` or ``en``; any other named column is
  kept in ``TranslationUnit.props``) — it must name both ``zh`` and ``en``;
* no header and two columns: ``zh``, ``en`` (a first row with Chinese only in the second
  column raises :class:`~tmtool.errors.FormatError`: the columns are the other way round);
* the aligner's output ``zh, en, confidence, document, bead`` (with its header, or
  without one when the third column is a number and the fifth a bead like ``1-2`` or,
  as ``tmtool align --format tsv`` writes it, ``[3]:[3, 4]``); one-sided beads (``0-1``,
  ``1-0``, ``[]:[5]``, ``[4]:[]``) carry no pair and are skipped.

Fields escape ``\\t``, ``\\n``, ``\\r`` and ``\\\\`` with a backslash; any other
backslash is kept as it is. UTF-8, with or without a BOM. Blank lines are skipped.
A bad row (wrong number of fields, an empty side, a confidence outside [0, 1], a bad
date, position or origin, bytes that are not UTF-8) raises
:class:`~tmtool.errors.FormatError` ``file:line: …``; so does a first line with a NUL
byte (binary data) or a UTF-16 byte-order mark. A file with no line but blank ones raises
:class:`~tmtool.errors.EmptyInputError` (a header alone is an empty table, not an error).

Writing produces a header ``zh en doc date confidence position origin`` and escaped
fields; empty values are empty fields.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tmtool.errors import EmptyInputError
from tmtool.formats.base import ORIGINS, check_readable, located, parse_date, parse_position
from tmtool.formats.tmx import classify_lang
from tmtool.records import Skipped, TranslationUnit
from tmtool.text.script import has_han

COLUMNS = ("zh", "en", "doc", "date", "confidence", "position", "origin")
ALIGNER_COLUMNS = ("zh", "en", "confidence", "document", "bead")
_SYNONYMS = {"document": "doc"}
# a bead as sentence counts (``1-2``) or as the aligner writes it, sentence indices
# (``[3]:[3, 4]``); one-sided when a count is 0 or a list is empty
_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,4})*$")  # a language tag: zh-cn, en_gb
_BEAD = re.compile(r"^(?:\d+-\d+|\[[\d, ]*\]:\[[\d, ]*\])$")
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


def _decode(path: Path, number: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if number == 1 and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise located(
                path,
                number,
                "UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8",
            ) from None
        raise located(
            path, number, f"not UTF-8 (byte {raw[exc.start]:#04x} at column {exc.start + 1})"
        ) from None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line, decoded as UTF-8 (a leading BOM dropped)."""
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield number, _decode(path, number, raw).rstrip("\r\n")


def _check_text(path: Path, number: int, line: str) -> None:
    """The first line of a file: a NUL byte means binary data, which no TSV holds."""
    if "\x00" in line:
        raise located(path, number, "binary data (a NUL byte), not a tab-separated text file")
    if "\r" in line:  # (a line's own CRLF or CR end is gone: this one holds the next lines)
        raise located(
            path, number, "lines end in CR only (classic Mac); save the file with LF line ends"
        )


def _empty(path: Path) -> EmptyInputError:
    return EmptyInputError(f"{path}: the file is empty (no header and no units)")


_LANGUAGE_NAMES = {
    "chinese": "zh",
    "中文": "zh",
    "汉语": "zh",
    "english": "en",
    "英文": "en",
    "英语": "en",
}


def _column_name(cell: str) -> str:
    """A header cell as a column name: ``document`` is ``doc``; a language code (``zh-CN``,
    ``EN_gb``, ``zho``) or name (``Chinese``, ``英文``) is ``zh`` or ``en``."""
    name = cell.strip().lower()
    name = _SYNONYMS.get(name) or _LANGUAGE_NAMES.get(name) or name
    if name not in ("zh", "en") and len(name) <= 16 and _CODE.match(name):
        name = classify_lang(name)[0] or name
    return name


def _header(cells: list[str]) -> list[str] | None:
    names = [_column_name(c) for c in cells]
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


def _columns(path: Path, number: int, cells: list[str]) -> tuple[list[str], bool]:
    """The columns that the first non-blank line sets, and whether it is a header."""
    columns = _header(cells)
    if columns is not None:
        return columns, True
    if len(cells) == 2:
        if has_han(cells[1]) and not has_han(cells[0]):
            raise located(
                path,
                number,
                "the first column holds no Chinese and the second does: without a header the "
                "columns are zh<TAB>en; add a header line en<TAB>zh",
            )
        return ["zh", "en"], False
    if _is_aligner_row(cells):
        return ["zh", "en", "confidence", "doc", "bead"], False
    raise located(
        path,
        number,
        f"expected a header naming zh and en columns, or two columns zh<TAB>en; "
        f"found {len(cells)} field(s)",
    )


def read(path: Path) -> Iterator[TranslationUnit | Skipped]:
    """Stream the translation units of a TSV file (see the module docstring), and a
    :class:`~tmtool.records.Skipped` for each one-sided bead."""
    path = Path(path)
    check_readable(path)
    layout: _Layout | None = None
    for number, line in _lines(path):
        if not line.strip():
            continue
        cells = line.split("\t")
        if layout is None:
            _check_text(path, number, line)
            columns, is_header = _columns(path, number, cells)
            layout = _layout(tuple(columns))
            if is_header:
                continue
        fields = _fields(path, number, layout, cells, "\\" in line)
        if fields is None:
            yield Skipped()
        else:
            zh, en, doc, date, confidence, position, origin, props = fields
            yield TranslationUnit(
                zh=zh,
                en=en,
                doc=doc,
                position=position,
                date=date,
                origin=origin or "imported",
                confidence=confidence,
                props=props or {},
            )
    if layout is None:
        raise _empty(path)


_BLOCK = 1 << 21  # bytes of lines per block (about 4,000 news pairs of 500 bytes)


@dataclass(frozen=True)
class TsvBlock:
    """Whole lines of a TSV file, from line ``first`` on, parsed by :meth:`parse` where an
    import prepares them (a worker process: see :class:`tmtool.tm.columns.UnitBatch`)."""

    path: Path
    columns: tuple[str, ...]
    first: int
    data: bytes

    def parse(self) -> dict[str, Any]:
        """The units of the block by column, named as :class:`tmtool.tm.columns.UnitColumns`
        names them (None: no such column in the file); a bad line raises ``file:line: …``."""
        path, data = self.path, self.data
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            start = data.rfind(b"\n", 0, exc.start) + 1
            number = self.first + data.count(b"\n", 0, start)
            _decode(path, number, data[start : data.find(b"\n", exc.start) % (len(data) + 1)])
            raise  # (_decode raises for the line)
        layout = _layout(self.columns)
        zh: list[str] = []
        en: list[str] = []
        doc, date, confidence, position, origin, props = [], [], [], [], [], []
        number = self.first - 1
        skipped = 0
        for line in text.split("\n"):
            number += 1
            if "\r" in line:
                line = line.rstrip("\r")
            if not line or (line.isspace()):
                continue
            fields = _fields(path, number, layout, line.split("\t"), "\\" in line)
            if fields is None:
                skipped += 1
                continue
            zh.append(fields[0])
            en.append(fields[1])
            doc.append(fields[2])
            date.append(fields[3])
            confidence.append(fields[4])
            position.append(fields[5])
            origin.append(fields[6] or "imported")
            props.append(json.dumps(fields[7], ensure_ascii=False) if fields[7] else None)
        return dict(
            zh=zh,
            en=en,
            doc=doc if layout.doc is not None else None,
            position=position if layout.position is not None else None,
            date=date if layout.date is not None else None,
            origin=origin if layout.origin is not None else None,
            confidence=confidence if layout.confidence is not None else None,
            props=props if layout.has_props else None,
            skipped=skipped,
        )


def read_blocks(path: Path, size: int = _BLOCK) -> Iterator[TsvBlock]:
    """The lines of a TSV file in blocks of about ``size`` bytes cut at line ends, for an
    import that parses them in parallel (:meth:`TsvBlock.parse`; units as :func:`read`).

    The first non-blank line (the header, or the first record that sets the columns) is
    read here, so a file in no TSV layout fails at once.
    """
    path = Path(path)
    check_readable(path)
    with path.open("rb") as f:
        number = 0
        for raw in f:
            number += 1
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            line = _decode(path, number, raw).rstrip("\r\n")
            if line.strip():
                _check_text(path, number, line)
                columns, is_header = _columns(path, number, line.split("\t"))
                if not is_header:
                    yield TsvBlock(path, tuple(columns), number, raw)
                break
        else:
            raise _empty(path)
        number += 1
        rest = b""
        while data := f.read(size):
            if rest:
                data = rest + data
            cut = data.rfind(b"\n") + 1
            if not cut:
                rest = data
                continue
            rest = data[cut:]
            yield TsvBlock(path, tuple(columns), number, data[:cut])
            number += data.count(b"\n", 0, cut)
        if rest:
            yield TsvBlock(path, tuple(columns), number, rest)


_KNOWN = frozenset(("zh", "en", "doc", "date", "confidence", "position", "origin", "bead"))


@dataclass(frozen=True)
class _Layout:
    """Where the fields of a row are, for a file's columns."""

    width: int
    zh: int
    en: int
    bead: int | None
    doc: int | None
    date: int | None
    confidence: int | None
    position: int | None
    origin: int | None
    others: tuple[tuple[int, str], ...]  # (index, name) of every other column, in order
    has_props: bool


@functools.cache
def _layout(columns: tuple[str, ...]) -> _Layout:
    at = {name: i for i, name in enumerate(columns)}
    return _Layout(
        len(columns),
        at["zh"],
        at["en"],
        at.get("bead"),
        at.get("doc"),
        at.get("date"),
        at.get("confidence"),
        at.get("position"),
        at.get("origin"),
        tuple((i, name) for i, name in enumerate(columns) if name not in ("zh", "en", "bead")),
        "bead" in at or any(name not in _KNOWN for name in columns),
    )


def _fields(
    path: Path, number: int, layout: _Layout, cells: list[str], escaped: bool = True
) -> tuple[Any, ...] | None:
    """(zh, en, doc, date, confidence, position, origin, props) of a row, or None for a
    one-sided bead; a bad row raises ``file:line: …``."""
    if len(cells) != layout.width:
        while len(cells) > layout.width and not cells[-1].strip():
            cells = cells[:-1]  # trailing empty fields, as spreadsheets write them
        if len(cells) != layout.width:
            raise located(path, number, f"expected {layout.width} fields, found {len(cells)}")
    if escaped:  # (a line without a backslash has nothing to unescape)
        cells = [unescape(c) for c in cells]
    bead = cells[layout.bead].strip() if layout.bead is not None else ""
    if bead and _BEAD.match(bead) and ("[]" in bead or "0" in bead.split("-")):
        return None  # a one-sided bead: no pair to keep
    zh, en = cells[layout.zh].strip(), cells[layout.en].strip()
    if not zh or not en:
        raise located(path, number, f"empty {'zh' if not zh else 'en'} field")
    doc = date = confidence = position = origin = None
    props: dict[str, str] | None = {"bead": bead} if bead else None
    for i, name in layout.others:
        value = cells[i].strip()
        if not value:
            continue
        if name == "doc":
            doc = value
        elif name == "date":
            try:
                date = parse_date(value)
            except ValueError:
                raise located(path, number, f"bad date {value!r}") from None
        elif name == "confidence":
            try:
                confidence = float(value)
            except ValueError:
                confidence = -1.0
            if not 0.0 <= confidence <= 1.0:
                raise located(path, number, f"bad confidence {value!r} (a number in [0, 1])")
        elif name == "position":
            position = parse_position(value)
            if position is None:
                raise located(path, number, f"bad position {value!r} (a whole number)")
        elif name == "origin":
            if value not in ORIGINS:
                raise located(path, number, f"bad origin {value!r} (one of {', '.join(ORIGINS)})")
            origin = value
        else:
            if props is None:
                props = {}
            props[name] = value
    return zh, en, doc, date, confidence, position, origin, props


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
