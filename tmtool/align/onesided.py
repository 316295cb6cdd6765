"""How likely a line is to have no counterpart: page boilerplate, credits, bare captions.

Web press releases carry lines that only one edition has: 来源：重庆日报, 责任编辑：王五,
【打印】【关闭】, 渝ICP备…号, 分享到：; "Home > News", "Copyright © … All Rights
Reserved", "Editor: …", "(Translated by …)", a bare "(Photo by …)". The aligner reads
:func:`one_sided_prior` as a prior, not a verdict: a line that clearly translates a line
on the other side is still paired (an editor line can have an English twin).
"""

from __future__ import annotations

import re

# Patterns that are almost always page furniture (prior 0.9).
_STRONG = [
    re.compile(p)
    for p in (
        r"ICP\s*备|ICP证|[京沪渝粤川]ICP|公网安备",
        r"^[【\[]?(打印|关闭|收藏|返回顶部|字体|纠错)",
        r"【(打印|关闭|收藏|字体)",
        r"^(来源|稿源|作者|编辑|责任编辑|责编|审核|校对|签发|编审|供稿|图片来源|视频来源)\s*[:：]",
        r"^(分享到|扫一扫|相关新闻|相关阅读|延伸阅读|更多精彩|点击|上一篇|下一篇)",
        r"^发布时间\s*[:：]?|^发布日期\s*[:：]?|^(浏览|阅读)(次数|量)",
        r"版权所有|未经(授权|许可)不得转载|转载请注明",
        r"(?i)all rights reserved|copyright\s*©?|©\s*\d{4}",
        r"(?i)^\(?translated by\b|^\(?translator\s*:",
        r"(?i)^(web\s+)?editors?\s*:|^(source|sources|reporter|author|proofread by|edited by)\s*:",
        r"(?i)^(home|position|you are here|current location)\s*(>|»|:|/)",
        r"(?i)^(share( this( article| story)?)?|print|close|email|related( stories| news| articles)?"
        r"|back to top|next|previous|more)\s*[:|]?\s*(print|close|email)?\s*[:|]?\s*$",
        r"(?i)^(updated|published|posted|release date|date)\s*:",
        r"(?i)^(tel|fax|e-?mail|phone)\s*[:：]",
        r"(?i)wechat qr code|scan the qr code|follow us on",
    )
]
# Patterns of lines that often, but not always, stand alone (prior 0.6).
_MEDIUM = [
    re.compile(p)
    for p in (
        r"^[（(]\s*(记者|通讯员|特约记者)?\s*[\u4e00-\u9fff·\s]{2,12}\s*(摄|供图|图)\s*[）)]$",
        r"(?i)^\(?\s*(photo|photos|photographed|photo by|image|pictured|video)\b[^.]{0,60}\)?$",
        r"(?i)^\((xinhua|cfp|ic|vcg|afp|reuters|ap)\b[^)]*\)$",
        r"^\(?(记者|通讯员)\s*[\u4e00-\u9fff·\s]+\)?$",
        r"^(图为|图：|图/|视频：)",
    )
]

_NEVER = r"(?!x)x"  # the alternation of no pattern


def _any(patterns: list[re.Pattern[str]]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two alternations of ``patterns``: the ones anchored at ``^`` (used with ``match``)
    and the others (used with ``search``); a leading ``(?i)`` becomes a scoped flag."""
    anchored, floating = [], []
    for p in patterns:
        text = p.pattern
        flags = ""
        if text.startswith("(?i)"):
            flags, text = "i", text[4:]
        for alternative in _top_level_alternatives(text):
            target = anchored if alternative.startswith("^") else floating
            body = alternative[1:] if alternative.startswith("^") else alternative
            target.append(f"(?{flags}:{body})" if flags else f"(?:{body})")
    return re.compile("|".join(anchored) or _NEVER), re.compile("|".join(floating) or _NEVER)


def _top_level_alternatives(pattern: str) -> list[str]:
    """Split a pattern at ``|`` outside groups and classes."""
    parts, depth, in_class, start, k = [], 0, False, 0, 0
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            k += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:k])
            start = k + 1
        k += 1
    parts.append(pattern[start:])
    return parts


_STRONG_ANCHORED, _STRONG_FLOATING = _any(_STRONG)
_MEDIUM_ANCHORED, _MEDIUM_FLOATING = _any(_MEDIUM)

# A floating strong pattern can only match a line holding one of these strings (exact
# case), or one of the lowercase ones in the lowercased line. Searching the alternation
# at every position was four fifths of the prior's time; most lines hold none of them.
_FLOATING_CUES = ("ICP", "公网安备", "【", "版权所有", "转载", "©")
_FLOATING_CUES_LOWER = ("all rights reserved", "copyright", "qr code", "follow us on")
# Characters that match an ASCII letter only under re.IGNORECASE (İ ı ſ K): such a line
# skips the shortcut.
_FOLD_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def _may_float_strong(text: str) -> bool:
    if any(cue in text for cue in _FLOATING_CUES) or _FOLD_TRAPS.search(text) is not None:
        return True
    low = text.lower()
    return any(cue in low for cue in _FLOATING_CUES_LOWER)


def one_sided_prior(line: str) -> float:
    """A prior probability in [0, 1] that ``line`` has no counterpart in the other language."""
    text = line.strip()
    if not text:
        return 1.0
    if _STRONG_ANCHORED.match(text) or (_may_float_strong(text) and _STRONG_FLOATING.search(text)):
        return 0.9
    if _MEDIUM_ANCHORED.match(text) or (
        _MEDIUM_FLOATING.pattern != _NEVER and _MEDIUM_FLOATING.search(text)
    ):
        return 0.6
    return 0.0
