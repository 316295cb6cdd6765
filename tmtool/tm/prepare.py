"""Derived fields of a unit as the TM stores them: matching forms, token counts, hash keys.

Kept apart from :mod:`tmtool.tm.store` because it is the CPU-heavy part of an import and
is pure (text in, values out), so a large import can run it in worker processes.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
import unicodedata
from typing import NamedTuple

import numpy as np

from tmtool.text.normalize import fold, to_simplified
from tmtool.text.script import HAN_CLASS, is_cjk
from tmtool.text.t2s_chars import T2S_SET
from tmtool.text.tokens import _MATCH_TOKEN_RE
from tmtool.tm.schema import EN_FOLDS, ZH_FOLDS, stored_en_form, stored_zh_form
from tmtool.tm.terms import ChunkTerms, chunk_terms, chunk_terms_of, words_in_text

# ``match_tokens(t)`` is ``_MATCH_TOKEN_RE.findall(fold(t))``; the TM stores matching forms,
# so it tokenizes them directly instead of folding again (tests/tm/test_prepare.py checks
# that the two agree).
_TOKEN_RE: re.Pattern[str] = _MATCH_TOKEN_RE
# The pattern of tmtool.text.tokens.en_words, applied to stored matching forms (which
# are their own fold); tests/tm/test_prepare.py checks both equivalences.
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)*")


# _TOKEN_RE on ASCII text: no Han character, and a letter is [A-Za-z], a digit [0-9] (about
# 2.5× faster than the Unicode pattern's per-character Han lookaheads on English text).
_ASCII_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:'[A-Za-z]+)*|\S")


def token_pattern(form: str) -> re.Pattern[str]:
    """The pattern of ``form``'s match tokens: :data:`_TOKEN_RE`, or its ASCII equivalent."""
    return _ASCII_TOKEN_RE if form.isascii() else _TOKEN_RE


def form_tokens(form: str) -> list[str]:
    """Match tokens of a text that is already a matching form (``== match_tokens(original)``)."""
    return token_pattern(form).findall(form)


_NOT_SIMPLE = "\ufffe"
"""What :class:`_FoldTable` maps a "not simple" character to (a noncharacter)."""


class _FoldTable(dict):
    """``str.translate`` table: each character's matching form, or :data:`_NOT_SIMPLE`.

    Filled lazily from :func:`tmtool.text.normalize.fold` itself. A character is simple when
    its fold does not depend on its neighbours: ASCII, a Han character that NFKC keeps, or a
    character whose fold is a non-Han, space-free string; whitespace maps to one space.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value: str
        if ch.isspace():
            value = " "
        elif is_cjk(ch):
            value = ch if unicodedata.normalize("NFKC", ch) == ch else _NOT_SIMPLE
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Mc"):
            value = _NOT_SIMPLE
        elif ch == "\u200d" or 0xFE00 <= code <= 0xFE0F or code >= 0x1F000:
            value = _NOT_SIMPLE  # ZWJ, variation selectors, emoji (modifiers): cluster-dependent
        elif any(c.isspace() for c in unicodedata.normalize("NFKC", ch)):
            value = _NOT_SIMPLE  # e.g. ¨ → " ̈": the space takes part in collapsing
        else:
            folded = fold(ch)
            if unicodedata.category(ch) in ("Cc", "Cf"):
                value = folded if not folded else _NOT_SIMPLE
            elif folded and " " not in folded and not _HAN_RE.search(folded):
                value = folded
            else:
                value = _NOT_SIMPLE
        self[code] = value
        return value


_TABLE = _FoldTable()
_HAN_RE = re.compile(f"[{HAN_CLASS}]")
_SPACES = re.compile(" {2,}")


@functools.cache
def _han_space() -> re.Pattern[str]:
    """A space between two Han characters (compiled on first use, ~4 ms: a lookup of text
    without a space need not pay it)."""
    return re.compile(f"(?<=[{HAN_CLASS}]) (?=[{HAN_CLASS}])")


@functools.cache
def _other_re() -> re.Pattern[str]:
    """A character that is neither ASCII nor Han (compiled on first use, ~4 ms: a lookup
    counts no tokens)."""
    return re.compile(f"[^\\x00-\\x7f{HAN_CLASS}]")


def fast_fold(text: str) -> str:
    """``fold(text)``, faster for bulk imports: per-character table + whole-text t2s (only
    when the text holds a character that t2s can change).

    Falls back to :func:`~tmtool.text.normalize.fold` for anything whose fold depends on
    context (combining marks, emoji sequences, compatibility ideographs);
    tests/tm/test_prepare.py checks ``fast_fold(t) == fold(t)``.
    """
    if text.isascii():
        return fold(text)
    form = text.translate(_TABLE)
    if _NOT_SIMPLE in form:  # (also when the text holds U+FFFE itself: fold is always right)
        return fold(text)
    if "  " in form:
        form = _SPACES.sub(" ", form)
    form = form.strip(" ")
    if " " in form:
        form = _han_space().sub("", form)
    if not T2S_SET.isdisjoint(form):  # else t2s gives the form back (see tmtool.text.t2s_chars)
        simplified = to_simplified(form)
        if len(simplified) != len(form):
            return fold(text)
        form = simplified
    return form


def key(form: str) -> int:
    """A stable signed 63-bit hash of a matching form (SQLite INTEGER)."""
    return (
        int.from_bytes(hashlib.blake2b(form.encode("utf-8"), digest_size=8).digest(), "little") >> 1
    )


class Prepared(NamedTuple):
    """What the store derives from a unit's text (``*_stored``: the column value, see
    :func:`tmtool.tm.schema.form_sql`)."""

    zh_m: str
    en_m: str
    zh_stored: str | None
    en_stored: str | None
    zh_len: int
    en_len: int
    zh_key: int
    en_key: int
    en_words: list[str]


def form_words(form: str) -> list[str]:
    """English word tokens of a matching form (``== en_words(original)``)."""
    return _WORD_RE.findall(form)


def count_tokens(form: str, words: list[str] | None = None) -> int:
    """``len(form_tokens(form))``, without building the tokens when the text allows.

    For a matching form whose only non-ASCII characters are Han characters and marks, each
    non-space character is a token except inside ASCII words and numbers, which count once.
    """
    others = _other_re().findall(form)
    if others and any(c.isalnum() for c in others):
        return len(form_tokens(form))
    if words is None:
        words = _WORD_RE.findall(form)
    return len(form) - form.count(" ") - sum(map(len, words)) + len(words)


def prepare(zh: str, en: str) -> Prepared:
    """Matching forms, token counts, keys and English words of one pair."""
    zh_m = fast_fold(zh)
    en_m = fast_fold(en)
    words = _WORD_RE.findall(en_m)
    return Prepared(
        zh_m,
        en_m,
        stored_zh_form(zh, zh_m),
        stored_en_form(en, en_m),
        count_tokens(zh_m),
        count_tokens(en_m, words),
        key(zh_m),
        key(en_m),
        words,
    )


class PreparedChunk(NamedTuple):
    """:func:`prepare` over a batch, by column: what the writer needs and nothing more.

    Compact to send between processes: numbers are arrays, the stored forms are mostly None,
    and the index terms are sorted arrays (:class:`~tmtool.tm.terms.ChunkTerms`).
    """

    valid: np.ndarray  # bool: both matching forms non-empty (else the unit is skipped)
    zh_stored: list[str | None]
    en_stored: list[str | None]
    zh_len: np.ndarray  # int64
    en_len: np.ndarray
    zh_key: np.ndarray  # int64
    en_key: np.ndarray
    terms: ChunkTerms


def prepare_many(pairs: list[tuple[str, str]]) -> PreparedChunk:
    """:func:`prepare` over a batch, with the batch's index terms (a worker's unit of work).

    Works on the whole batch at once (see :func:`_fold_side`): each side is one array of
    code points, folded through a table, its spaces collapsed, its tokens counted and its
    stored forms decided by comparing arrays. A unit whose fold is not character by
    character (or that t2s changes) takes the per-unit path for that side, so the result
    is :func:`prepare`'s, unit by unit (tests/tm/test_prepare.py checks it on hostile text).
    """
    n = len(pairs)
    if not n:
        empty = np.empty(0, np.int64)
        terms = chunk_terms([], [])
        return PreparedChunk(
            np.empty(0, bool), [], [], empty, empty, empty, empty,
            terms._replace(local=terms.local.astype(np.uint16)),
        )  # fmt: skip
    zh = _fold_side([p[0] for p in pairs], zh=True)
    en = _fold_side([p[1] for p in pairs], zh=False)
    zh_counts = _counts(zh, with_words=False)
    en_counts = _counts(en, with_words=True)
    owner = np.repeat(np.arange(n, dtype=np.int64), en_counts.per_unit)
    words = words_in_text(en.codes, en_counts.starts, en_counts.ends, owner, en_counts.odd)
    terms = chunk_terms_of(zh.codes, n, words)
    if n <= 0xFFFF:  # a fifth less to send back
        terms = terms._replace(local=terms.local.astype(np.uint16))
    return PreparedChunk(
        (zh.lens > 0) & (en.lens > 0),
        zh.stored,
        en.stored,
        zh_counts.tokens,
        en_counts.tokens,
        _keys(zh.forms),
        _keys(en.forms),
        terms,
    )


def keep_freed_memory() -> bool:
    """For an import's worker process: let glibc keep the memory :func:`prepare_many` frees.

    A batch allocates and frees some 20 MB of numpy arrays; by default glibc hands it back
    to the system after each batch (heap trimming, ``mmap`` for large blocks) and takes the
    page faults again on the next, which cost about a third of the worker's CPU here
    (bench: 2,900 → 150 faults per 2,000-unit batch). With ``mmap`` only above 32 MB and
    trimming only above 128 MB free, the memory is reused. Process-wide, so meant for the
    worker processes (whose memory is given back when they exit), not a long-lived one.
    Returns False where the C library has no ``mallopt`` (not glibc).
    """
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(mallopt(m_mmap_threshold, 32 << 20)) and bool(mallopt(m_trim_threshold, 128 << 20))


def _keys(forms: list[str]) -> np.ndarray:
    """:func:`key` of each form, as int64."""
    b2 = hashlib.blake2b
    digests = b"".join([b2(f.encode("utf-8"), digest_size=8).digest() for f in forms])
    return (np.frombuffer(digests, dtype="<u8") >> np.uint64(1)).astype(np.int64)


# Bits of ``_Tables.cls``: a character's class in a matching form, for counting tokens.
_L, _D, _APOS, _DOT = 1, 2, 4, 8  # letter a-z, digit (any \d), "'", "." or "," (joining marks)
_TOKEN, _ALNUM, _UDIGIT = 16, 32, 64  # a token when alone (not a space nor the separator);
# a non-ASCII letter or digit (count_tokens takes the pattern); a digit other than 0-9
_DIGIT_RE = re.compile(r"\d")  # (Unicode digits: ٣ is a _WORD_RE number)
# Bits of ``_Tables.bits``.
_HARD, _HAN, _T2S_OUT, _SAME_EN, _SAME_ZH = 1, 2, 4, 8, 16
_CONTROLS = frozenset([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])
"""ASCII characters for which :func:`fold` leaves its ASCII fast path."""
_ZH_SIMPLE = {ord(a): b for a, b in ZH_FOLDS}
_EN_SIMPLE = {ord(a): b for a, b in EN_FOLDS}


class _Tables:
    """Per-code-point lookup arrays, filled lazily for the code points the batches hold
    (from :data:`_TABLE`, the token rules and the stored-form rules).

    ``fold1``: the character's matching form when that is one character that does not
    depend on its neighbours (:class:`_FoldTable`); ``cls``: its class as a character of a
    matching form (``_L``, ``_TOKEN``…); ``bits``: ``_HARD`` (not so, or not filled yet: the text then takes
    :func:`fast_fold`), ``_HAN`` (for :func:`_han_space`), ``_T2S_OUT`` (its fold is in
    :data:`~tmtool.text.t2s_chars.T2S_SET`), ``_SAME_EN`` / ``_SAME_ZH`` (its fold is what SQLite's
    :func:`~tmtool.tm.schema.form_sql` makes of it: ASCII lower after ``EN_FOLDS`` on en,
    ``ZH_FOLDS`` on zh).
    NUL is the separator between texts.
    """

    def __init__(self) -> None:
        size = 0x110000
        self.known = np.zeros(size, bool)
        self.fold1 = np.zeros(size, np.uint32)
        self.cls = np.zeros(size, np.uint8)
        self.bits = np.full(size, _HARD, np.uint8)
        self.known[0] = True
        self.bits[0] = _SAME_EN | _SAME_ZH

    def ensure(self, codes: np.ndarray, bits: np.ndarray) -> bool:
        """Fill the entries of the code points in ``codes`` not filled yet (``bits`` is
        ``self.bits[codes]``); True when there were any."""
        hard = codes[(bits & _HARD).astype(bool)]
        unknown = hard[~self.known[hard]]
        for code in np.unique(unknown).tolist():
            self._fill(code)
        return len(unknown) > 0

    def _fill(self, code: int) -> None:
        ch = chr(code)
        value = _TABLE[code]
        bits = _HAN if _HAN_RE.match(ch) else 0
        if code in _CONTROLS or value == _NOT_SIMPLE or len(value) != 1:
            bits |= _HARD
            self.fold1[code] = 0xFFFD  # (never read: the text is folded by fast_fold)
        else:
            self.fold1[code] = ord(value)
            if value != ch and not self.known[ord(value)]:
                self._fill(ord(value))
            lower = ch.lower() if "A" <= ch <= "Z" else ch
            bits |= (
                (_T2S_OUT if value in T2S_SET else 0)
                | (_SAME_EN if value == _EN_SIMPLE.get(code, lower) else 0)
                | (_SAME_ZH if value == _ZH_SIMPLE.get(code, lower) else 0)
            )
        cls: int
        if code == 0 or ch == " ":
            cls = 0
        elif "0" <= ch <= "9":
            cls = _D | _TOKEN
        elif _DIGIT_RE.match(ch):
            cls = _D | _TOKEN | _ALNUM | _UDIGIT
        elif "a" <= ch <= "z":
            cls = _L | _TOKEN
        elif ch in ".,":
            cls = _DOT | _TOKEN
        elif ch == "'":
            cls = _APOS | _TOKEN
        elif code < 0x80 or _HAN_RE.match(ch) or not ch.isalnum():
            cls = _TOKEN
        else:
            cls = _TOKEN | _ALNUM  # a letter or digit count_tokens leaves to the pattern
        self.cls[code] = cls
        self.bits[code] = bits  # (last: a failure above leaves the entry hard and unknown)
        self.known[code] = True


@functools.cache
def _tables() -> _Tables:
    return _Tables()


class _Side(NamedTuple):
    """One side of a batch, folded (:func:`_fold_side`)."""

    forms: list[str]
    codes: np.ndarray  # uint32 code points of the forms, each followed by NUL
    starts: np.ndarray  # int64: where each form starts in ``codes``
    lens: np.ndarray  # int64: each form's length
    stored: list[str | None]


def _units(positions: np.ndarray, ends: np.ndarray) -> list[int]:
    """The distinct units holding ``positions`` (ascending), units ending at ``ends``."""
    return np.unique(np.searchsorted(ends, positions, side="right")).tolist()


def _fold_side(texts: list[str], zh: bool) -> _Side:
    """Matching forms (:func:`fast_fold`) and stored forms of one side of a batch.

    The texts become one array of code points (a NUL after each) mapped through
    ``_Tables.fold1``; then, as :func:`fast_fold` does on each text, space runs collapse to
    one space, spaces at either end and between two Han characters go. Texts holding a
    "hard" character, or a character t2s may change, are folded by :func:`fast_fold`. The
    stored form is None when SQLite's replacements of the original give the form back
    (:func:`~tmtool.tm.schema.stored_zh_form`, :func:`~tmtool.tm.schema.stored_en_form`):
    when the text lost no space and each of its characters folds to what SQLite makes of it.
    """
    tables = _tables()
    n = len(texts)
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=n) + 1
    text_ends = np.cumsum(lens)
    joined = "\x00".join(texts) + "\x00"
    if joined.count("\x00") != n:  # a text holds NUL: a hard character stands in for it
        joined = "\x00".join(t.replace("\x00", "\ufffe") for t in texts) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    bits = np.take(tables.bits, codes)  # (np.take: twice as fast as indexing here)
    if tables.ensure(codes, bits):
        bits = np.take(tables.bits, codes)
    same = _SAME_ZH if zh else _SAME_EN
    odd = np.flatnonzero((bits & (_HARD | _T2S_OUT | same)) != same)
    odd_bits = bits[odd]
    redo = set(_units(odd[(odd_bits & (_HARD | _T2S_OUT)).astype(bool)], text_ends))
    differ = set(_units(odd[~(odd_bits & same).astype(bool)], text_ends))
    folded = np.take(tables.fold1, codes)
    kept = folded
    space = folded == 32
    if space.any():
        # A space stays when it is the first of a run, neither at a text's ends nor
        # between two Han characters.
        at = np.flatnonzero(space[1:] & ~space[:-1] & (folded[:-1] != 0)) + 1
        after = at + 1
        if (folded[after] == 32).any():  # runs of spaces: the next non-space character
            nonspace = np.where(space, len(folded), np.arange(len(folded)))
            after = np.minimum.accumulate(nonspace[::-1])[::-1][at]
        after = folded[after]
        han = (tables.bits[folded[at - 1]] & tables.bits[after] & _HAN).astype(bool)
        stays = (after != 0) & ~han
        if np.count_nonzero(stays) != np.count_nonzero(space):
            drop = space.copy()
            drop[at[stays]] = False
            dropped = np.flatnonzero(drop)
            kept = np.delete(folded, dropped)
            units = np.searchsorted(text_ends, dropped, side="right")
            lens = lens - np.bincount(units, minlength=n)
            differ.update(np.unique(units).tolist())
    forms = codecs.utf_32_le_decode(kept, "surrogatepass", True)[0].split("\x00")
    forms.pop()
    stored: list[str | None] = [None] * n
    for i in differ:
        stored[i] = forms[i]
    if redo:
        # Those forms by fast_fold, spliced into the code points.
        stored_form = stored_zh_form if zh else stored_en_form
        ends = np.cumsum(lens).tolist()
        pieces = []
        done = 0
        for i in sorted(redo):
            forms[i] = form = fast_fold(texts[i])
            stored[i] = stored_form(texts[i], form)
            pieces.append(kept[done : ends[i] - lens[i]])
            pieces.append(np.frombuffer(form.encode("utf-32-le", "surrogatepass"), dtype="<u4"))
            done = ends[i] - 1
        new = np.concatenate(pieces[1::2])
        tables.ensure(new, np.take(tables.bits, new))
        pieces.append(kept[done:])
        kept = np.concatenate(pieces)
        lens = np.fromiter(map(len, forms), dtype=np.int64, count=n) + 1
    ends = np.cumsum(lens)
    return _Side(forms, kept, ends - lens, lens - 1, stored)


class _Counts(NamedTuple):
    tokens: np.ndarray  # int64: count_tokens of each form
    starts: np.ndarray  # int64: where each _WORD_RE match starts in the side's codes (if asked)
    ends: np.ndarray  # and where it ends
    per_unit: np.ndarray  # int64: how many of them each form holds
    odd: np.ndarray  # int64: where a word has a digit other than 0-9


def _counts(side: _Side, with_words: bool) -> _Counts:
    """:func:`count_tokens` of each form of a side and, if asked, its words (``_WORD_RE``).

    A form's tokens are its characters other than spaces, less those that continue a word
    or number of ``_WORD_RE`` (a letter after a letter, a digit after a digit, an
    apostrophe between letters and a point or comma between digits, and what follows
    those); a form holding a non-ASCII letter or digit is counted by the token pattern.
    """
    cls = np.take(_tables().cls, side.codes)
    # The word class of each character (_L, _D; a joining mark takes its neighbours'),
    # then whether it continues the word or number of the character before it.
    word = cls & np.uint8(_L | _D)
    join = cls[1:-1] >> np.uint8(2)  # (_APOS → _L, _DOT → _D)
    join &= cls[:-2]
    join &= cls[2:]
    join &= np.uint8(_L | _D)
    word[1:-1] |= join
    del join
    cont = np.zeros(len(cls), bool)
    np.not_equal(word[1:] & word[:-1], 0, out=cont[1:])
    tokens = np.add.reduceat((cls >> np.uint8(4)) & np.uint8(1), side.starts, dtype=np.int64)
    tokens -= np.add.reduceat(cont, side.starts, dtype=np.int64)
    for i in _units(np.flatnonzero(cls & np.uint8(_ALNUM)), side.starts + side.lens + 1):
        tokens[i] = len(form_tokens(side.forms[i]))
    if not with_words:
        empty = np.empty(0, np.int64)
        return _Counts(tokens, empty, empty, empty, empty)
    first = word != 0  # (a joining mark continues: never a word's first or last)
    last = first.copy()
    first &= ~cont
    last[:-1] &= ~cont[1:]
    starts = np.flatnonzero(first)
    ends = np.flatnonzero(last) + 1
    if len(starts) != len(ends):
        raise AssertionError("prepare_many: words cut wrong")
    per_unit = np.add.reduceat(first, side.starts, dtype=np.int64)
    return _Counts(tokens, starts, ends, per_unit, np.flatnonzero(cls & np.uint8(_UDIGIT)))
