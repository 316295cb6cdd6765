"""Numbers written out in words, as news copy writes them: English cardinals and ordinals
to 99 (``twenty-five``, ``twenty-first``) and Chinese numerals to 9999 (``一百零五``).

The inverse of the readers in :mod:`tmtool.text.numbers`; placeables
(:mod:`tmtool.tm.placeables`) use them to write a new quantity the way a target wrote the
old one.
"""

from __future__ import annotations

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_ONES = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ZH_DIGITS = "零一二三四五六七八九"


def english_number_words(n: int, *, ordinal: bool = False) -> str:
    """``n`` (0–99) in words, as news copy writes it: ``twenty-five``, ``twenty-first``."""
    if not 0 <= n <= 99:
        raise ValueError(f"{n} is not between 0 and 99")
    if n < 20:
        return (_ORDINAL_ONES if ordinal else _ONES)[n]
    tens, ones = divmod(n, 10)
    if not ones:
        return _TENS[tens][:-1] + "ieth" if ordinal else _TENS[tens]
    return _TENS[tens] + "-" + (_ORDINAL_ONES if ordinal else _ONES)[ones]


def chinese_numeral(n: int) -> str:
    """``n`` (0–9999) in Chinese numerals: ``十五``, ``一百零五``, ``一千零五十``."""
    if not 0 <= n <= 9999:
        raise ValueError(f"{n} is not between 0 and 9999")
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n - 10] if n > 10 else "")
    out = []
    gap = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if gap and out:
                out.append("零")
            out.append(_ZH_DIGITS[digit] + unit)
            gap = False
        else:
            gap = True
    return "".join(out)
