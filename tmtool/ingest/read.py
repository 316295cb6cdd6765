"""Read a text file (or standard input) into ``str``, whatever its encoding.

Detection, in order:

1. A byte-order mark: UTF-8, UTF-32 LE/BE, UTF-16 LE/BE.
2. NUL bytes: UTF-16 without a BOM when they sit regularly on one side of ASCII
   characters, else a binary file. Other control bytes (beyond tab, newline, carriage
   return, form feed, escape) above a small share also mean a binary file.
3. Strict UTF-8, then strict GB18030 when the bytes look like GB (their double-byte
   characters use trail bytes 0xA1–0xFE, as GB2312 does), then strict Big5 (whose trail
   bytes often fall in 0x40–0x7E), then GB18030 anyway.
4. charset-normalizer as the last resort (Latin-1/cp1252 English and the like).

Newlines are normalized to ``\\n`` and the BOM is removed. An empty or whitespace-only
input raises :class:`~tmtool.errors.EmptyInputError`; binary or undecodable bytes raise
:class:`~tmtool.errors.EncodingError`; both messages name the file.
"""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

from tmtool.errors import EmptyInputError, EncodingError, InputError

STDIN = "-"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_RE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_HIGH_PAIR_RE = re.compile(rb"[\x81-\xfe][\x40-\xfe]")


def _name(path: str | Path) -> str:
    return "standard input" if str(path) == STDIN else str(path)


def read_bytes(path: str | Path) -> bytes:
    """The raw bytes of ``path``, or of standard input for ``"-"``."""
    if str(path) == STDIN:
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a text file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on one side of mostly-ASCII text, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    half = len(data) // 2
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_gb(data: bytes) -> bool:
    """True when double-byte characters use GB2312-style trail bytes (0xA1–0xFE) mostly."""
    pairs = _HIGH_PAIR_RE.findall(data)
    if not pairs:
        return True
    low_trail = sum(1 for p in pairs if p[1] < 0xA1)
    return low_trail <= 0.1 * len(pairs)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode ``data`` (see the module docstring); ``name`` is used in error messages."""
    if not data:
        raise EmptyInputError(f"{name} is empty")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise EncodingError(
                    f"{name} starts with a {encoding} byte-order mark but is not valid {encoding}"
                )
            break
    if text is None:
        if b"\x00" in data:
            encoding16 = _utf16_without_bom(data)
            text = _strict(data, encoding16) if encoding16 else None
            if text is None:
                raise EncodingError(f"{name} looks like a binary file, not text")
        elif len(_CONTROL_RE.findall(data[:65536])) > max(2, len(data[:65536]) // 100):
            raise EncodingError(f"{name} looks like a binary file, not text")
    if text is None:
        text = _strict(data, "utf-8")
    if text is None and _looks_gb(data):
        text = _strict(data, "gb18030")
    if text is None:
        text = _strict(data, "big5") or _strict(data, "big5hkscs") or _strict(data, "gb18030")
    if text is None:
        text = _fallback(data)
    if text is None:
        raise EncodingError(_undecodable_message(data, name))
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError(f"{name} holds only whitespace")
    return text


def _undecodable_message(data: bytes, name: str) -> str:
    """Say where a mostly-UTF-8 file breaks, or that no encoding fits."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        replaced = data.decode("utf-8", errors="replace").count("\ufffd")
        if replaced <= max(3, len(data) // 1000):
            line = data.count(b"\n", 0, exc.start) + 1
            return (
                f"{name} is UTF-8 but has invalid bytes at byte {exc.start} (line {line}); "
                "fix or re-save it as UTF-8"
            )
    return (
        f"{name} is not text in an encoding tmtool can read "
        "(tried UTF-8, UTF-16, GB18030, Big5); save it as UTF-8"
    )


def _fallback(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return _strict(data, best.encoding)


def read_text(path: str | Path) -> str:
    """The text of ``path`` (``"-"`` is standard input), decoded as the module docstring says."""
    return decode_bytes(read_bytes(path), _name(path))
