"""Moses parallel text: two line-aligned UTF-8 files ``x.zh`` and ``x.en``.

Line *i* of one file translates line *i* of the other. Reading takes either file's
path (or the common stem ``x``) and finds its partner next to it; files with different
line counts raise :class:`~tmtool.errors.FormatError` naming both counts. Pairs where
either line is blank are skipped (Moses corpora use empty lines for unaligned text).
Writing puts one segment per line: a newline or tab inside a segment becomes a space,
since the format has no escape for it, and the (invisible) placeholders of inline tags read from
TMX are left out: MT training and scoring want the words only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import zip_longest
from pathlib import Path

from tmtool.formats.base import check_readable, located
from tmtool.formats.tmx import strip_placeholders
from tmtool.records import Skipped, TranslationUnit

SIDES = ("zh", "en")


def pair_paths(path: str | Path) -> tuple[Path, Path]:
    """``(x.zh, x.en)`` for ``x.zh``, ``x.en`` or ``x``."""
    path = Path(path)
    stem = path.with_suffix("") if path.suffix.lower() in (".zh", ".en") else path
    return Path(f"{stem}.zh"), Path(f"{stem}.en")


def _lines(path: Path) -> Iterator[str]:
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise located(path, number, f"not UTF-8 (byte {raw[exc.start]:#04x})") from None


def _count_lines(path: Path) -> int:
    n = 0
    last = b"\n"
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


def read(path: Path) -> Iterator[TranslationUnit | Skipped]:
    """Stream the pairs of ``x.zh``/``x.en`` (a :class:`~tmtool.records.Skipped` for a line
    pair with one blank side); unequal line counts raise FormatError up front."""
    zh_path, en_path = pair_paths(path)
    check_readable(zh_path)
    check_readable(en_path)
    zh_count, en_count = _count_lines(zh_path), _count_lines(en_path)
    if zh_count != en_count:
        raise located(
            zh_path,
            None,
            f"{zh_count} lines, but {en_path} has {en_count}: Moses files must be line-aligned",
        )
    return _pairs(zh_path, en_path)


def _pairs(zh_path: Path, en_path: Path) -> Iterator[TranslationUnit | Skipped]:
    for number, (zh, en) in enumerate(zip_longest(_lines(zh_path), _lines(en_path)), start=1):
        if zh is None or en is None:  # a file changed while we read it
            raise located(zh_path if zh is None else en_path, number, "file ended early")
        zh, en = zh.strip(), en.strip()
        if zh and en:
            yield TranslationUnit(zh=zh, en=en)
        elif zh or en:
            yield Skipped()  # (a line pair blank on both sides is no record)


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines()) if text else ""


def write(units: Iterable[TranslationUnit], path: Path, **options: object) -> int:
    """Write ``x.zh`` and ``x.en`` (``path`` may be either file or the stem); returns the count."""
    if options:
        raise TypeError(f"moses: unknown option(s) {sorted(options)}")
    zh_path, en_path = pair_paths(path)
    n = 0
    with (
        zh_path.open("w", encoding="utf-8", newline="\n") as fz,
        en_path.open("w", encoding="utf-8", newline="\n") as fe,
    ):
        for u in units:
            fz.write(_flat(strip_placeholders(u.zh)) + "\n")
            fe.write(_flat(strip_placeholders(u.en)) + "\n")
            n += 1
    return n
