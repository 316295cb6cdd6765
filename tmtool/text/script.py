"""Which script a character or a text is written in: Han ideographs versus the rest.

Astral ranges are written as ``\\U000XXXXX`` (sacrebleu's ``'\\u20000'`` bug, mjpost/sacrebleu#298,
is what happens otherwise), and the boundary characters are tested.
"""

from __future__ import annotations

import re

# Han ideographs: URO, Ext A..I, compatibility ideographs, and 〇 (U+3007, the ideographic
# zero of 二〇一九, which Chinese text uses as a digit).
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3007, 0x3007),  # 〇 ideographic number zero
    (0x3400, 0x4DBF),  # Ext A
    (0x4E00, 0x9FFF),  # URO
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2A6DF),  # Ext B
    (0x2A700, 0x2B73F),  # Ext C
    (0x2B740, 0x2B81F),  # Ext D
    (0x2B820, 0x2CEAF),  # Ext E
    (0x2CEB0, 0x2EBEF),  # Ext F
    (0x2EBF0, 0x2EE5F),  # Ext I
    (0x2F800, 0x2FA1F),  # compatibility supplement
    (0x30000, 0x3134F),  # Ext G
    (0x31350, 0x323AF),  # Ext H
)

HAN_CLASS = "".join(
    f"\\U{lo:08X}" if lo == hi else f"\\U{lo:08X}-\\U{hi:08X}" for lo, hi in HAN_RANGES
)
"""The ranges as the inside of a regex character class, for other modules' patterns."""

_HAN_RE = re.compile(f"[{HAN_CLASS}]")
_LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F\uFF21-\uFF3A\uFF41-\uFF5A]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> re.Match[str] | None:
    """Where ``text`` holds a lone surrogate, or None: undecodable bytes carried as
    surrogateescape, which UTF-8 (and so no stored text) can hold."""
    return _SURROGATE_RE.search(text)


def is_cjk(ch: str) -> bool:
    """True when ``ch`` (one character) is a Han ideograph, Extension A..I included."""
    if not ch:
        return False
    cp = ord(ch[0])
    if cp < 0x3007:
        return False
    return any(lo <= cp <= hi for lo, hi in HAN_RANGES)


def han_count(text: str) -> int:
    """How many Han ideographs ``text`` holds."""
    return len(_HAN_RE.findall(text))


def has_han(text: str) -> bool:
    """True when ``text`` holds at least one Han ideograph."""
    return _HAN_RE.search(text) is not None


def detect_lang(text: str) -> str:
    """``"zh"`` or ``"en"``, by script.

    A Han character carries about as much as a short English word, so Han characters
    count four times against Latin letters: ``据CQNEWS报道`` is Chinese, an English
    sentence quoting ``重庆`` stays English. Text with neither is ``"en"``.
    """
    han = han_count(text)
    if not han:
        return "en"
    latin = len(_LATIN_RE.findall(text))
    return "zh" if han * 4 >= latin else "en"
