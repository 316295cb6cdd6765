"""Pinyin keys, so that Chinese names meet their English transliterations.

``pinyin_key("重庆") == "chongqing"``: toneless, lower case, no spaces, phrase-aware (pypinyin
picks 重 = chong in 重庆). :func:`transliteration_match` decides whether a Chinese name and an
English one are the same name (重庆 ~ Chongqing, 两江新区 ~ Liangjiang New Area, 渝北 ~ Yubei
District, 张锦辉 ~ Zhang Jinhui or Jinhui Zhang); :func:`name_pairs` finds such pairs between a
Chinese and an English sentence, as an anchor signal for the aligner.

Matching tries every reading of every character (heteronyms: 重 zhong/chong, 长 chang/zhang),
accepts ``v`` or ``u`` for ü (吕 = Lv or Lu), and ignores case, spaces, hyphens and
apostrophes on the English side (Chang'an). Generic parts are translated rather than
transliterated, so they are set aside first: 新区/New Area, 区/District, 县/County, 有限公司/Co.,
Ltd. … pypinyin is imported on first use only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from tmtool.text.script import HAN_CLASS, is_cjk

_ZH_GENERIC = sorted(
    """股份有限公司 有限责任公司 有限公司 公司 集团 工业园区 高新技术产业开发区 经济技术开发区 高新区
    开发区 园区 新区 自治县 街道 大道 大桥 广场 机场 大学 医院 区 县 市 省 镇 乡 村 路 街 桥 港 站
    江 河 湖 山 寺""".split(),
    key=len,
    reverse=True,
)
_EN_GENERIC = re.compile(
    r"\b(?:new\s+area|district|county|autonomous|city|province|municipality|town(?:ship)?|"
    r"sub-?district|village|road|avenue|street|bridge|square|airport|station|port|river|lake|"
    r"mountain|temple|university|hospital|industrial\s+park|park|high-?tech\s+zone|"
    r"economic\s+and\s+technological\s+development\s+zone|development\s+zone|zone|group|"
    r"company|co\.?|ltd\.?|inc\.?|corp\.?|limited)\b",
    re.IGNORECASE,
)
_EN_NON_LETTER = re.compile(r"[^a-z]")
_EN_NAME_RE = re.compile(r"[A-Z][a-z]*(?:['’\-][A-Za-z]+)*")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


@cache
def _pypinyin() -> Any:
    import pypinyin

    return pypinyin


@lru_cache(maxsize=32768)
def pinyin_key(zh: str) -> str:
    """Toneless pinyin of ``zh`` without spaces, lower case; non-Han characters are dropped."""
    han = "".join(_HAN_RUN.findall(zh))
    if not han:
        return ""
    p = _pypinyin()
    return "".join(p.lazy_pinyin(han, style=p.Style.NORMAL)).lower()


def pinyin_syllables(zh: str) -> list[str]:
    """Toneless pinyin of each Han character of ``zh`` (phrase-aware), for display."""
    han = "".join(_HAN_RUN.findall(zh))
    if not han:
        return []
    p = _pypinyin()
    return p.lazy_pinyin(han, style=p.Style.NORMAL)


@lru_cache(maxsize=16384)
def _readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one Han character, ``v`` also spelled ``u``."""
    p = _pypinyin()
    found: list[str] = []
    for r in p.pinyin(ch, style=p.Style.NORMAL, heteronym=True)[0]:
        for variant in (r, r.replace("v", "u"), r.replace("v", "yu")):
            if variant and variant not in found and variant.isalpha():
                found.append(variant)
    return tuple(found)


def _en_key(text: str) -> str:
    return _EN_NON_LETTER.sub("", text.lower().replace("’", "'"))


def _consumes(chars: str, key: str, start: int = 0) -> int | None:
    """How many of ``chars`` (from ``start``) spell exactly ``key``; None when they cannot."""

    @cache
    def walk(i: int, pos: int) -> int | None:
        if pos == len(key):
            return i
        if i >= len(chars) or not is_cjk(chars[i]):
            return None
        for r in _readings(chars[i]):
            if key.startswith(r, pos):
                end = walk(i + 1, pos + len(r))
                if end is not None:
                    return end
        return None

    end = walk(start, 0)
    return None if end is None else end - start


def _spells(zh: str, key: str) -> bool:
    return bool(key) and _consumes(zh, key) == len(zh)


def _zh_cores(zh: str) -> list[str]:
    core = "".join(_HAN_RUN.findall(zh))
    cores = [core]
    for suffix in _ZH_GENERIC:
        if core.endswith(suffix) and len(core) > len(suffix) + 0:
            stripped = core[: -len(suffix)]
            if len(stripped) >= 1:
                cores.append(stripped)
            break
    return cores


def transliteration_match(zh: str, en: str) -> bool:
    """Whether the Chinese name ``zh`` and the English ``en`` are the same name.

    The English side may carry translated generic words (New Area, District, Co., Ltd.);
    a person's name may come in either order (张锦辉 ~ Zhang Jinhui ~ Jinhui Zhang).
    """
    cores = [c for c in _zh_cores(zh) if c]
    if not cores:
        return False
    en_full = _en_key(en)
    en_core = _en_key(_EN_GENERIC.sub(" ", en))
    keys = {k for k in (en_full, en_core) if k}
    words = [_en_key(w) for w in _EN_GENERIC.sub(" ", en).split()]
    words = [w for w in words if w]
    if len(words) == 2:
        keys.add(words[1] + words[0])  # given name first: Jinhui Zhang
    return any(_spells(core, key) for core in cores for key in keys)


@dataclass(frozen=True)
class NamePair:
    """A Chinese span and an English span that spell the same name in pinyin."""

    zh: str
    en: str
    zh_start: int
    zh_end: int
    en_start: int
    en_end: int


@lru_cache(maxsize=8192)
def _en_candidates(en: str) -> tuple[dict[str, list[tuple[int, int]]], frozenset[str]]:
    """Capitalised words and runs of up to three of them: key → spans, and all key prefixes."""
    words = [(m.group(), m.start(), m.end()) for m in _EN_NAME_RE.finditer(en)]
    keys: dict[str, list[tuple[int, int]]] = {}
    for i in range(len(words)):
        key = ""
        for j in range(i, min(i + 3, len(words))):
            if j > i and en[words[j - 1][2] : words[j][1]].strip(" -"):
                break  # only words separated by spaces or hyphens run together
            key += _en_key(words[j][0])
            if len(key) >= 4:
                keys.setdefault(key, []).append((words[i][1], words[j][2]))
    prefixes = frozenset(k[:n] for k in keys for n in range(1, len(k)))
    return keys, prefixes


@lru_cache(maxsize=8192)
def _zh_readings(zh: str) -> tuple[tuple[str, ...], ...]:
    return tuple(_readings(ch) if is_cjk(ch) else () for ch in zh)


def name_pairs(zh: str, en: str, min_chars: int = 2) -> list[NamePair]:
    """Name pairs between a Chinese and an English sentence, longest first, non-overlapping.

    A pair is a run of at least ``min_chars`` Han characters whose readings spell a
    capitalised English word or a run of up to three (``Liangjiang``, ``Zhang Jinhui``).
    Per-sentence work is cached, so comparing one sentence with many is cheap.
    """
    keys, prefixes = _en_candidates(en)
    if not keys or not _HAN_RUN.search(zh):
        return []
    readings = _zh_readings(zh)
    found: list[tuple[int, int, str]] = []
    for i in range(len(zh)):
        if not readings[i]:
            continue
        stack = [(i, "")]
        while stack:
            j, spelled = stack.pop()
            if j >= len(zh):
                continue
            for r in readings[j]:
                word = spelled + r
                if word in keys and j + 1 - i >= min_chars:
                    found.append((i, j + 1, word))
                if word in prefixes:
                    stack.append((j + 1, word))
    chosen: list[NamePair] = []
    for i, j, word in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        for es, ee in keys[word]:
            pair = NamePair(zh[i:j], en[es:ee], i, j, es, ee)
            if all(
                (pair.zh_end <= c.zh_start or pair.zh_start >= c.zh_end)
                and (pair.en_end <= c.en_start or pair.en_start >= c.en_end)
                for c in chosen
            ):
                chosen.append(pair)
                break
    return sorted(chosen, key=lambda p: p.zh_start)
