"""Quantities in Chinese and English news text, with canonical values, compared as multisets.

A :class:`Quantity` is a number as the sentence means it: ``73.9万`` is 739,000, ``12.8亿`` is
1.28 billion, ``百分之五`` and ``5 per cent`` are the percentage 5, ``2月19日`` and ``Feb. 19``
are the date 219 (month × 100 + day), ``下午3时30分`` and ``3:30 p.m.`` the time 1530.
Approximation words (约 余 多 逾 / about, more than, over) keep the value and set ``approx``.

Kinds: ``number``, ``percent``, ``ppoint`` (个百分点 / percentage points), ``ordinal`` (第19届,
19th, nineteenth, 一季度 / first quarter, 上半年 / first half, 二期 / second phase, 三周年 /
third anniversary), ``year``, ``date``, ``month``, ``day``, ``time``. When two texts are
compared, a ``year`` may meet a ``number`` of the same value (``2019赛季`` / ``the 2019
season``) and a ``day`` an ``ordinal`` (``9日`` / ``the 9th``); a lone 1 left over on either
side is not held against the pair (1个工作日 / one working day).

Decisions, so that only quantities count:

- The value 1 written as a word is no quantity, being as often an article or a manner of
  speaking: a lone 一 and English *one* / *a* (一些, 一起, 统一, 一体化, 一带一路, 翻一番, 一个
  → "a"), and likewise the ordinal 1 in words (第一, 一是, *first* — 首次, 率先 and "for the
  first time" translate each other without numerals). They count inside a larger numeral
  (十一, 一百, 一万, a million), before 月 or 季度 (一月, 一季度 / first quarter, first half),
  and as digits (第1, 1st). Vague amounts are no quantities either: 数百, 几十, 十几,
  hundreds of, tens of thousands; 上千 / 上万 are "over 1,000 / 10,000".
- Names, set phrases and outline numbering holding numerals are masked first: 两江新区,
  四川, 九龙坡, 三峡, 万州, 五一, 周五, 二氧化碳, 千方百计, 十分 (very), 千万 (must), （二）, 三、 …
- Ranges give the first number the unit of the second: 1至10月 is the months 1 and 10,
  3至5万 is 30,000 and 50,000, 3 to 5 percent is two percentages, November 8 to 10 a date
  and a day. 前10个月 and "the first ten months" are the months 1 and 10 too.
- 增长1.4倍 is up 140 percent; other 倍 are plain factors. Compared with English, it also
  meets "2.4 times" (what it means) and "1.4 times" (how it is often rendered).
- Areas in 亩 (mu) are usually rendered in hectares (15 mu = 1 ha): 100亩 meets "6.7 hectares"
  to the precision the English gives. A 100% left over is not held against an English side
  saying all / full / every / entire / complete / whole (100%覆盖 / full coverage).

Chinese numerals are parsed by :func:`parse_zh_numeral` (positional 十百千万亿 and digit strings
such as 二〇一九); the test suite checks it against cn2an, which is too slow to import for
every command (≈0.2 s). Every pattern is compiled once at import; extraction runs in tens of
microseconds per sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from tmtool.text.script import detect_lang

KINDS = ("number", "percent", "ppoint", "ordinal", "year", "date", "month", "day", "time")


@dataclass(frozen=True)
class Quantity:
    """One quantity: its original text and span, its canonical value and kind."""

    text: str
    value: float
    kind: str
    start: int
    end: int
    approx: bool = False
    unit: str = ""
    """An area unit that changes the figure in translation: ``mu`` (亩) or ``ha`` (公顷,
    hectares); empty otherwise (units that translate one to one need no mark)."""


@dataclass(frozen=True)
class QuantityComparison:
    """The result of comparing two multisets of quantities."""

    match: bool
    only_a: list[Quantity]
    only_b: list[Quantity]


# --------------------------------------------------------------------------- Chinese numerals

_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_ZH_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}


@lru_cache(maxsize=4096)
def parse_zh_numeral(text: str) -> float | None:
    """The value of a Chinese numeral (三十五 → 35, 二〇一九 → 2019, 三点五 → 3.5), or None.

    Positional numerals use 十百千 within 万 and 亿 sections (三亿五千万, 一万亿); a bare digit
    string is read digit by digit (二〇一九); a trailing digit after a unit is the next lower
    unit, as speech abbreviates it (一万五 → 15000, 三千五 → 3500).
    """
    if not text:
        return None
    whole, _, frac = text.partition("点")
    if frac:
        if not all(c in _ZH_DIGITS for c in frac):
            return None
        head = parse_zh_numeral(whole)
        if head is None:
            return None
        return float(f"{int(head)}.{''.join(str(_ZH_DIGITS[c]) for c in frac)}")
    if all(c in _ZH_DIGITS for c in whole):
        if len(whole) == 1:
            return float(_ZH_DIGITS[whole])
        if "两" in whole:
            return None
        return float("".join(str(_ZH_DIGITS[c]) for c in whole))
    yi = 0  # the part already multiplied by 亿
    wan = 0  # the part already multiplied by 万 (within the current 亿 section)
    cur = 0  # below 万
    num = 0  # the pending digit
    prev_unit = 0
    for i, c in enumerate(whole):
        if c in _ZH_DIGITS:
            num = _ZH_DIGITS[c]
            continue
        if c in _ZH_UNITS:
            unit = _ZH_UNITS[c]
            cur += (num or (0 if i and whole[i - 1] in "零〇○" else 1)) * unit
        elif c == "万":
            unit = 10_000
            wan = ((cur + num) or 1) * unit
            cur = 0
        elif c == "亿":
            unit = 100_000_000
            yi = ((yi + wan + cur + num) or 1) * unit
            wan = cur = 0
        else:
            return None
        num = 0
        prev_unit = unit
    if num and prev_unit >= 100 and whole[-2] not in "零〇○":
        num *= prev_unit // 10
    return float(yi + wan + cur + num)


# --------------------------------------------------------------------------- shared helpers

_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {"．": ".", "％": "%", "：": ":", "－": "-", "～": "~", "\u3000": " "}
)
_SCALE_ZH = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_SCALE_EN = {
    "thousand": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "hundred": 1e2,
    "dozen": 12,
}


_FULLWIDTH_RE = re.compile("[\uff10-\uff19．％：－～\u3000]")


def _fold_width(text: str) -> str:
    """Full-width digits and number punctuation to ASCII; the length never changes."""
    return text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text


def _ar(text: str) -> float:
    return float(text.replace(",", ""))


# --------------------------------------------------------------------------- Chinese patterns

_AR = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = r"[零〇○一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
_N = f"(?:{_AR}|{_CN})"
_YEAR = r"\d{4}|[〇○零一二三四五六七八九]{4}"
_SMALL = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_HOUR = r"\d{1,2}|[零一二两三四五六七八九十]{1,3}"
_RANGE_ZH = r"(?:至|到|-|—|–|~|、)"
_ZH_PERIOD = r"上午|下午|晚上|早上|凌晨|中午|傍晚|夜间|夜里|清晨|早晨|午后|晚间|晚|早"

_S = "[ \u00a0]?"  # web copy sometimes spaces digits from units: 2014 年 12 月 7 日
_ZH_RE_PATTERN = "|".join(
    [
        rf"(?P<ymd>(?P<ymd_y>{_YEAR}){_S}年{_S}(?P<ymd_m>{_SMALL}){_S}月{_S}(?P<ymd_d>{_SMALL}){_S}[日号])",
        rf"(?P<md>(?P<md_m>{_SMALL}){_S}月{_S}(?P<md_d>{_SMALL}){_S}[日号])",
        rf"(?P<cdec>(?P<cdec_c>{_SMALL}){_S}世纪{_S}(?P<cdec_d>{_SMALL}){_S}年代)",
        rf"(?P<cent>(?P<cent_n>{_SMALL}){_S}世纪)",
        rf"(?P<dec>(?P<dec_n>\d{{2,4}}|[一二三四五六七八九]十){_S}年代)",
        rf"(?P<yr>(?P<yr_a>{_YEAR})(?:{_S}{_RANGE_ZH}{_S}(?P<yr_b>{_YEAR}))?{_S}年(?!代))",
        rf"(?P<tm>(?P<tm_p>{_ZH_PERIOD})?(?P<tm_h>{_HOUR})"
        rf"(?:(?P<tm_c>[时点])(?:(?P<tm_m>{_SMALL}|[零〇]\d|[零〇][一二三四五六七八九])分|(?P<tm_half>半))?"
        r"(?![间期代候刻速装尚政事段空差效机光节限长报态髦常])"
        r"|:(?P<tm_m2>\d{2})(?![\d:])))",
        r"(?P<qtr>(?P<qtr_pre>前)?第?(?P<qtr_n>[一二三四1-4])个?季度)",
        r"(?P<plan>(?P<plan_n>十[一二三四五六])五(?:规划|时期|期间|计划)?)",
        r"(?P<half>[上下]半年)",
        r"(?P<cong>(?P<cong_n>十[一二三四五六七八九]|二十)(?:大|届)(?![学型楼桥厦幅小量批多部]))",
        r"(?P<plen>(?P<plen_n>[二三四五六七八九十])中全会)",
        r"(?P<enum>(?:^|(?<=[，。；：,;:\s（(“]))(?P<enum_n>[一二三四五六七八九十])是)",
        rf"(?P<ord>第{_S}(?P<ord_n>{_AR}|[零〇一二两三四五六七八九十百千]+)(?:{_S}(?P<ord_sc>万|亿))?)",
        rf"(?P<firstm>前{_S}(?P<firstm_n>\d{{1,2}}|十[一二]?|[一二两三四五六七八九]){_S}个?月)",
        r"(?P<phase>(?P<phase_n>[二三四五六七八九十]|\d{1,2})期(?![间待望限货刊盼末中初内满]))",
        rf"(?P<bei>(?P<bei_n>{_AR}|{_CN}){_S}倍)",
        rf"(?P<anniv>(?P<anniv_n>{_AR}|{_CN}){_S}周年)",
        rf"(?P<pp>(?P<pp_n>{_N})(?P<pp_ap>多)?{_S}个百分点)",
        rf"(?P<pct>百分之(?P<pct_n>{_N}))",
        rf"(?P<pcta>(?P<pcta_n>{_AR})\s?%)",
        r"(?P<cheng>(?P<cheng_n>[一二三四五六七八九])成(?![为立功果本交都员绩长效熟型品就]))",
        rf"(?P<mon>(?P<mon_n>\d{{1,2}}|十[一二]?|[一二三四五六七八九]){_S}月(?!球|饼|光|亮|台|嫂|子|薪|票|卡|息|供))",
        rf"(?P<day>(?P<day_n>{_SMALL}){_S}[日号](?![线楼院门馆站令机店桥池坑口]))",
        rf"(?P<frac>(?P<frac_d>{_N})分之(?P<frac_n>{_N}))",
        rf"(?P<num>(?P<num_n>{_AR}|{_CN})(?P<num_ap>余|多)?(?:{_S}(?P<num_sc>万亿|亿|万|千)(?![米克瓦]))?)",
    ]
)


@cache
def _zh_pattern() -> re.Pattern[str]:
    """The Chinese quantity pattern, compiled on first use (tens of ms: English-only runs
    never pay for it)."""
    return re.compile(_ZH_RE_PATTERN)


# Words whose numerals are not quantities; masked (same length) before matching.
_ZH_STOP = re.compile(
    "|".join(
        sorted(
            """两江 两岸 两会 两地 两路口 二氧化 两者 两极 两栖 两难 两全 两用 两手 两翼 两性 两侧 两旁 两边
            三峡 三亚 三沙 三明 三星 三一重工 三农 三公 三角 三鑫 四川 四海 四面八方 四方 五一 五四
            五湖四海 五金 五颜六色 五彩 六盘水 七星岗 七上八下 八一 八达岭 八方 九龙坡 九龙 九寨沟
            九江 九宫 九死一生 十堰 十八梯 二郎 二手 成千上万
            千千万万 万无一失 一心一意 三心二意 数一数二 独一无二 接二连三 三番五次 一五一十
            不三不四 乱七八糟 七嘴八舌 一一 一二线 一把手 一揽子 一系列 一站式 一体化 一带一路
            百分百 三三两两 半数 一半 星期一 周一 礼拜一 零距离 零售 零部件 零件 零星 零散 零碳
            零排放 零增长 零关税 零容忍 零距 第一时间""".split(),
            key=len,
            reverse=True,
        )
    )
    # words opening with a unit count only when no numeral stands before them (3万家企业)
    + r"|(?<![\d.零〇一二两三四五六七八九十百千万])(?:"
    + "|".join(
        sorted(
            """十足 十全十美 千厮门 万州 万盛 万达 万象 万一 万众 万物 万里 万家 百姓 百货 百度
            百花 百年老店 千方百计 千家万户 千千万万 万无一失 万元户 千里""".split(),
            key=len,
            reverse=True,
        )
    )
    + ")"
    # 十分 "very" but not 十分钟 / 十分之一; 两三天, 四五个 "a few" but not 十四五 (the plan)
    + r"|(?:星期|礼拜|周)[一二三四五六日天]|二级市场"
    # outline numbering: （二）…, 三、… (English renders it as II. or drops it)
    + r"|[（(][一二三四五六七八九十]{1,3}[）)]|(?:^|(?<=\n))[一二三四五六七八九十]{1,3}、"
    + r"|十分(?![钟之])|(?<![十])(?:两三|三四|四五|五六|六七|七八|八九)(?![十百千万亿])"
)
_VAGUE_BEFORE = frozenset("数上几成好")
_ZH_GROWTH = re.compile(r"(?:增长|提高|增加|上升|提升|扩大)了?$")
_ZH_APPROX = re.compile(r"(?:约|逾|近|超过|超|大约|将近|接近|上下)$")
_UNIT_ONLY = frozenset("十百千万亿")
_TEN_ALONE_OK = re.compile(
    r"[年个家名天项条次万亿余多位所座种支台辆只人岁周倍大分秒米吨元架艘场届批件款期页层栋户间公千]"
)
_ZH_PM = frozenset(("下午", "晚上", "傍晚", "夜间", "夜里", "午后", "晚间", "晚"))


_ZH_ANCHOR = re.compile(r"[\d零〇○一二两三四五六七八九十百千万亿第上下晚早凌中傍夜清午前]")


def _scan(
    pattern: re.Pattern[str], text: str, anchors: Iterator[re.Match[str]]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` tried only where a quantity can start (much faster on news text)."""
    end = 0
    for anchor in anchors:
        pos = anchor.start()
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None and m.end() > pos:
            end = m.end()
            yield m


def _zh_value(text: str) -> float | None:
    if text[0].isdigit():
        return _ar(text)
    return parse_zh_numeral(text)


def _mask(match: re.Match[str]) -> str:
    return "\x00" * len(match.group())


def _zh_quantities(text: str) -> list[tuple[Quantity, float]]:
    folded = _ZH_STOP.sub(_mask, _fold_width(text))
    found: list[tuple[Quantity, float]] = []

    def add(kind: str, value: float | None, s: int, e: int, approx: bool = False, scale: float = 1):
        if value is not None:
            approx = approx or _ZH_APPROX.search(folded, max(0, s - 3), s) is not None
            found.append((Quantity(text[s:e], float(value), kind, s, e, approx), scale))

    for m in _scan(_zh_pattern(), folded, _ZH_ANCHOR.finditer(folded)):
        g = m.lastgroup
        s, e = m.span()
        if g == "ymd":
            add("year", _zh_value(m["ymd_y"]), s, folded.index("年", m.end("ymd_y")) + 1)
            month, day = _zh_value(m["ymd_m"]), _zh_value(m["ymd_d"])
            if month and day and 1 <= month <= 12 and 1 <= day <= 31:
                add("date", month * 100 + day, m.start("ymd_m"), e)
        elif g == "md":
            month, day = _zh_value(m["md_m"]), _zh_value(m["md_d"])
            if month and day and 1 <= month <= 12 and 1 <= day <= 31:
                add("date", month * 100 + day, s, e)
        elif g == "cdec":
            century, decade = _zh_value(m["cdec_c"]), _zh_value(m["cdec_d"])
            if century and decade is not None:
                add("year", (century - 1) * 100 + decade, s, e)
        elif g == "cent":
            add("ordinal", _zh_value(m["cent_n"]), s, e)
        elif g == "dec":
            decade = _zh_value(m["dec_n"])
            if decade is not None:
                add("year", decade + 1900 if decade < 100 else decade, s, e)
        elif g == "yr":
            if m["yr_b"]:
                add("year", _zh_value(m["yr_a"]), s, m.end("yr_a"))
                add("year", _zh_value(m["yr_b"]), m.start("yr_b"), e)
            else:
                add("year", _zh_value(m["yr_a"]), s, e)
        elif g == "tm":
            _zh_time(m, folded, add)
        elif g == "qtr":  # 一季度 = the first quarter; 前三季度 = the first three quarters
            add("number" if m["qtr_pre"] else "ordinal", _zh_value(m["qtr_n"]), s, e)
        elif g == "anniv":  # 三周年 = third anniversary (一周年, like "first", does not count)
            if m["anniv_n"] != "一":
                add("ordinal", _zh_value(m["anniv_n"]), s, e)
        elif g == "half":
            add("ordinal", 1.0 if m.group()[0] == "上" else 2.0, s, e)
        elif g == "plan":
            add("ordinal", _zh_value(m["plan_n"]), s, e)
        elif g in ("cong", "plen"):
            add("ordinal", _zh_value(m[f"{g}_n"]), s, e)
        elif g == "enum":
            if m["enum_n"] != "一":  # 一是 ~ "First," which counts no more than 第一
                add("ordinal", _zh_value(m["enum_n"]), s, e)
        elif g == "ord":
            if m["ord_n"] != "一":  # 第一 is as vague as "first" (率先, 首次, 最早 …)
                value = _zh_value(m["ord_n"])
                if value is not None:
                    value *= _SCALE_ZH.get(m["ord_sc"] or "", 1.0)  # 第10万辆 = 100,000th
                    add("ordinal" if value.is_integer() else "number", value, s, e)  # 第8.5代
        elif g == "firstm":  # 前10个月 = the first ten months = January to October
            last = _zh_value(m["firstm_n"])
            if last and 1 < last <= 12:
                add("month", 1.0, s, e)
                add("month", last, s, e)
        elif g == "phase":  # 二期 = the second phase
            add("ordinal", _zh_value(m["phase_n"]), s, e)
        elif g == "bei":  # 增长1.4倍 = up 140 percent; 3倍 = three times
            value = _zh_value(m["bei_n"])
            if value is not None and not _vague(folded, s, e):
                if _ZH_GROWTH.search(folded, max(0, s - 4), s):
                    add("percent", value * 100, s, e)
                elif value != 1:
                    add("number", value, s, e)
        elif g == "pp":
            add("ppoint", _zh_value(m["pp_n"]), s, e, approx=bool(m["pp_ap"]))
        elif g == "pct":
            add("percent", _zh_value(m["pct_n"]), s, e)
        elif g == "pcta":
            add("percent", _ar(m["pcta_n"]), s, e)
        elif g == "cheng":
            value = _zh_value(m["cheng_n"])
            add("percent", value * 10 if value else None, s, e)
        elif g == "mon":
            value = _zh_value(m["mon_n"])
            if value and 1 <= value <= 12:
                add("month", value, s, e)
        elif g == "day":
            if m["day_n"] != "一" and not _vague(folded, s, e):
                value = _zh_value(m["day_n"])
                if not m["day_n"][0].isdigit() and m.group().endswith("号"):
                    add("number", value, s, e)  # 长征二号: a designation, not a day
                elif value and 1 <= value <= 31:
                    add("day", value, s, e)
        elif g == "frac":
            den, num = _zh_value(m["frac_d"]), _zh_value(m["frac_n"])
            if den and num is not None:
                add("number", num / den, s, e)
        elif g == "num":
            _zh_number(m, folded, add)
    return found


def _vague(folded: str, s: int, e: int) -> bool:
    """数百, 几十, 十几, 成千: the numeral is not a quantity (上千 is "over a thousand")."""
    before = folded[s - 1] if s else ""
    after = folded[e] if e < len(folded) else ""
    if before == "上" and folded[s] in "百千万":
        return False
    return (before in _VAGUE_BEFORE and not folded[s].isdigit()) or after == "几"


def _zh_number(m: re.Match[str], folded: str, add) -> None:  # type: ignore[no-untyped-def]
    s, e = m.span()
    digits = m["num_n"]
    approx = bool(m["num_ap"])
    scale = _SCALE_ZH.get(m["num_sc"] or "", 1.0)
    if not digits[0].isdigit():
        if _vague(folded, s, e):
            return
        if digits == "一" and scale == 1:
            return
        if set(digits) <= _UNIT_ONLY:
            before = folded[s - 1] if s else ""
            after = folded[m.end("num_n")] if m.end("num_n") < len(folded) else ""
            if after and after in "瓦米克伏兆帕焦":
                return  # 千瓦时, 千米: a unit prefix, not a number
            if digits == "十":
                if not (approx or _TEN_ALONE_OK.match(after)):
                    return
            elif before == "上":
                approx = True  # 上万个零部件: more than 10,000 parts
            elif not (
                approx
                or before == "每"  # 每万人: per 10,000 people
                or after == "级"  # 万亿级产业: trillion-yuan industries
                or _ZH_APPROX.search(folded, max(0, s - 3), s)  # 超过千亿元
            ):
                return  # 万州, 千万 (must), 百姓: a bare unit is no quantity
    value = _zh_value(digits)
    if value is None:
        return
    add("number", value * scale, s, e, approx=approx, scale=scale)


def _zh_time(m: re.Match[str], folded: str, add) -> None:  # type: ignore[no-untyped-def]
    s, e = m.span()
    hour = _zh_value(m["tm_h"])
    if hour is None or hour > 24:
        return
    period = m["tm_p"]
    minute_text = m["tm_m"] or m["tm_m2"]
    minute = 30.0 if m["tm_half"] else (_zh_value(minute_text) if minute_text else 0.0)
    if minute is None or minute >= 60:
        return
    after = folded[e : e + 1]
    if m["tm_c"] == "点" and not (period or minute_text or m["tm_half"] or after in ("钟", "整")):
        # "两点要求", "3点建议": without a time of day it is not a clock time
        return
    if m["tm_c"] is None and not minute_text:
        return
    if m["tm_h"] == "一" and not period:
        return
    if period in _ZH_PM and hour < 12:
        hour += 12
    add("time", hour * 100 + minute, s, e)


# --------------------------------------------------------------------------- English patterns

_UNITS_W = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS_W = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUE = {w: i for i, w in enumerate(_UNITS_W)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS_W)
}
_ORD_UNITS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
_ORD_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
_ORD_VALUE = {w: i for i, w in enumerate(_ORD_UNITS) if i} | {
    w: 20 + 10 * i for i, w in enumerate(_ORD_TENS)
}
_ORD_VALUE |= {"hundredth": 100, "thousandth": 1000}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "January February March April May June July August September October November December".split()
    )
}
_MONTHS |= {m[:3]: v for m, v in _MONTHS.items()} | {"Sept": 9}

_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_MON_DOT = rf"{_MON}\.?"
_DIG = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_W = "|".join(sorted(_UNITS_W + _TENS_W, key=len, reverse=True))
_WORD_NUM = rf"(?:{'|'.join(_TENS_W)})-(?:{'|'.join(_UNITS_W[1:10])})|{_W}"
_SC = r"hundred|thousand|million|billion|trillion|dozen"
_AFTER_SCALE = "|".join(
    f"(?<={w})" for w in ("hundred", "thousand", "million", "billion", "trillion")
)
_WORD_PHRASE = rf"(?:(?:{_WORD_NUM}|an?)(?:(?:\s+|-)(?:{_WORD_NUM}|{_SC})|(?:{_AFTER_SCALE})\s+and\s+(?:{_WORD_NUM}))*)"
_DIG_PHRASE = rf"(?:{_DIG})(?:(?:\s*|-)(?:{_SC}|mln|mn|bn)\b)?(?:\s+(?:{_SC})\b)?"
_EN_NUMEXPR = rf"(?:{_DIG_PHRASE}|\b{_WORD_PHRASE}\b)"
_ORD_W = rf"(?:(?:{'|'.join(_TENS_W)})-(?:{'|'.join(_ORD_UNITS[1:10])})|{'|'.join(sorted(_ORD_VALUE, key=len, reverse=True))})"

_EN_RE_PATTERN = "|".join(
    [
        rf"(?P<md>\b(?P<md_mon>{_MON})(?:\.|\b)\s*(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]\d)(?:,?\s+(?P<md_year>\d{{4}})\b)?)",
        rf"(?P<dm>\b(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_mon>{_MON})\b\.?(?:,?\s+(?P<dm_year>\d{{4}})\b)?)",
        rf"(?P<my>\b(?P<my_mon>{_MON})(?:\.|\b),?\s+(?P<my_year>\d{{4}})\b)",
        r"(?P<mon>\b(?P<mon_name>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.))",
        r"(?P<tm>\b(?P<tm_h>\d{1,2})(?::(?P<tm_m>\d{2}))?\s*(?P<tm_ap>[ap])\.?\s?m\b\.?)",
        r"(?P<clock>\b(?P<clock_h>\d{1,2}):(?P<clock_m>\d{2})\b(?!:))",
        r"(?P<dec>\b(?P<dec_y>1[89]\d0|20\d0)s\b)",
        rf"(?P<pp>(?P<pp_n>{_EN_NUMEXPR})\s+(?:percentage|percent)[\s-]+points?\b)",
        rf"(?P<pct>(?P<pct_n>{_EN_NUMEXPR})\s*(?:%|percent\b|per\s+cent\b|pct\b))",
        rf"(?P<firstm>\bfirst\s+(?P<firstm_n>{_WORD_NUM}|\d{{1,2}})\s+months\b)",
        r"(?P<twice>\btwice\b)",
        r"(?P<phase>\b(?:Phase|Stage|Period)\s+(?P<phase_n>\d{1,2}|I{1,3}|IV|VI{0,3}|IX|X)\b)",
        r"(?P<qtr>\b(?P<qtr_w>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b|\bQ(?P<qtr_n>[1-4])\b)",
        r"(?P<half>\b(?P<half_w>first|second|1st|2nd)\s+half\b|\bH(?P<half_n>[12])\b)",
        r"(?P<ord>\b(?P<ord_n>\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th)\b)",
        rf"(?P<ordw>\b(?P<ordw_w>{_ORD_W})\b)",
        rf"(?P<frac>\b(?P<frac_n>{_W}|an?)[\s-]+(?P<frac_d>thirds?|fourths?|fifths?|tenths?|quarters?(?=\s+of\b)))",
        rf"(?P<cur>(?<=[$£€¥])(?P<cur_n>{_DIG})(?P<cur_s>m|k)\b)",
        rf"(?P<num>(?P<num_n>{_EN_NUMEXPR}))",
    ]
)


@cache
def _en_pattern() -> re.Pattern[str]:
    """The English quantity pattern, compiled on first use."""
    return re.compile(_EN_RE_PATTERN, re.IGNORECASE)


_MAY_CONTEXT = re.compile(
    r"(?:in|of|since|until|till|from|to|early|late|mid|last|next|this|by|through|between)\s+$", re.I
)
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
}
_FRACTIONS = {"third": 3, "fourth": 4, "quarter": 4, "fifth": 5, "tenth": 10}
_ORDINAL_NOUN_AFTER = re.compile(
    r"[\s-]+(?!(?:of|in|on|at|to|from|by|for|since|than|and|or|but|over|compared|more|less|"
    r"last|this|next|a|an|the|year|years)\b)[A-Za-z]"
)
"""After *a third* / *a fifth*: a word that makes it an ordinal (a third plant), not a
fraction (cut by a third in March, a third of the plants, a third more)."""
_VAGUE_EN_AFTER = re.compile(r"\s*(?:-\s*)?(?:odd\b|something\b|plus\b)", re.I)


def _word_number(phrase: str) -> float | None:
    """``forty-one`` → 41, ``four trillion`` → 4e12, ``a million`` → 1e6, ``one`` → None."""
    words = re.split(r"[\s-]+", phrase.lower())
    words = [w for w in words if w != "and"]
    if len(words) == 1 and words[0] in ("one", "a", "an", "zero"):
        return None
    if words[0] in ("a", "an") and (len(words) == 1 or words[1] not in _SCALE_EN):
        return None
    total = 0.0
    current = 0.0
    for w in words:
        if w in ("a", "an"):
            current = 1
        elif w in _WORD_VALUE:
            current += _WORD_VALUE[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in _SCALE_EN:
            total += (current or 1) * _SCALE_EN[w]
            current = 0
        else:
            return None
    return total + current


def _en_value(text: str) -> tuple[float | None, float]:
    """The value of a number expression and the scale it carries."""
    m = re.match(rf"({_DIG})\s*(.*)$", text, re.S)
    if m:
        value = _ar(m.group(1))
        scale = 1.0
        for w in re.split(r"[\s-]+", m.group(2).lower()):
            scale *= _SCALE_EN.get(w, 1.0)
        return value * scale, scale
    value = _word_number(text)
    words = text.lower().split()
    scale = _SCALE_EN.get(words[-1], 1.0) if words else 1.0
    return value, scale


def _ordinal_word(word: str) -> float | None:
    w = word.lower()
    if w in _ORD_VALUE:
        return float(_ORD_VALUE[w])
    tens, _, unit = w.partition("-")
    if tens in _WORD_VALUE and unit in _ORD_VALUE:
        return float(_WORD_VALUE[tens] + _ORD_VALUE[unit])
    return None


_EN_STOP = re.compile(
    r"COVID-19|2019-nCoV|Five-Year Plan|Two Sessions|Three Gorges|one-on-one|two-way|24/7",
    re.I,
)


_EN_ANCHOR_WORDS = frozenset(
    {w.lower() for w in _MONTHS}
    | set(_UNITS_W)
    | set(_TENS_W)
    | set(_ORD_VALUE)
    | {"first", "second", "third", "fourth", "q1", "q2", "q3", "q4", "h1", "h2", "twice"}
    | {"phase", "stage", "period"}
)
_EN_A_TRIGGERS = frozenset(
    "hundred thousand million billion trillion dozen third thirds fourth fifth tenth quarter".split()
)
_EN_LOWER_WORD = re.compile(r"[a-z]+\d?")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4096)
def _anchor_regex(words: frozenset[str], with_article: bool) -> re.Pattern[str]:
    parts = [r"\d+"]
    if words:
        parts.append(rf"\b(?:{'|'.join(sorted(words, key=len, reverse=True))})\b")
    if with_article:
        parts.append(
            r"\b(?:an?|one)\s+"
            r"(?=hundred|thousand|million|billion|trillion|dozen|third|fourth|fifth|tenth|quarter)"
        )
    return re.compile("|".join(parts), re.IGNORECASE)


def _en_anchors(src: str, lowered: str) -> Iterator[re.Match[str]]:
    """Where an English quantity can start: digits and the number/month words present."""
    present = set(_EN_LOWER_WORD.findall(lowered))
    words = present & _EN_ANCHOR_WORDS
    with_article = not present.isdisjoint(_EN_A_TRIGGERS)
    if not words and not with_article and _DIGIT.search(src) is None:
        return iter(())
    return _anchor_regex(frozenset(words), with_article).finditer(src)


_EN_STOP_HINTS = (
    "covid",
    "ncov",
    "five-year",
    "two sessions",
    "three gorges",
    "one-on-one",
    "two-way",
    "24/7",
)


def _en_quantities(text: str) -> list[tuple[Quantity, float]]:
    src = _fold_width(text)
    lowered = src.lower()
    if any(hint in lowered for hint in _EN_STOP_HINTS):
        src = _EN_STOP.sub(_mask, src)
    found: list[tuple[Quantity, float]] = []

    def add(kind: str, value: float | None, s: int, e: int, scale: float = 1.0) -> None:
        if value is not None:
            found.append((Quantity(text[s:e], float(value), kind, s, e, _approx_en(src, s)), scale))

    for m in _scan(_en_pattern(), src, _en_anchors(src, lowered)):
        g = m.lastgroup
        s, e = m.span()
        if g in ("md", "dm"):
            month = _MONTHS.get(m[f"{g}_mon"][:1].upper() + m[f"{g}_mon"][1:].lower().rstrip("."))
            day = int(m[f"{g}_day"])
            year = m[f"{g}_year"]
            if not m[f"{g}_mon"][0].isupper() or month is None or not 1 <= day <= 31:
                _en_fallback(m, src, add)
                continue
            date_end = len(src[: m.start(f"{g}_year")].rstrip(", ")) if year else e
            add("date", month * 100 + day, s, date_end)
            if year:
                add("year", float(year), m.start(f"{g}_year"), m.end(f"{g}_year"))
        elif g == "my":
            name = m["my_mon"]
            if name[0].isupper() and name in _MONTHS:
                add("month", _MONTHS[name], s, m.end("my_mon"))
                add("year", float(m["my_year"]), m.start("my_year"), e)
            else:
                add("year", float(m["my_year"]), m.start("my_year"), e)
        elif g == "mon":
            name = m["mon_name"].rstrip(".")
            if not name[0].isupper() or name not in _MONTHS:
                continue
            if name == "May" and not _MAY_CONTEXT.search(src[max(0, s - 12) : s]):
                continue
            add("month", _MONTHS[name], s, e)
        elif g == "tm":
            hour, minute = int(m["tm_h"]), int(m["tm_m"] or 0)
            if hour > 12 or minute >= 60:
                continue
            if m["tm_ap"].lower() == "p" and hour < 12:
                hour += 12
            elif m["tm_ap"].lower() == "a" and hour == 12:
                hour = 0
            add("time", hour * 100 + minute, s, e)
        elif g == "clock":
            hour, minute = int(m["clock_h"]), int(m["clock_m"])
            if hour <= 24 and minute < 60:
                add("time", hour * 100 + minute, s, e)
        elif g == "dec":
            add("year", float(m["dec_y"]), s, e)
        elif g == "pp":
            add("ppoint", _en_value(m["pp_n"])[0], s, e)
        elif g == "pct":
            add("percent", _en_value(m["pct_n"])[0], s, e)
        elif g == "qtr":
            word = (m["qtr_w"] or "").lower()
            value = int(m["qtr_n"]) if m["qtr_n"] else _ordinal_word(word) or float(word[0])
            add("ordinal", value, s, e)
        elif g == "half":
            word = (m["half_w"] or "").lower()
            add(
                "ordinal",
                1.0 if (m["half_n"] == "1" or word.startswith(("first", "1"))) else 2.0,
                s,
                e,
            )
        elif g == "ord":
            add("ordinal", _ar(m["ord_n"]), s, e)
        elif g == "firstm":  # the first ten months = January to October
            last = _ar(m["firstm_n"]) if m["firstm_n"][0].isdigit() else _word_number(m["firstm_n"])
            if last and 1 < last <= 12:
                add("month", 1.0, s, e)
                add("month", last, s, e)
        elif g == "cur":  # £89m, $4k
            add("number", _ar(m["cur_n"]) * (1e6 if m["cur_s"] == "m" else 1e3), s, e)
        elif g == "phase":  # Phase II ~ 二期; Phase I, like 一期, counts no more than "first"
            raw = m["phase_n"].upper()
            value = float(raw) if raw.isdigit() else float(_ROMAN[raw])
            if value != 1:
                add("ordinal", value, s, e)
        elif g == "twice":
            add("number", 2.0, s, e)
        elif g == "ordw":
            before = src[max(0, s - 6) : s].lower()
            word = m["ordw_w"].lower()
            if word == "first":  # as vague as 第一 / 首 / 率先: not a quantity
                continue
            if word == "second" and before.endswith(("per ", "a ", "every ", "split ")):
                if not re.match(r"[\s-]+[a-z]", src[e : e + 3]) or before.endswith("per "):
                    continue  # a unit of time, unless a noun follows: "a second plant"
            add("ordinal", _ordinal_word(word), s, e)
        elif g == "frac":
            if (
                m["frac_n"].lower() in ("a", "an")
                and not m["frac_d"].lower().endswith("s")
                and _ORDINAL_NOUN_AFTER.match(src, e)
            ):  # a third plant, a fifth straight year, a third-generation chip
                add("ordinal", _ordinal_word(m["frac_d"].lower()), m.start("frac_d"), e)
                continue
            num = (
                _word_number(m["frac_n"]) if m["frac_n"].lower() not in ("a", "an", "one") else 1.0
            )
            den = _FRACTIONS.get(m["frac_d"].lower().rstrip("s"))
            if num and den:
                add("number", num / den, s, e)
        elif g == "num":
            text_n = m["num_n"]
            if _VAGUE_EN_AFTER.match(src, e):
                continue
            value, scale = _en_value(text_n)
            if value is None:
                continue
            if re.fullmatch(r"1[6-9]\d\d|20\d\d", text_n) and not src[e : e + 1].isalnum():
                add("year", value, s, e)
            else:
                add("number", value, s, e, scale)
    return found


def _en_fallback(m: re.Match[str], src: str, add) -> None:  # type: ignore[no-untyped-def]
    """A month-like word that is not a month (``may 19``): keep the number alone."""
    g = m.lastgroup
    day_group = f"{g}_day"
    add("number", float(m[day_group]), m.start(day_group), m.end(day_group))


_APPROX_EN = re.compile(
    r"(?:about|around|approximately|roughly|nearly|almost|over|more\s+than|over|some|at\s+least|up\s+to|close\s+to|upwards\s+of)\s+$",
    re.I,
)


def _approx_en(src: str, start: int) -> bool:
    return _APPROX_EN.search(src[max(0, start - 16) : start]) is not None


# --------------------------------------------------------------------------- ranges, API

_RANGE_EN = re.compile(r"\s*(?:-|–|—|to|and|through)\s*$", re.I)
_RANGE_ZH_GAP = re.compile(r"\s*(?:至|到|-|—|–|~|、)\s*$")
_RANGE_KINDS = ("month", "percent", "ppoint", "day")


def _resolve_ranges(text: str, items: list[tuple[Quantity, float]], lang: str) -> list[Quantity]:
    """Give a bare number the unit of the quantity after it across a range connector."""
    gap_re = _RANGE_ZH_GAP if lang == "zh" else _RANGE_EN
    out = [q for q, _ in items]
    for i in range(len(items) - 1):
        (a, a_scale), (b, b_scale) = items[i], items[i + 1]
        gap = text[a.end : b.start]
        if len(gap) > 9 or not gap_re.match(gap):
            continue
        if a.kind == "date" and b.kind == "number" and b_scale == 1.0:
            if b.value.is_integer() and 1 <= b.value <= 31:  # November 8 to 10
                out[i + 1] = Quantity(b.text, b.value, "day", b.start, b.end, b.approx)
            continue
        if a.kind != "number" or a_scale != 1.0:
            continue
        if b.kind in _RANGE_KINDS:
            if b.kind in ("month", "day") and not (
                1 <= a.value <= (12 if b.kind == "month" else 31)
            ):
                continue
            out[i] = Quantity(a.text, a.value, b.kind, a.start, a.end, a.approx)
        elif b.kind == "number" and b_scale != 1.0 and a.value < 1000:
            out[i] = Quantity(a.text, a.value * b_scale, "number", a.start, a.end, a.approx)
    return out


def extract_quantities(text: str, lang: str = "auto") -> list[Quantity]:
    """The quantities of ``text`` in order, with canonical values (see the module docstring)."""
    if lang == "auto":
        lang = detect_lang(text)
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}: choose zh, en or auto")
    return list(_extract(text, lang))


@lru_cache(maxsize=32768)
def _extract(text: str, lang: str) -> tuple[Quantity, ...]:
    items = _zh_quantities(text) if lang == "zh" else _en_quantities(text)
    items.sort(key=lambda item: item[0].start)
    return _with_units(text, _resolve_ranges(text, items, lang), lang)


_ZH_AREA = re.compile(r"[万亿]?(?:余|多)?(?P<unit>亩|公顷)")
_EN_AREA = re.compile(r"[\s-]?(?:(?P<ha>hectares?\b|ha\b)|(?P<mu>mu\b))", re.I)
_RANGE_LINK = re.compile(r"\s*(?:至|到|-|–|~|～|to|and)\s*", re.I)


def _with_units(text: str, items: list[Quantity], lang: str) -> tuple[Quantity, ...]:
    """Mark the quantities followed by an area unit (see :attr:`Quantity.unit`)."""
    units = []
    for q in items:
        unit = ""
        if q.kind == "number":
            if lang == "zh":
                m = _ZH_AREA.match(text, q.end)
                if m:
                    unit = "mu" if m["unit"] == "亩" else "ha"
            else:
                m = _EN_AREA.match(text, q.end)
                if m:
                    unit = "ha" if m["ha"] else "mu"
        units.append(unit)
    for i in range(len(items) - 2, -1, -1):  # 3至5万亩, 200 to 300 hectares: the first too
        if not units[i] and units[i + 1] and items[i].kind == "number":
            if _RANGE_LINK.fullmatch(text, items[i].end, items[i + 1].start):
                units[i] = units[i + 1]
    if not any(units):
        return tuple(items)
    return tuple(
        Quantity(q.text, q.value, q.kind, q.start, q.end, q.approx, unit) if unit else q
        for q, unit in zip(items, units, strict=True)
    )


_COMPATIBLE = {"year": "number", "number": "year", "day": "ordinal", "ordinal": "day"}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _same(a: Quantity, b: Quantity) -> bool:
    """Units allow equal figures to match (100亩 is not 100 hectares)."""
    return a.unit == b.unit or not a.unit or not b.unit


def compare_quantities(
    a: str | Sequence[Quantity], b: str | Sequence[Quantity]
) -> QuantityComparison:
    """Compare two texts' (or lists') quantities as order-free multisets.

    Equal kinds match first, then compatible kinds (year ~ number, day ~ ordinal);
    values match within a relative 1e-6. ``match`` is True when nothing is left over.
    """
    qa = extract_quantities(a) if isinstance(a, str) else list(a)
    qb = extract_quantities(b) if isinstance(b, str) else list(b)
    left_b = list(qb)
    only_a: list[Quantity] = []
    pending: list[Quantity] = []
    for q in qa:
        hit = next(
            (x for x in left_b if x.kind == q.kind and _same(x, q) and _close(x.value, q.value)),
            None,
        )
        if hit is None:
            pending.append(q)
        else:
            left_b.remove(hit)
    for q in pending:
        other = _COMPATIBLE.get(q.kind)
        hit = next((x for x in left_b if x.kind == other and _close(x.value, q.value)), None)
        if hit is None:
            only_a.append(q)
        else:
            left_b.remove(hit)
    # 12日 ~ February 12: a day meets a date on that day
    for q in list(only_a):
        hit = next((x for x in left_b if _day_of_date(q, x) or _day_of_date(x, q)), None)
        if hit is not None:
            only_a.remove(q)
            left_b.remove(hit)
    # 增长1.4倍 ~ 2.4 times; 100亩 ~ 6.7 hectares: one figure, written another way.
    for q in list(only_a):
        hit = next((x for x in left_b if _converts(q, x) or _converts(x, q)), None)
        if hit is not None:
            only_a.remove(q)
            left_b.remove(hit)
    # "1个工作日" ~ "one working day": the word "one" is no quantity, so a lone 1 left over
    # on either side is not held against the pair.
    only_a = [q for q in only_a if not _is_one(q)]
    only_b = [q for q in left_b if not _is_one(q)]
    # 100%覆盖 ~ full coverage
    if isinstance(b, str):
        only_a = [q for q in only_a if not (_is_whole(q) and _WHOLE_WORDS.search(b))]
    if isinstance(a, str):
        only_b = [q for q in only_b if not (_is_whole(q) and _WHOLE_WORDS.search(a))]
    return QuantityComparison(not only_a and not only_b, only_a, only_b)


_MU_PER_HECTARE = 15.0
_WHOLE_WORDS = re.compile(
    r"\b(?:all|full|fully|every|entire|entirely|complete|completely|whole)\b", re.I
)


def _converts(q: Quantity, x: Quantity) -> bool:
    """Whether ``x`` renders ``q`` in another convention (倍 growth, mu → hectares)."""
    if q.kind == "percent" and q.text.endswith("倍") and x.kind == "number":
        return _close(x.value, q.value / 100 + 1) or _close(x.value, q.value / 100)
    if q.unit == "mu" and x.unit == "ha":
        hectares = q.value / _MU_PER_HECTARE
        decimals = len(x.text.split(".")[1]) if "." in x.text else 0
        # the precision of the English figure (6.7 → ±0.05), wider when either is approximate
        slack = 0.5 * 10.0**-decimals + (0.05 * hectares if q.approx or x.approx else 0.0)
        if "," in x.text or x.value >= 1000:
            slack = max(slack, 0.005 * hectares)  # 66,667 or "667,000": rounded to thousands
        return abs(hectares - x.value) <= slack + 1e-9
    return False


def _is_whole(q: Quantity) -> bool:
    return q.kind == "percent" and q.value == 100


def _day_of_date(day: Quantity, date: Quantity) -> bool:
    return day.kind == "day" and date.kind == "date" and int(date.value) % 100 == int(day.value)


def _is_one(q: Quantity) -> bool:
    return q.kind == "number" and q.value == 1


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_iso_day(text: str) -> bool:
    """Whether ``text`` is a calendar day ``YYYY-MM-DD`` in ASCII digits (``\\d`` would take
    full-width ``２０２４`` too; ``2023-02-30`` is no day)."""
    if not _DAY.fullmatch(text):
        return False
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
