"""What every exchange format shares: the ``Format`` record, error locations, dates.

A format is a pair of plain functions over :class:`~tmtool.records.TranslationUnit`:
``read(path) -> Iterator[TranslationUnit]`` (streamed, lazy) and
``write(units, path, **options) -> int`` (streamed; returns the number of units written).
Errors in the input are :class:`~tmtool.errors.FormatError` whose message starts with
``file:line:`` (``file:line:column:`` for XML) so an editor can jump to the spot.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from tmtool.errors import FormatError, InputError
from tmtool.records import TranslationUnit

Reader = Callable[[Path], Iterator[TranslationUnit]]
Writer = Callable[..., int]

ORIGINS = ("aligned", "imported", "edited")


def parse_position(value: str) -> int | None:
    """A unit's position in its document: a whole number SQLite can store (below 2**63),
    else None (``"²"`` is a digit to :meth:`str.isdigit` but not to :func:`int`)."""
    if not value.isdigit():
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number < 1 << 63 else None


@dataclass(frozen=True)
class Format:
    """One exchange format: its name, file extensions, and reader and writer functions."""

    name: str
    extensions: tuple[str, ...]
    read: Reader
    write: Writer
    description: str


def located(
    path: str | Path, line: int | None, message: str, column: int | None = None
) -> FormatError:
    """A :class:`FormatError` whose message starts with ``path:line:`` (and ``column:``)."""
    where = str(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return FormatError(f"{where}: {message}")


def check_readable(path: Path) -> None:
    """Raise :class:`InputError` when ``path`` is not a readable file."""
    if not path.exists():
        raise InputError(f"cannot read {path}: no such file")
    if path.is_dir():
        raise InputError(f"cannot read {path}: it is a directory")


_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@functools.lru_cache(maxsize=4096)
def parse_date(value: str) -> str:
    """Normalize a TMX (``20240301T120000Z``) or ISO 8601 date to tmtool's form.

    A calendar date stays ``YYYY-MM-DD``; a date with a time becomes UTC
    ``YYYY-MM-DDTHH:MM:SSZ`` (an offset is converted; no offset means UTC).
    Raises :class:`ValueError` for anything else.
    """
    text = value.strip()
    if _ISO_DATE.match(text):
        date.fromisoformat(text)  # validates month and day
        return text
    m = _TMX_DATE.match(text)
    if m:
        moment = datetime(*(int(g) for g in m.groups()), tzinfo=timezone.utc)
    else:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def tmx_date(value: str) -> str:
    """tmtool's (or any accepted) date as TMX wants it: UTC ``YYYYMMDDThhmmssZ``."""
    norm = parse_date(value)
    if len(norm) == 10:
        return norm.replace("-", "") + "T000000Z"
    return norm.replace("-", "").replace(":", "")


def now_tmx() -> str:
    """The current UTC time in TMX form."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
