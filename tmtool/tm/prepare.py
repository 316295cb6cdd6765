"""Derived fields of a unit as the TM stores them: matching forms, token counts, hash keys.

Kept apart from :mod:`tmtool.tm.store` because it is the CPU-heavy part of an import and
is pure (text in, values out), so a large import can run it in worker processes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import NamedTuple

import numpy as np

from tmtool.text.normalize import fold, to_simplified
from tmtool.text.script import HAN_CLASS, is_cjk
from tmtool.text.tokens import _MATCH_TOKEN_RE
from tmtool.tm.schema import stored_en_form, stored_zh_form
from tmtool.tm.t2s_chars import T2S_CHARS
from tmtool.tm.terms import ChunkTerms, chunk_terms

# ``match_tokens(t)`` is ``_MATCH_TOKEN_RE.findall(fold(t))``; the TM stores matching forms,
# so it tokenizes them directly instead of folding again (tests/tm/test_prepare.py checks
# that the two agree).
_TOKEN_RE: re.Pattern[str] = _MATCH_TOKEN_RE
# The pattern of tmtool.text.tokens.en_words, applied to stored matching forms (which
# are their own fold); tests/tm/test_prepare.py checks both equivalences.
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)*")
_OTHER_RE = re.compile(f"[^\\x00-\\x7f{HAN_CLASS}]")


def form_tokens(form: str) -> list[str]:
    """Match tokens of a text that is already a matching form (``== match_tokens(original)``)."""
    return _TOKEN_RE.findall(form)


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
_T2S = frozenset(T2S_CHARS)
_SPACES = re.compile(" {2,}")
_HAN_SPACE = re.compile(f"(?<=[{HAN_CLASS}]) (?=[{HAN_CLASS}])")


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
        form = _HAN_SPACE.sub("", form)
    if not _T2S.isdisjoint(form):  # else t2s gives the form back (see tmtool.tm.t2s_chars)
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
    others = _OTHER_RE.findall(form)
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
    """:func:`prepare` over a batch, with the batch's index terms (a worker's unit of work)."""
    n = len(pairs)
    prepared = [prepare(zh, en) for zh, en in pairs]
    terms = chunk_terms([p.zh_m for p in prepared], [p.en_words for p in prepared])
    if n <= 0xFFFF:  # a fifth less to send back
        terms = terms._replace(local=terms.local.astype(np.uint16))

    def column(i: int) -> np.ndarray:
        return np.fromiter((p[i] for p in prepared), dtype=np.int64, count=n)

    return PreparedChunk(
        np.fromiter((bool(p.zh_m and p.en_m) for p in prepared), dtype=bool, count=n),
        [p.zh_stored for p in prepared],
        [p.en_stored for p in prepared],
        column(4),
        column(5),
        column(6),
        column(7),
        terms,
    )
