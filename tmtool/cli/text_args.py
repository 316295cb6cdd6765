"""Text arguments that are not UTF-8: one readable error instead of a crash.

Python hands a command line's undecodable bytes to the program as lone surrogates
(``\\udcff`` for byte 0xff: surrogateescape); they can be neither searched in the TM's UTF-8
text nor printed. File names keep them (a Linux path may be any bytes); the words a user
searches for, filters by or records are checked here. Imported by the typer-free lookup
path too, so it imports only what that path loads anyway.
"""

from __future__ import annotations

from tmtool.errors import InputError
from tmtool.text.script import lone_surrogate


def check_text(**values: str | None) -> None:
    """Raise :class:`InputError` naming the first argument (by its option name) that holds
    a lone surrogate, i.e. was not UTF-8 on the command line."""
    for name, value in values.items():
        if value is None:
            continue
        m = lone_surrogate(value)
        if m is None:
            continue
        code = ord(m.group())
        what = (
            f"byte {code - 0xDC00:#04x}"
            if 0xDC80 <= code <= 0xDCFF
            else f"lone surrogate U+{code:04X}"
        )
        raise InputError(
            f"{_label(name)} is not UTF-8 text ({what} at character {m.start() + 1}); "
            "set the terminal to UTF-8 or retype it"
        )


def check_not_blank(**values: str | None) -> None:
    """Raise :class:`InputError` naming the first argument that is empty or only spaces (an
    empty lookup would otherwise print nothing and succeed)."""
    for name, value in values.items():
        if value is not None and not value.replace("\x00", "").strip():
            raise InputError(f"{_label(name)} is empty: give the text to look up")


def _label(name: str) -> str:
    """How the user typed the argument: ``TEXT`` for an argument, ``--doc`` for an option."""
    return name if name.startswith("-") else name.replace("_", "-").upper()
