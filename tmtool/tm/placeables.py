"""Placeables: carry new quantities of a query into a fuzzy match's target.

When a query and a TM source differ only in quantities (numbers, percentages, dates,
years, ordinals, times), the TM target is rewritten with the query's values, each written
in the target's own conventions: ``73.9万`` in a Chinese query becomes ``739,000`` in an
English target that wrote ``652,000``, ``1.28 billion`` stays in billions, ``February 19``
becomes ``March 5``, ``6.2 percent`` keeps the word *percent*. The result is marked as
adapted by the caller; anything that cannot be placed with certainty gives ``None``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import TYPE_CHECKING

from tmtool.text.number_words import chinese_numeral, english_number_words
from tmtool.text.script import detect_lang, is_cjk
from tmtool.text.tokens import match_tokens
from tmtool.tm.prepare import fast_fold, form_tokens

if TYPE_CHECKING:
    from tmtool.text.numbers import Quantity

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_MASK = "\ue000"
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两半")
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion trillion first second third fourth fifth sixth "
    "seventh eighth ninth tenth eleventh twelfth half quarter percent a.m p.m noon midnight "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


# Every Chinese character of tmtool.text.numbers (its patterns, unit and stop-word tables)
# and its folded form: a character outside this set is never inside a quantity
# (tests/tm/test_placeables.py keeps the two in step).
_QUANTITY_HAN = frozenset(
    "〇一七万三上下不世业两个中为之九乱了事二五亚些交产亩亮人亿代令件企伏众会位体余作"
    "供侧倍候傍元兆先光克全八公六关内农凌几分刊划列初到刻前功加化区十千升午半卡厦厮口"
    "只台号名后吨员周品售嘴四地场坑坡型堰增多夜大天失好姓嫂子季学宫家容寨将小尚就层届"
    "岁岗岭岸峡川州工差市帕带常幅年店度座建式彩征待心忍态性息意成户所手扩批把报拜排接"
    "提揽支放政效散数整新方旁无日早时明星是晚晨最月望期末本机条极果架栋栖桥梯楼次款死"
    "段每氧水求江池沙沟海清湖满点焦熟物独率球瓦生用番百盖盘盛盼碳礼票离种秒税空立站第"
    "米糟系约级纪线统绩美翻翼老者至舌艘色节花薪装要覆规角计议象货赛起超足距路辆边达过"
    "近连速逾郎部都里重量金鑫钟长门间限院难零面页顷项颜饼馆首高髦龙"
)


def may_differ_in_quantities(
    query: str, source: str, *, query_form: str | None = None, source_form: str | None = None
) -> bool:
    """A cheap necessary condition for :func:`adapt`: some differing token looks numeric,
    and no differing token is a Chinese character that no quantity holds.

    Lets a lookup skip loading the quantity parser (tens of ms in a fresh process) when
    the differences are not only quantities. ``*_form``: the texts' matching forms, when
    the caller has them (``fold(text)``).
    """
    return _may_differ(_token_diff(Counter(_tokens(query, query_form)), source, source_form))


def _token_diff(query_tokens: Counter, source: str, source_form: str | None) -> Counter:
    """The query's match tokens (counted) less those of ``source`` (negative: the source's
    surplus)."""
    diff = query_tokens.copy()
    diff.subtract(_tokens(source, source_form))
    return diff


def _may_differ(diff: Counter) -> bool:
    """:func:`may_differ_in_quantities` from the token difference."""
    if any(
        count and len(token) == 1 and is_cjk(token) and token not in _QUANTITY_HAN
        for token, count in diff.items()
    ):
        return False
    return any(count and _numeric(token) for token, count in diff.items())


def _numeric(token: str) -> bool:
    """Whether a match token may be (part of) a quantity on its own: digits, numerals, number words."""
    return any(c.isdigit() or c in _NUMERALS for c in token) or token in _NUMBER_WORDS


def _surplus_outside_quantities(diff: Counter, quantities: list[Quantity]) -> bool:
    """Whether the query holds a token more often than the source that cannot come from its
    quantities: neither numeric (:func:`_numeric`) nor a token of one of its quantities.

    The masked texts of an adaptable pair are equal, so every token the query holds more
    often lies in its quantities (or straddles one's edge, which makes it numeric). The
    query's quantities are parsed once per search (:attr:`Adapter.quantities`), the
    source's need not be.
    """
    inside = {t for q in quantities for t in match_tokens(q.text)}
    return any(
        count > 0 and token not in inside and not _numeric(token) for token, count in diff.items()
    )


def _tokens(text: str, form: str | None) -> list[str]:
    """``match_tokens(text)``, from its matching form ``form`` when given."""
    return match_tokens(text) if form is None else form_tokens(form)


_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?")


def adapt(
    query: str,
    source: str,
    target: str,
    *,
    query_form: str | None = None,
    source_form: str | None = None,
) -> str | None:
    """``target`` with the query's quantities in place of the source's, or None.

    None unless the query and source are equal once their quantities are masked, at least
    one quantity changed, and every changed quantity is found once in the target.
    ``*_form``: the matching forms (``fold``) of query and source, when the caller has them.
    """
    return Adapter(query, query_form).adapt(source, target, source_form=source_form)


class Adapter:
    """:func:`adapt` of one query to many TM matches: the query's tokens, quantities and
    masked text are found once (a lookup adapts each of the hits it shows)."""

    def __init__(self, query: str, query_form: str | None = None, lang: str | None = None) -> None:
        self.query = query
        self.tokens = Counter(_tokens(query, query_form))
        self.lang = lang or detect_lang(query)

    @functools.cached_property
    def quantities(self) -> list[Quantity]:
        """The query's quantities (parsed on first need: most hits fail the cheap checks)."""
        from tmtool.text.numbers import extract_quantities

        return extract_quantities(self.query, self.lang)

    @functools.cached_property
    def masked(self) -> str:
        """The query with its quantities masked (what an adaptable source must equal)."""
        return _masked(self.query, self.quantities)

    def adapt(self, source: str, target: str, *, source_form: str | None = None) -> str | None:
        """:func:`adapt` of this query to the TM pair ``source`` → ``target``."""
        diff = _token_diff(self.tokens, source, source_form)
        if not _may_differ(diff):
            return None
        from tmtool.text.numbers import extract_quantities

        t_lang = "en" if self.lang == "zh" else "zh"
        q_qs = self.quantities
        if not q_qs or _surplus_outside_quantities(diff, q_qs):
            return None
        s_qs = extract_quantities(source, self.lang)
        if len(q_qs) != len(s_qs):
            return None
        if self.masked != _masked(source, s_qs):
            return None
        changes = []
        for q, s in zip(q_qs, s_qs, strict=True):
            if q.kind != s.kind:
                return None
            if q.value != s.value:
                changes.append((s, q))
        if not changes:
            return None
        return _place(target, t_lang, changes)


def _place(target: str, t_lang: str, changes: list[tuple[Quantity, Quantity]]) -> str | None:
    """``target`` with each changed (source, query) quantity written over the one target
    quantity of the source's value, or None when one has no such place."""
    from tmtool.text.numbers import extract_quantities

    t_qs = extract_quantities(target, t_lang)
    used: set[int] = set()
    edits: list[tuple[int, int, str]] = []
    for s, q in changes:
        found = None
        for i, t in enumerate(t_qs):
            if (
                i not in used
                and t.kind == s.kind
                and abs(t.value - s.value) < 1e-9 * max(1.0, abs(s.value))
            ):
                found = i
                break
        if found is None:
            return None
        used.add(found)
        t = t_qs[found]
        text = render(q.value, t, t_lang)
        if text is None:
            return None
        edits.append((t.start, t.end, text))
    out = target
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
        if t_lang == "en":
            out = _agree_article(out, start, text)
    return out


_ARTICLE_RE = re.compile(r"(?<![A-Za-z'])(an?) $", re.IGNORECASE)
_VOWEL_NUMBER_RE = re.compile(r"(?:8|1[18](?!\d)|eight|eleven)", re.IGNORECASE)
"""Numbers read with a vowel first: 8…, 11 and 18 (and 11,000, 18.5), eight…, eleven."""


def _agree_article(text: str, at: int, number: str) -> str:
    """``text`` with the article right before ``number`` (placed at ``at``) made ``a`` or
    ``an`` as the number is read: an 8.1 percent rise, an eleven-day fair, a 6.2 percent."""
    m = _ARTICLE_RE.search(text, max(0, at - 4), at)
    if not m:
        return text
    article = "an" if _VOWEL_NUMBER_RE.match(number) else "a"
    if m[1][0].isupper():
        article = article.capitalize()
    return text[: m.start(1)] + article + text[m.end(1) :]


def _masked(text: str, quantities: list[Quantity]) -> str:
    out = text
    for q in sorted(quantities, key=lambda q: q.start, reverse=True):
        out = out[: q.start] + _MASK + out[q.end :]
    return fast_fold(out)  # (== fold(out); the mask makes it non-ASCII, fold's slow path)


_EXACT = float(2**53)  # from here on a float holds no exact whole number


def format_number(value: float, commas: bool) -> str:
    """A number with as few decimals as it needs (at most 4), with thousands commas if asked."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}" if commas else str(round(value))
    text = f"{value:,.4f}" if commas else f"{value:.4f}"
    return text.rstrip("0").rstrip(".")


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def render(value: float, like: Quantity, lang: str) -> str | None:
    """``value`` written the way the target quantity ``like`` is written, or None."""
    kind = like.kind
    if kind == "date":
        month, day = divmod(round(value), 100)
        return _render_date(month, day, like, lang)
    if kind == "month":
        month = round(value)
        if not 1 <= month <= 12:
            return None
        if _MONTH_COUNT_RE.search(like.text):
            return _render_month_count(month, like.text, lang)
        if lang == "zh":
            return (
                re.sub(r"\d+", str(month), like.text, count=1)
                if re.search(r"\d", like.text)
                else None
            )
        return _month_name(month, like.text)
    if kind == "time":
        hour, minute = divmod(round(value), 100)
        return _render_time(hour, minute, like, lang)
    if kind == "year":
        year = round(value)
        if re.search(r"\d0s$|0年代$", like.text) and year % 10:
            return None  # (a decade: the 1950s)
        if re.fullmatch("[〇零一二三四五六七八九]{4}年?", like.text) and 1000 <= year <= 9999:
            return "".join("〇一二三四五六七八九"[int(d)] for d in str(year)) + like.text[4:]
    digits = list(_DIGITS.finditer(like.text))
    if not digits and kind in ("number", "ordinal"):
        return _render_words(value, like, lang)
    if len(digits) != 1:
        return None
    m = digits[0]
    shown = float(m.group().replace(",", ""))
    if shown == 0 or abs(value) >= _EXACT:
        return None
    scale = like.value / shown
    new = value / scale
    if kind == "ordinal" and abs(new - round(new)) > 1e-9:
        return None
    if lang == "en" and kind == "number" and _number_agreement_changes(shown, new, like):
        return None
    commas = "," in m.group() or (
        lang == "en" and kind == "number" and abs(new) >= 10000 and "." not in m.group()
    )
    number = _digits(new, commas=commas)
    if number is None:
        return None  # 4 decimals cannot say it (0.3 people as 0万): better no adaptation
    out = like.text[: m.start()] + number + like.text[m.end() :]
    if kind == "ordinal" and lang == "en":
        out = re.sub(
            r"(\d)(st|nd|rd|th)\b", lambda g: g.group(1) + _ordinal_suffix(round(new)), out
        )
    return out


def _month_name(month: int, like: str) -> str:
    name = MONTHS[month - 1]
    for full in MONTHS:
        if like.startswith(full):
            return name + like[len(full) :]
    if re.match(r"[A-Z][a-z]{2}\.?", like):
        return (
            name[:3]
            + ("." if like[3:4] == "." and month != 5 else "")
            + like[4 if like[3:4] == "." else 3 :]
        )
    return name


def _render_date(month: int, day: int, like: Quantity, lang: str) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    text = like.text
    if lang == "zh":
        if not re.fullmatch(r"\d{1,2}月\d{1,2}日", text):
            return None
        return f"{month}月{day}日"
    m = re.fullmatch(r"([A-Z][a-z]+\.?) (\d{1,2})(st|nd|rd|th)?", text)
    if m:
        return f"{_month_name(month, m.group(1))} {day}{_ordinal_suffix(day) if m.group(3) else ''}"
    m = re.fullmatch(r"(\d{1,2}) ([A-Z][a-z]+\.?)", text)
    if m:
        return f"{day} {_month_name(month, m.group(2))}"
    return None


def _render_time(hour: int, minute: int, like: Quantity, lang: str) -> str | None:
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    text = like.text
    if lang == "en":
        m = re.fullmatch(r"\d{1,2}(?::\d{2})?\s*([ap])\.?m\.?", text, flags=re.IGNORECASE)
        if m:
            suffix = "p.m." if hour >= 12 else "a.m."
            h12 = hour - 12 if hour > 12 else (12 if hour == 0 else hour)
            return f"{h12}:{minute:02d} {suffix}" if minute else f"{h12} {suffix}"
        m = re.fullmatch(r"\d{1,2}:\d{2}", text)
        if m:
            return f"{hour}:{minute:02d}"
        return None
    m = re.fullmatch(f"({_ZH_DAY_PARTS})?(\\d{{1,2}})([时点])(?:(\\d{{1,2}})分)?", text)
    if m:
        prefix = m.group(1) or ""
        h = hour - 12 if prefix in _ZH_AFTERNOON and hour > 12 else hour
        return f"{prefix}{h}{m.group(3)}" + (f"{minute}分" if minute else "")
    return None


_ZH_DAY_PARTS = "凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜间|深夜"
_ZH_AFTERNOON = frozenset(("下午", "傍晚", "晚上", "晚间", "夜间", "深夜"))


_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_WORDS_RE = re.compile(r"([A-Za-z]+(?:-[A-Za-z]+)?)(?: (thousand|million|billion|trillion))?")
_ZH_NUMERAL = "〇零一二两三四五六七八九十百千"
_ZH_WORDS_RE = re.compile(f"(第)?([{_ZH_NUMERAL}]+)([万亿]?)")
_ZH_SCALES = {"": 1.0, "万": 1e4, "亿": 1e8}


def _number_agreement_changes(shown: float, new: float, like: Quantity) -> bool:
    """Whether an English noun counted by ``like`` would change number: one of the old
    and new counts is 1 and the other is not (``eight categories`` → ``one category``),
    which placing the number alone would get wrong. A count of millions or a unit with a
    scale word (``1 million yuan``, ``2 million yuan``) keeps its noun."""
    if abs(like.value - shown) > 1e-9 * max(1.0, abs(shown)):
        return False  # (a scaled count: 1.5 million, 2 billion)
    return (shown == 1) != (new == 1)


def _whole(value: float) -> int | None:
    return round(value) if abs(value - round(value)) < 1e-9 else None


def _render_words(value: float, like: Quantity, lang: str) -> str | None:
    """``value`` in the place of a quantity written in words (``Sixty``, ``two million``,
    ``third``, ``三``, ``两亿``, ``第三``), as news copy writes it; None when the text is no
    such number."""
    return (_render_en_words if lang == "en" else _render_zh_words)(value, like)


def _render_en_words(value: float, like: Quantity) -> str | None:
    """English: in words up to nine (to 99 at the start of a sentence, where the capital
    is kept), else in digits (``12 million``, ``15,000``, ``22nd``); the scale word stays.
    No change of a counted noun's number (:func:`_number_agreement_changes`), no *zero*."""
    text = like.text
    ordinal = like.kind == "ordinal"
    m = _EN_WORDS_RE.fullmatch(text)
    if not m or (ordinal and m[2]):
        return None
    scale_word = m[2] or ""
    scale = _EN_SCALES.get(scale_word, 1.0)
    lead = value / scale
    n = _whole(lead)
    if not ordinal and (n == 0 or _number_agreement_changes(like.value / scale, lead, like)):
        return None  # ("zero companies": news copy says "no companies")
    capital = text[0].isupper()
    if n is not None and 0 <= n <= (99 if capital else 9):
        words = english_number_words(n, ordinal=ordinal)
        if text.isupper() and len(text) > 1:
            words = words.upper()
        elif capital:
            words = words[0].upper() + words[1:]
        return words + (" " + scale_word if scale_word else "")
    if ordinal:
        return None if n is None or n < 0 else f"{n}{_ordinal_suffix(n)}"
    if scale_word == "thousand":  # (15 thousand is written 15,000)
        lead, scale_word = value, ""
    digits = _digits(lead, commas=not scale_word and abs(lead) >= 10000)
    return None if digits is None else digits + (" " + scale_word if scale_word else "")


def _render_zh_words(value: float, like: Quantity) -> str | None:
    """Chinese: in numerals up to ten and for every ordinal (第二十二届), else in digits
    (``35亿``); 万 and 亿 stay; 2 is 两 before a measure word."""
    ordinal = like.kind == "ordinal"
    m = _ZH_WORDS_RE.fullmatch(like.text)
    if not m or bool(m[1]) != ordinal or (ordinal and m[3]):
        return None
    lead = value / _ZH_SCALES[m[3]]
    n = _whole(lead)
    if n is not None and 0 <= n <= (9999 if ordinal else 10):
        numeral = chinese_numeral(n)
        if numeral == "二" and not ordinal and m[2] != "二":
            numeral = "两"  # (before a measure word: 两座, 两亿)
        return (m[1] or "") + numeral + m[3]
    if ordinal:
        return None
    digits = _digits(lead, commas=False)
    return None if digits is None else digits + m[3]


def _digits(value: float, *, commas: bool) -> str | None:
    """``value`` in digits (:func:`format_number`), or None when that cannot state it:
    beyond a float's whole numbers, or off by more than a millionth in 4 decimals."""
    if abs(value) >= _EXACT:
        return None
    text = format_number(value, commas)
    if abs(float(text.replace(",", "")) - value) > 1e-6 * abs(value):
        return None
    return text


_MONTH_COUNT_RE = re.compile(r"\bmonths\b|个月|^前", re.IGNORECASE)
"""A months quantity that counts months (``first 10 months``, ``前10个月``), not names one."""
_COUNT_WORD_RE = re.compile(r"\b[A-Za-z]+\b(?= months)", re.IGNORECASE)
_ZH_COUNT_RE = re.compile(f"(?<=前)[{_ZH_NUMERAL}]+")


def _render_month_count(month: int, like: str, lang: str) -> str | None:
    """``first 10 months`` with ``month`` months, the count written as it was (digits, a
    word with its capital, a Chinese numeral), or None."""
    if re.search(r"\d", like):
        return re.sub(r"\d+", str(month), like, count=1)
    if lang == "en":
        m = _COUNT_WORD_RE.search(like)
        if not m:
            return None
        word = english_number_words(month)
        word = word.capitalize() if m.group()[0].isupper() else word
        return like[: m.start()] + word + like[m.end() :]
    m = _ZH_COUNT_RE.search(like)
    if not m:
        return None
    return like[: m.start()] + chinese_numeral(month) + like[m.end() :]
