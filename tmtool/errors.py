"""The exceptions tmtool raises.

Every library error derives from :class:`TmtoolError`; the CLI turns them into one
``error: <message>`` line on stderr and exit code 1. A class's docstring is its
default message. The library never prints and never exits.
"""

from __future__ import annotations


class TmtoolError(Exception):
    """tmtool failed"""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class InputError(TmtoolError):
    """the input could not be read"""


class EncodingError(InputError):
    """the file is not text in an encoding tmtool can read"""


class EmptyInputError(InputError):
    """the input is empty"""


class FormatError(TmtoolError):
    """the file is not in the expected format"""


class StoreError(TmtoolError):
    """the translation memory could not be used"""


class SchemaError(StoreError):
    """the translation memory has a schema this version cannot read"""


class AlignmentError(TmtoolError):
    """the documents could not be aligned"""


class ScoreError(TmtoolError):
    """the translation could not be scored"""
