"""Load any supported document as text, and find the Chinese–English pairs in a folder.

``load_text`` picks the reader by file extension, so the aligner and the CLI can take a
plain text file, a saved news page or a Word file alike. ``pair_documents`` implements the
naming convention of the corpus and of translators' folders: ``STEM.zh`` next to
``STEM.en``, optionally with a format extension (``STEM.zh.txt``, ``STEM.en.html``,
``STEM.zh.docx`` …). The two sides of a pair may be in different formats.
``document_dates`` reads the optional ``meta.tsv`` of such a folder, so a TM built from it
records when each document was published.
"""

from __future__ import annotations

import re
from pathlib import Path

from tmtool.errors import FormatError, InputError

__all__ = [
    "FORMATS",
    "LANGS",
    "META_FILE",
    "document_dates",
    "document_format",
    "load_text",
    "pair_documents",
]

# extension (lower case, without the dot) → reader name
FORMATS: dict[str, str] = {
    "": "text",
    "txt": "text",
    "zh": "text",
    "en": "text",
    "html": "html",
    "htm": "html",
    "docx": "docx",
}
LANGS = ("zh", "en")
META_FILE = "meta.tsv"
_STEM_COLUMNS = ("id", "stem", "doc", "document")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:]+Z?)?")
_PAIR_NAME = re.compile(r"^(?P<stem>.+)\.(?P<lang>zh|en)(?:\.(?P<ext>txt|html|htm|docx))?$", re.I)


def is_document_date(text: str) -> bool:
    """Whether ``text`` is a publication date tmtool records: a real day ``YYYY-MM-DD`` in
    ASCII digits, optionally with a valid time (``2024-02-19T08:30``, ``… 08:30:00Z``)."""
    if not _DATE.fullmatch(text):
        return False
    from datetime import datetime

    try:
        datetime.fromisoformat(text.removesuffix("Z"))
    except ValueError:
        return False
    return True


def document_format(path: str | Path) -> str:
    """``"text"``, ``"html"`` or ``"docx"`` for a file name; :class:`FormatError` otherwise."""
    if str(path) == "-":
        return "text"
    ext = Path(path).suffix.lower().lstrip(".")
    try:
        return FORMATS[ext]
    except KeyError:
        known = ", ".join(f".{e}" for e in FORMATS if e) + " or no extension"
        raise FormatError(f"{path}: unsupported file type .{ext} (tmtool reads {known})") from None


def load_text(path: str | Path) -> str:
    """The text of a document: plain text in any encoding ``read_text`` detects, the article
    of an HTML page (one paragraph per line, blank lines between), or the body of a .docx.
    """
    kind = document_format(path)
    if kind == "text":
        from tmtool.ingest.read import read_text

        return read_text(path)
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if kind == "html":
        from tmtool.ingest.html import extract_article

        try:
            return extract_article(path.read_bytes())
        except (FormatError, InputError) as exc:
            raise type(exc)(f"{path}: {exc}") from None
    from tmtool.ingest.docx import read_docx

    return read_docx(path)


def pair_documents(folder: str | Path) -> list[tuple[str, Path, Path]]:
    """``(stem, zh_path, en_path)`` for every document pair in ``folder`` (not recursive), by stem.

    Files whose names do not follow ``STEM.zh[.EXT]`` / ``STEM.en[.EXT]`` are ignored
    (README, manifests, subfolders). Raises :class:`InputError` when the folder does not
    exist, holds no pair, or holds a file without its other side; :class:`FormatError` when a
    stem has two files for the same language (``a.zh.txt`` and ``a.zh.html``).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    sides: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.iterdir()):
        m = _PAIR_NAME.match(path.name)
        if not m or not path.is_file():
            continue
        stem, lang = m.group("stem"), m.group("lang").lower()
        have = sides.setdefault(stem, {})
        if lang in have:
            raise FormatError(
                f"{folder}: two {lang} files for {stem}: {have[lang].name} and {path.name}"
            )
        have[lang] = path
    unpaired = sorted(p.name for s in sides.values() if len(s) == 1 for p in s.values())
    if unpaired:
        raise InputError(
            f"{folder}: unpaired file(s) {', '.join(unpaired)}; "
            "each STEM.zh[.EXT] needs a STEM.en[.EXT] beside it and vice versa"
        )
    if not sides:
        raise InputError(f"{folder}: no document pairs (expected STEM.zh[.EXT] and STEM.en[.EXT])")
    return [(stem, s["zh"], s["en"]) for stem, s in sorted(sides.items())]


def document_dates(folder: str | Path) -> dict[str, str]:
    """Publication date per stem from the folder's ``meta.tsv``, or ``{}`` when it has none.

    The file is tab-separated with a header naming a stem column (``id``, ``stem``, ``doc``
    or ``document``) and a ``date`` column (YYYY-MM-DD); other columns are ignored, as are
    rows with an empty date. A header without those columns means the file is not document
    metadata and is ignored; a malformed date raises :class:`FormatError` with its line.
    """
    path = Path(folder) / META_FILE
    if not path.is_file():
        return {}
    from tmtool.errors import EmptyInputError
    from tmtool.ingest.read import read_text

    try:
        lines = read_text(path).splitlines()
    except EmptyInputError:
        return {}
    header = [cell.strip().lower() for cell in lines[0].split("\t")]
    stem_col = next((header.index(c) for c in _STEM_COLUMNS if c in header), None)
    if stem_col is None or "date" not in header:
        return {}
    date_col = header.index("date")
    dates: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) <= max(stem_col, date_col):
            continue
        stem, date = cells[stem_col].strip(), cells[date_col].strip()
        if not stem or not date:
            continue
        if not is_document_date(date):
            raise FormatError(f"{path}:{number}: date {date!r} is not YYYY-MM-DD")
        dates[stem] = date
    return dates
