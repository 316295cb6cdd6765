"""The matching form of a text, with a map back to the original characters.

Matching (TM lookup, concordance, n-gram indexes) compares matching forms; the original
text is always kept, and :attr:`Normalized.offsets` lets later stages highlight it.

The folds, in order, per grapheme cluster (a base character with its combining marks,
variation selectors and ZWJ sequences), so every output character maps to exactly one
cluster of the original:

1. Unicode NFKC: full-width digits, Latin letters and punctuation become ASCII
   (``１２３`` → ``123``, ``，`` → ``,``, ``（`` → ``(``), ``…`` → ``...``, ligatures split.
2. Quote and dash folding: ``“ ” „ « » 「 」 『 』`` → ``"``, ``‘ ’ ‚ ′`` → ``'``,
   ``‐ ‑ ‒ – — ― − ﹣`` → ``-``. ``。`` and ``、`` are not folded (they have no ASCII twin).
3. Lowercase.
4. Whitespace (any Unicode space, ideographic space, tabs, newlines) collapsed to one
   space and stripped; a space between two Han characters is dropped (web Chinese often
   spaces out names: ``张 锦辉``). Zero-width and control characters are dropped, and so
   are variation selectors (``两\ufe0f江`` matches ``两江``: a selector picks a glyph, not
   a character).
5. Traditional → Simplified with OpenCC ``t2s`` on the whole text (phrase-aware); should a
   phrase conversion ever change the length, characters are converted one by one so the
   offsets stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

from tmtool.text.script import HAN_CLASS, is_cjk

_QUOTES = {
    **dict.fromkeys("“”„‟«»「」『』〝〞〟＂″‶", '"'),
    **dict.fromkeys("‘’‚‛′‵‹›＇", "'"),
    **dict.fromkeys("‐‑‒–—―−﹘﹣－⁃", "-"),
}
_ASCII_SIMPLE_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_WORD_RUN_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class Normalized:
    """A matching form and, for each of its characters, where it came from.

    ``offsets[i]`` is the index in the original string of the cluster that produced
    matching-form character ``i``; ``ends[i]`` is the end (exclusive) of that cluster,
    or of the whitespace run a collapsed space stands for.
    """

    text: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that matching-form ``text[start:end]`` came from."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if start == end:
            if start < n:
                return self.offsets[start], self.offsets[start]
            last = self._end(n - 1) if n else 0
            return last, last
        return self.offsets[start], self._end(end - 1)

    def _end(self, i: int) -> int:
        return self.ends[i] if self.ends else self.offsets[i] + 1


def _is_extender(ch: str) -> bool:
    """True for characters that belong to the cluster before them."""
    cp = ord(ch)
    if cp < 0x300:
        return False
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x1F3FB <= cp <= 0x1F3FF:
        return True
    if cp == 0x200D:
        return True
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def _is_variation_selector(ch: str) -> bool:
    """VS1–VS16 and VS17–VS256: they pick a glyph (an ideographic variant, emoji or text
    style) of the character before them, never another character."""
    cp = ord(ch)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


@lru_cache(maxsize=8192)
def _fold_cluster(cluster: str) -> str:
    """The matching form of one grapheme cluster: ``" "`` for whitespace, ``""`` to drop."""
    if cluster.isspace():
        return " "
    out = unicodedata.normalize("NFKC", cluster)
    out = "".join(_QUOTES.get(c, c) for c in out).lower()
    kept = []
    for c in out:
        if c.isspace():
            kept.append(" ")
        elif unicodedata.category(c) in ("Cc", "Cf") and c != "\u200d":
            continue
        elif _is_variation_selector(c):
            continue
        else:
            kept.append(c)
    return "".join(kept)


def _clusters(text: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """The grapheme clusters of ``text[start:stop]``; both ends must be cluster starts."""
    spans: list[tuple[int, int]] = []
    n = len(text) if stop is None else stop
    i = start + 1
    while i <= n:
        if i < n and (_is_extender(text[i]) or text[i - 1] == "\u200d"):
            i += 1
            continue
        spans.append((start, i))
        start = i
        i += 1
    return spans


_RUN_TABLE_LIMIT = 1 << 16  # code points remembered; more are classified on each sight


class _RunTable(dict):  # type: ignore[type-arg]
    r"""Code point → its mark for :func:`_general_form`, filled on first sight.

    A character that folds, on its own, to exactly one non-space character is marked by
    that character, one that folds to whitespace by ``" "``; an extender by ``"\x01"``
    (``"\x02"`` for ZWJ, which also takes the next character into its cluster); anything
    else (dropped, expanded, control) by ``"\x00"``. Folds never hold those three control
    characters, so the marks cannot be confused with folds.
    """

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        if _is_extender(ch):
            mark = "\x02" if cp == 0x200D else "\x01"
        else:
            folded = _fold_cluster(ch)
            mark = folded if len(folded) == 1 else "\x00"
        if len(self) < _RUN_TABLE_LIMIT:
            self[cp] = mark
        return mark


@cache
def _run_table() -> _RunTable:
    return _RunTable()


@cache
def _run_re() -> re.Pattern[str]:
    """A run of characters that are each a cluster of their own with a one-character fold,
    neither right after a ZWJ nor right before an extender (that last character would
    belong to the extender's cluster): either words of non-space folds joined by single
    spaces that stay as they are (no Han character on both sides), or a run of spaces.

    Compiled on first use: its two Han classes take about 5 ms to compile, which a
    `tmtool search` process that folds no non-ASCII text need not pay.
    """
    return re.compile(
        "(?<!\x02)"
        f"(?:[^ \x00-\x02]+(?:(?<![{HAN_CLASS}]) [^ \x00-\x02]+| (?![{HAN_CLASS}])[^ \x00-\x02]+)*"
        "| +)(?![\x01\x02])"
    )


@cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16384)
def _t2s_char(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


@cache
def _t2s_set() -> frozenset[str]:
    """The characters t2s can change (:mod:`tmtool.text.t2s_chars`, loaded on first use):
    text with none of them is its own simplified form, and OpenCC need not be loaded for it."""
    from tmtool.text.t2s_chars import T2S_SET

    return T2S_SET


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s); text that t2s cannot change is returned as is."""
    if text.isascii() or _t2s_set().isdisjoint(text):
        return text
    return _t2s().convert(text)


def _ascii_form(text: str) -> Normalized:
    chars: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    prev_end = None
    for m in _WORD_RUN_RE.finditer(text):
        s, e = m.span()
        if prev_end is not None:
            chars.append(" ")
            offsets.append(prev_end)
            ends.append(s)
        chars.append(m.group().lower())
        offsets.extend(range(s, e))
        ends.extend(range(s + 1, e + 1))
        prev_end = e
    return Normalized("".join(chars), tuple(offsets), tuple(ends))


def _general_form(text: str) -> Normalized:
    """Runs of one-character folds (see :func:`_run_re`) are copied whole, with their
    offsets as ranges; what lies between them goes through the per-cluster folds. A
    single space inside a run stands for itself, as a collapsed run of one would."""
    marks = text.translate(_run_table())
    pieces: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    space: tuple[int, int] | None = None  # a pending whitespace run (start, end)
    last = ""  # the last character emitted so far
    n = len(text)
    pos = 0
    for m in chain(_run_re().finditer(marks), (None,)):
        start, stop = m.span() if m is not None else (n, n)
        for s, e in _clusters(text, pos, start) if pos < start else ():
            for c in _fold_cluster(text[s:e]):
                if c == " ":
                    space = (space[0], e) if space else (s, e)
                    continue
                if space is not None:
                    if last and not (is_cjk(last) and is_cjk(c)):
                        pieces.append(" ")
                        offsets.append(space[0])
                        ends.append(space[1])
                    space = None
                pieces.append(c)
                offsets.append(s)
                ends.append(e)
                last = c
        if m is None:
            break
        run = m.group()
        if run[0] == " ":
            space = (space[0], stop) if space else (start, stop)
        else:
            if space is not None:
                if last and not (is_cjk(last) and is_cjk(run[0])):
                    pieces.append(" ")
                    offsets.append(space[0])
                    ends.append(space[1])
                space = None
            pieces.append(run)
            offsets.extend(range(start, stop))
            ends.extend(range(start + 1, stop + 1))
            last = run[-1]
        pos = stop
    form = "".join(pieces)
    if not form.isascii() and not _t2s_set().isdisjoint(form):
        simplified = _t2s().convert(form)
        if len(simplified) != len(form):
            simplified = "".join(_t2s_char(c) if is_cjk(c) else c for c in form)
        form = simplified
    return Normalized(form, tuple(offsets), tuple(ends))


@lru_cache(maxsize=4096)  # offset maps are large; callers that only match use fold()
def matching_form(text: str) -> Normalized:
    """The matching form of ``text`` with its offset map (see the module docstring)."""
    if text.isascii() and not _ASCII_SIMPLE_RE.search(text):
        return _ascii_form(text)
    return _general_form(text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching form's text alone: ``fold(t) == matching_form(t).text``."""
    if text.isascii() and not _ASCII_SIMPLE_RE.search(text):
        return " ".join(text.split()).lower()
    return _general_form(text).text
