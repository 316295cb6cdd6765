"""Concordance: every unit whose Chinese or English side holds a term, and the term's renderings.

Matching is on matching forms (:func:`tmtool.text.normalize.fold`), so it ignores width,
case, quote style and Traditional/Simplified differences; the term is always literal text.

* Chinese side: a term matches anywhere inside the text (两江 inside 两江新区), whatever its
  length. One character: its posting list is the answer. Two: the bigram's posting list is
  the answer. Longer: the posting lists of its bigrams are intersected, then each candidate
  is verified by substring search.
* English side: case-insensitive words and phrases. A term of plain words (letters, digits,
  apostrophes, spaces: ``year on year``) matches where the text's word tokens
  (:func:`tmtool.text.tokens.en_words`) hold its words in sequence, whatever separates them
  (``year-on-year``, ``Year on year``; also across punctuation: ``said the`` finds ``said.
  The``); a one-word term also as its possessive (``Chongqing`` finds ``Chongqing's``, a
  token of its own; a phrase's words match as they are). A term with other characters (``new-energy``, ``6.2%``, ``U.S.``) matches
  literally, bounded by non-alphanumerics. Candidates: the posting lists of the term's
  words, where two consecutive words are both frequent the list of that word pair instead
  (:mod:`tmtool.tm.frequent_words`): a word or a two-word pair is then its own exact
  answer (``of the`` is counted from the index alone); longer phrases are verified. A
  word's possessive adds its own list (counted from the lists too). English
  verification runs one Python test per candidate row (SQLite's string functions cost
  more here): a regular expression sufficient for the common spellings, on the stored
  text as it is, and the token comparison for what it leaves.

First hits walk the rarest posting list back from the newest unit; the others are looked
up in batches, except lists held by more than :data:`FILTER_SHARE` of the units, which the
verification replaces (decoding them would cost more than it saves).

Renderings: for the newest hits (up to :data:`RENDERING_SAMPLE` of them, the same walk as
the hits shown), the candidate spans of
the other side (1–8 English words not starting or ending with a function word — official
names run that long; a company's "Co., Ltd." is one word that only ends a name — and 2–12
Chinese characters not crossing punctuation nor starting or ending with a function
character) are
scored by their association with the term over the whole TM (``f`` = number of units;
``f(span)`` from the index, an upper bound for phrases): Dunning's log-likelihood G² picks
the best span of each hit (it trusts frequent co-occurrence over rare coincidences), and
``dice = 2·f(term, span) / (f(term) + f(span))`` bounds its extensions. The best span is extended to
the longest span of the hit that contains it and keeps at least a quarter of its Dice
(so *Liangjiang New* grows into *Liangjiang New Area* or *Liangjiang New District*; in
English only by words that continue a name: capitalized words, numbers, inner function
words), and only by a span found in two hits or more (a span of one hit is a
coincidence: 永川区增长 is no rendering of Yongchuan District); only
spans found in two hits or more count when there are four hits or more. The renderings
are then counted. bench/renderings.py measures them against the project glossary.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from tmtool.errors import InputError, StoreError
from tmtool.text.normalize import matching_form
from tmtool.text.script import HAN_CLASS, detect_lang, lone_surrogate
from tmtool.text.tokens import en_words
from tmtool.tm.frequent_words import FREQUENT_WORDS
from tmtool.tm.index import EN, PAIR, PAIR_MARKER, ZH, intersect
from tmtool.tm.prepare import _WORD_RE, fast_fold  # en_words on matching forms
from tmtool.tm.schema import EN_FOLDS, ZH_FOLDS, derived_en_form, form_sql

if TYPE_CHECKING:
    from tmtool.tm.store import TranslationMemory

SIDES = ("auto", "zh", "en", "both")
RENDERING_SAMPLE = 200
"""Renderings are counted over the newest hits, at most this many (a user waits for them)."""
FREQUENT = 0.05
"""A term held by more than this share of the units is found by walking back from the newest."""
FILTER_SHARE = 0.2
"""First hits: a further posting list held by more than this share of units is not decoded."""
_BATCH = 256
_MAX_LIMIT = 1 << 62  # what SQLite's 64-bit integers (and any TM) hold
# CJK punctuation (。、《》「」…) and full-width forms (，：（ ％ …): Chinese typography
_CJK_MARKS = re.compile("[\u3000-\u303f\uff01-\uff65]")
_WORD_CHAR = re.compile("[^\\W_]")


def _lang(term: str) -> str:
    """The side of a term for ``auto``: by script (:func:`detect_lang`), and a term with no
    letter, digit or Han character but Chinese punctuation (``。``, ``《》``, ``，``) is
    Chinese, where such marks are written, not English."""
    lang = detect_lang(term)
    if lang == "en" and _CJK_MARKS.search(term) and not _WORD_CHAR.search(term):
        return "zh"
    return lang


_MIN_RATIO = 0.25
EN_SPAN_WORDS = 8
"""Longest English rendering span, in words."""
ZH_SPAN_CHARS = 12
"""Longest Chinese rendering span, in characters."""

EN_FUNCTION_WORDS = frozenset(
    "a an the of and or in on at to for with by from as is are was were be been its it this "
    "that these those their his her our which who than into over about after before per".split()
)
ZH_FUNCTION_CHARS = frozenset("的了和在是与及等将对为把被也都而或从向以于其这那之")
_NAME_ENDS = frozenset(("Co., Ltd.", "Co. Ltd.", "Co.", "Ltd.", "Inc.", "Corp.", "Bros."))
"""Company abbreviations: they end a name and never begin a rendering."""
_EN_TOKEN = re.compile(
    r"Co\.,? Ltd\.|(?:Co|Ltd|Inc|Corp|Bros|No)\.(?!\w)|[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*"
)  # (company abbreviations keep their points: Co., Ltd. is one rendering of 有限公司)
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_ZH_FOLD_TARGETS = frozenset("".join(b for _, b in ZH_FOLDS))
# In a LIKE on ``en`` standing for one on its derived form (``en_m`` NULL): a character an
# ``EN_FOLDS`` mark folds to alone (``'``: ``'`` or ``’``) is any one character, one of a
# longer fold (``.`` of ``…``) any run.
_EN_LIKE_WILD = {
    **{ord(c): "%" for _, b in EN_FOLDS if len(b) > 1 for c in b},
    **{ord(b): "_" for _, b in EN_FOLDS if len(b) == 1},
}
# Classes of the quick patterns (:func:`_quick_pattern`), which also read stored text: with
# each ASCII character, the marks whose fold it is (or, for ``.``, holds).
_QUICK_JOIN = re.escape(" -" + "".join(a for a, b in EN_FOLDS if b == "-"))
_QUICK_APOS = re.escape("'" + "".join(a for a, b in EN_FOLDS if b == "'"))
_QUICK_POINT = re.escape(".," + "".join(a for a, b in EN_FOLDS if "." in b or "," in b))
_APOSTROPHES = {ord(a): b for a, b in EN_FOLDS if b == "'"}
"""The marks that fold to ``'`` (one character each: offsets stay)."""
_ASCII_LETTER = re.compile("[a-z]")
_FREQUENT = frozenset(FREQUENT_WORDS)
_ALNUM_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_TOKEN_CHARS = _ALNUM_CHARS | frozenset("'.,")
"""Characters a word token may hold: any other character ends every token."""


def _continues(form: str, end: int) -> bool:
    """True when a token ending before ``form[end]`` would go on past it."""
    nxt = form[end : end + 1]
    if not nxt or nxt not in _TOKEN_CHARS:
        return False
    if nxt in _ALNUM_CHARS:
        return True
    after = form[end + 1 : end + 2]
    return (nxt == "'" and after.isascii() and after.isalpha()) or (
        nxt in ".," and after.isdigit() and after.isascii()
    )


def _continued(form: str, start: int) -> bool:
    """True when a token ending before ``form[start]`` would take in ``form[start]`` (the
    mirror of :func:`_continues`: ``'`` joins letters, ``.`` and ``,`` join digits)."""
    prev = form[start - 1 : start] if start else ""
    if not prev or prev not in _TOKEN_CHARS:
        return False
    if prev in _ALNUM_CHARS:
        return True
    before, first = form[start - 2 : start - 1] if start > 1 else "", form[start : start + 1]
    if prev == "'":
        return before in _ALNUM_CHARS and not before.isdigit() and first.isalpha()
    return before.isdigit() and before.isascii() and first.isdigit() and first.isascii()


@dataclass(frozen=True)
class ConcordanceHit:
    """One unit holding the term; ``spans`` are (start, end) of the term in ``source``."""

    id: int
    source: str
    target: str
    doc: str | None
    date: str | None
    side: str
    spans: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "side": self.side,
            "source": self.source,
            "target": self.target,
            "doc": self.doc,
            "date": self.date,
            "spans": [list(s) for s in self.spans],
        }


@dataclass(frozen=True)
class Rendering:
    """A rendering of the term on the other side and how many hits use it."""

    text: str
    count: int


@dataclass
class ConcordanceResult:
    """What :func:`concordance` found. ``total`` counts units whose searched side holds the term."""

    term: str
    side: str
    total: int
    hits: list[ConcordanceHit] = field(default_factory=list)
    renderings: list[Rendering] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "side": self.side,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "renderings": [{"text": r.text, "count": r.count} for r in self.renderings],
        }


class _Side:
    """How one side of the TM is searched for one term."""

    def __init__(self, tm: TranslationMemory, lang: str, term: str) -> None:
        self.tm = tm
        self.lang = lang
        self.form = fast_fold(term)
        self.exact = False  # the candidates are the answer (no verification needed)
        self.column = form_sql(lang)
        self._candidates: np.ndarray | None = None
        self.terms: list[str] | None  # index terms to intersect; None: no index term, scan
        self.words: list[str] = []
        self.plain = False  # an English term of plain words: matched by word tokens
        self.quick: re.Pattern[str] | None = None  # a plain term's sufficient test
        self.possessive = False  # the last word also matches as ``word's``
        self.extra_terms: list[str] | None = None  # index terms of the possessive form
        self.extra_exact = False
        if lang == "en":
            words = self.words = _WORD_RE.findall(self.form)  # (en_words of the term)
            self.plain = bool(words) and self.form == " ".join(words)
            self.pattern = None if self.plain else _bounded(self.form)
            self.terms = _en_terms(tm, words) or None
            self.exact = _exact(words, self.terms, self.plain)
            last = words[-1] if words else ""
            # A word also stands for its possessive (Chongqing: Chongqing's), a token of its
            # own with its own posting list: candidates A ∪ B, both exact (see ``parts``).
            # Not the last word of a phrase: B would be the units holding the possessive
            # anywhere (``of China``: those of ``China's``, 25k at 1M), verified row by row.
            self.possessive = (
                self.plain
                and len(words) == 1
                and last[-1:].isascii()
                and last[-1:].isalpha()
                and not last.endswith("'s")
            )
            if self.possessive and self.terms is not None:
                extra = _en_terms(tm, [*words[:-1], last + "'s"])
                if all(map(tm.document_frequency, extra)):
                    self.extra_terms = extra
                    self.extra_exact = _exact([*words[:-1], last + "'s"], extra, True)
            if self.plain:  # (a possessive no unit holds is not looked for)
                self.quick = _quick_pattern(words, self.extra_terms is not None)
        else:
            self.pattern = None
            if len(self.form) == 1:
                self.terms = [ZH + self.form]
                self.exact = self.form != " "
            else:
                self.terms = sorted({ZH + self.form[i : i + 2] for i in range(len(self.form) - 1)})
                self.exact = len(self.form) == 2

    @property
    def exact_all(self) -> bool:
        """True when every candidate holds the term (the possessive's included)."""
        return self.exact and (self.extra_terms is None or self.extra_exact)

    def parts(self) -> tuple[np.ndarray, np.ndarray]:
        """The candidates as (ids that hold the term, ids still to verify), disjoint; the
        first may be two sorted runs.

        A: the term's own lists; B: those of its possessive form (:meth:`_extra_ids`), less
        the ids of A. Each part is sure when its lists are exact, so ``the city`` (pair
        lists of ``the city`` and ``the city's``) is counted from the index alone.
        """
        assert self.terms is not None
        none = np.empty(0, dtype=np.uint32)
        a = intersect([self.tm.postings(t) for t in self.terms])
        if self.extra_terms is None:
            return (a, none) if self.exact else (none, a)
        b = _missing(self._extra_ids(), a)
        if not self.exact:
            return none, _merge(a, b)
        return (np.concatenate([a, b]), none) if self.extra_exact else (a, b)

    def _extra_ids(self) -> np.ndarray:
        """B: the units that may hold the possessive form. Unless its lists are exact, those
        held by more than :data:`FILTER_SHARE` of the units are left to the verification
        (``of China``: the list of ``of`` is not decoded, that of ``china's`` is B)."""
        assert self.extra_terms is not None
        b = self.__dict__.get("_extra")
        if b is None:
            terms = sorted(self.extra_terms, key=self.tm.document_frequency)
            if not self.extra_exact:
                cap = FILTER_SHARE * self.tm.info_units()
                terms = terms[:1] + [t for t in terms[1:] if self.tm.document_frequency(t) <= cap]
            b = self.__dict__["_extra"] = intersect([self.tm.postings(t) for t in terms])
        return b

    @property
    def candidates(self) -> np.ndarray | None:
        """Ids of the units that may hold the term (all of them when :attr:`exact_all`)."""
        if self.terms is None:
            return None
        if self._candidates is None:
            sure, unsure = self.parts()
            if len(sure) and len(unsure):
                self._candidates = np.sort(np.concatenate([sure, unsure]), kind="stable")
            else:  # (the sure part may be two sorted runs: a stable sort merges them)
                self._candidates = np.sort(sure, kind="stable") if len(sure) else unsure
        return self._candidates

    def newest_candidates(self) -> Iterator[np.ndarray]:
        """:attr:`candidates`, newest first, in growing batches, computed lazily.

        The rarest posting list is walked back from its end and each batch is looked up in
        the others by binary search, so the first hits cost a few batches, not the whole
        intersection (``year on year``: ``on`` is in most units). B (the possessive form's
        candidates, usually few) is merged into the batches.
        """
        if self._candidates is not None:
            ids = self._candidates[::-1]
            at, batch = 0, _BATCH
            while at < len(ids):
                yield ids[at : at + batch]
                at += batch
                batch *= 2
            return
        assert self.terms is not None
        if self.extra_terms is None:
            yield from self._walk(self.terms)
            return
        extra = self._extra_ids()[::-1]
        at = 0
        for chunk in self._walk(self.terms):
            # B's ids down to the chunk's lowest belong with it (newer than later chunks).
            upto = at + int(np.searchsorted(-extra[at:].astype(np.int64), -int(chunk[-1]), "right"))
            if upto > at:
                chunk = np.union1d(chunk, extra[at:upto])[::-1]
                at = upto
            yield chunk
        if at < len(extra):
            yield extra[at:]

    def _walk(self, terms: list[str]) -> Iterator[np.ndarray]:
        """The intersection of the lists of ``terms``, newest first, in growing batches."""
        # Lists held by a large share of the units filter little and cost a long decode:
        # the verification (always on when there is more than one term) stands in for them.
        terms = sorted(terms, key=self.tm.document_frequency)
        cap = FILTER_SHARE * self.tm.info_units()
        rare = self.tm.postings(terms[0])
        others = [self.tm.postings(t) for t in terms[1:] if self.tm.document_frequency(t) <= cap]
        end, batch = len(rare), _BATCH
        while end > 0:
            chunk = rare[max(0, end - batch) : end][::-1]
            end -= batch
            batch *= 2
            for other in others:
                if not len(other) or not len(chunk):
                    chunk = chunk[:0]
                    break
                pos = np.searchsorted(other, chunk)
                pos[pos == len(other)] = 0
                chunk = chunk[other[pos] == chunk]
            if len(chunk):
                yield chunk

    @property
    def frequency(self) -> int:
        """How many units hold the term (its possessive form aside) when :attr:`exact`,
        else an upper bound."""
        if self.terms is None:
            return self.tm.info_units()
        return min(self.tm.document_frequency(t) for t in self.terms)

    @property
    def direct(self) -> re.Pattern[str]:
        """The term as a case-insensitive pattern over original text (not plain terms)."""
        pattern = self.__dict__.get("_direct")
        if pattern is None:
            if self.pattern is not None:
                pattern = re.compile(self.pattern.pattern, re.IGNORECASE)
            else:
                pattern = re.compile(
                    re.escape(self.form), re.IGNORECASE if _ASCII_LETTER.search(self.form) else 0
                )
            self.__dict__["_direct"] = pattern
        return pattern

    def _clean_finds(self, text: str) -> list[tuple[int, int]]:
        """Where a plain term stands in ``text`` as it is, between characters no word token
        continues over (so its words are whole tokens there)."""
        term, out = self.form, []
        i = text.find(term)
        while i >= 0:
            end = i + len(term)
            after = end + 2 if self.possessive and text.startswith("'s", end) else end
            if not _continued(text, i) and not _continues(text, after):
                out.append((i, end))
                i = text.find(term, end)
            else:
                i = text.find(term, i + 1)
        return out

    def holds_row(self, en_m: str | None, en: str) -> bool:
        """:meth:`holds` of a unit row: ``en_m`` is the stored matching form, NULL where it is
        ``en`` with the ``EN_FOLDS`` marks replaced and ASCII lowered
        (:func:`tmtool.tm.schema.derived_en_form`).

        Counts call it for every candidate: the usual row (en_m NULL, the term in lowercase
        in the text) is settled by :attr:`quick` on the stored text, without deriving its
        form (the lowercase spelling is there in the form too, and the pattern's boundaries
        count capitals as letters and ``’ ‘ …`` as the ``' .`` they fold to).
        """
        return self.row_test(en_m, en)

    @property
    def row_test(self) -> Callable[[str | None, str], bool]:
        """:meth:`holds_row` as a closure over its pattern and test (what SQLite calls per
        row: no attribute lookups, 3 of the 60 ms of a ``year on year`` count at 1M)."""
        test = self.__dict__.get("_row_test")
        if test is None:
            search = self.quick.search if self.quick is not None else None
            holds = self.holds

            def test(en_m: str | None, en: str) -> bool:
                if en_m is None:
                    if search is not None and search(en) is not None:
                        return True
                    en_m = derived_en_form(en)
                return holds(en_m)

            self.__dict__["_row_test"] = test
        return test

    def _token_spans(self, form: str) -> list[tuple[int, int]]:
        """Where the word tokens of ``form`` hold the plain term's words in sequence (a
        possessive's ``'s`` left out of the span)."""
        tokens = list(_WORD_RE.finditer(form))
        k, last = len(self.words), len(self.words[-1])
        return [
            (tokens[j - k + 1].start(), tokens[j].start() + last)
            for j in self._ends([t.group() for t in tokens])
        ]

    def holds(self, form: str) -> bool:
        """True when an English matching form holds the term (see the module docstring).

        Called for every candidate a count verifies, so the usual case is one search of
        :attr:`quick` (the words joined by spaces or hyphens, between characters no word
        token continues over). Otherwise each place where the words follow each other with
        only non-alphanumerics between them is tokenized between the nearest characters no
        token holds, and its tokens compared.
        """
        if self.quick is not None and self.quick.search(form):
            return True
        term = self.form
        if self.pattern is not None:
            left, right = term[:1].isalnum(), term[-1:].isalnum()
            i = form.find(term)
            while i >= 0:
                end = i + len(term)
                if not (left and i and form[i - 1] in _ALNUM_CHARS) and not (
                    right and form[end : end + 1] in _ALNUM_CHARS
                ):
                    return True
                i = form.find(term, i + 1)
            return False
        loose = self.__dict__.get("_loose")
        if loose is None:
            loose = self.__dict__["_loose"] = re.compile(
                "[^0-9a-z]*".join(map(re.escape, self.words))
            )
        m = loose.search(form)
        while m:
            a, b = m.start(), m.end()
            while a and form[a - 1] in _TOKEN_CHARS:
                a -= 1
            while b < len(form) and form[b] in _TOKEN_CHARS:
                b += 1
            if self._ends(_WORD_RE.findall(form, a, b)):
                return True
            m = loose.search(form, m.start() + 1)
        return False

    def _ends(self, tokens: list[str]) -> list[int]:
        """The indexes after which ``tokens`` hold the plain term's words in sequence (the
        last one possibly as its possessive)."""
        words, k = self.words, len(self.words)
        out = []
        for i in range(len(tokens) - k + 1):
            if tokens[i : i + k - 1] == words[:-1] and (
                tokens[i + k - 1] == words[-1]
                or (self.possessive and tokens[i + k - 1] == words[-1] + "'s")
            ):
                out.append(i + k - 1)
        return out

    def condition(self, conn: Any, params: list[Any], *, verify: bool = False) -> str:
        """SQL checking that ``u`` holds the term (``1`` when the candidates are exact)."""
        if self.exact_all and self.terms is not None and not verify:
            return "1"
        if self.lang == "zh" and not set(self.form) & _ZH_FOLD_TARGETS:
            # Where zh_m is left to SQL, it differs from zh only in characters the term does
            # not hold (and ASCII case): search the stored text directly, no rebuilding.
            original = "lower(u.zh)" if _ASCII_LETTER.search(self.form) else "u.zh"
            params.extend((self.form, self.form))
            return f"(CASE WHEN u.zh_m IS NULL THEN instr({original}, ?) ELSE instr(u.zh_m, ?) END) > 0"
        if self.lang == "en":
            name = f"tm_has_{abs(hash((self.form, self.plain)))}"
            conn.create_function(name, 2, self.row_test, deterministic=True)
            row = f"{name}(u.en_m, u.en)"  # (no lower(en) built by SQL, see holds_row)
            if self.terms is not None and not verify:
                return row  # candidates of the term's own lists
            # Any row: a LIKE first (the words in this order) spares most rows the call. Where
            # en_m is NULL it is en with EN_FOLDS replaced and ASCII lowered: an ASCII-case-
            # insensitive LIKE on en, the characters those marks fold to made wildcards, holds
            # every row the LIKE on the form would, without building the form for every row.
            parts = self.words if self.plain else [self.form]
            escaped = [
                w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in parts
            ]
            like = "%".join(escaped)
            raw = "%".join(w.translate(_EN_LIKE_WILD) for w in escaped)
            params.extend((f"%{raw}%", f"%{like}%"))
            return (
                "(CASE WHEN u.en_m IS NULL THEN u.en LIKE ? ESCAPE '\\' "
                "ELSE u.en_m LIKE ? ESCAPE '\\' END) "
                f"AND {row}"
            )
        params.append(self.form)
        return f"instr({self.column}, ?) > 0"

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """Where the term occurs in an original text (original offsets).

        Usually the text holds the term as it is (any case), and the original is searched
        directly; otherwise through the matching form and its offset map.
        """
        if self.plain:
            # (curly apostrophes as the form has them: ``’s`` goes on a word as ``'s`` does)
            lower = text.lower().translate(_APOSTROPHES)
            direct = self._clean_finds(lower) if len(lower) == len(text) else []
            if not direct and text.isascii():
                # ASCII folds to lowercase with spaces collapsed, which moves no token.
                direct = self._token_spans(lower)
        else:
            direct = [m.span() for m in self.direct.finditer(text)] if self.form else []
        if direct:
            return tuple(direct)
        norm = matching_form(text)
        if self.plain:
            found = self._token_spans(norm.text)
        elif self.pattern is not None:
            found = [m.span() for m in self.pattern.finditer(norm.text)]
        else:
            found, start = [], 0
            while self.form and (i := norm.text.find(self.form, start)) >= 0:
                found.append((i, i + len(self.form)))
                start = i + len(self.form)
        return tuple(norm.original_span(a, b) for a, b in found)


def _en_terms(tm: TranslationMemory, words: list[str]) -> list[str]:
    """Index terms whose lists hold every unit with these words in sequence.

    Two consecutive frequent words give their pair's list (when every unit was indexed
    with the shipped word list: the marker's count is the number of units); any word not
    in such a pair gives its own list.
    """
    words = list(words)
    pairs = (
        len(words) > 1
        and sum(w in _FREQUENT for w in words) > 1
        and tm.document_frequency(PAIR_MARKER) == tm.info_units()
    )
    terms: list[str] = []
    covered = [False] * len(words)
    if pairs:
        for i in range(len(words) - 1):
            if words[i] in _FREQUENT and words[i + 1] in _FREQUENT:
                terms.append(PAIR + words[i] + " " + words[i + 1])
                covered[i] = covered[i + 1] = True
    terms.extend(EN + w for w, c in zip(words, covered, strict=True) if not c)
    return list(dict.fromkeys(terms))


def _exact(words: list[str], terms: list[str] | None, plain: bool) -> bool:
    """True when the lists of ``terms`` hold exactly the units with these words in sequence:
    one word, or two whose pair is indexed."""
    return plain and (
        len(words) == 1 or (len(words) == 2 and terms is not None and terms[0][0] == PAIR)
    )


def _missing(b: np.ndarray, a: np.ndarray) -> np.ndarray:
    """The ids of sorted ``b`` that sorted ``a`` lacks."""
    if not len(a) or not len(b):
        return b
    pos = np.searchsorted(a, b)
    pos[pos == len(a)] = 0
    return b[a[pos] != b]


def _merge(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The sorted union of two disjoint sorted id arrays (one copy of ``a``: ``b`` is
    usually a few possessives)."""
    if not len(b):
        return a
    return np.insert(a, np.searchsorted(a, b), b)


def _quick_pattern(words: list[str], possessive: bool = False) -> re.Pattern[str]:
    """A sufficient test that a text holds these words as consecutive word tokens.

    The words joined by spaces or hyphens (``year-on-year``), which no token holds, between
    characters over which no token goes on: none of ``[\\w'.,]`` before (any letter or digit,
    capitals included, and the characters inside tokens), and after neither a letter or digit,
    nor an apostrophe before a letter, nor a point or comma before a digit. Stricter than
    the tokens need (``é`` joins no token, yet fails the test): what it misses is left to
    the exact test. The text is searched for the literal first word (fast);
    the left boundary is a fixed-width lookbehind at the end of the match. ``possessive``:
    the last word may end in ``'s``. Also run on stored text whose form is derived
    (``en_m`` NULL): each ASCII character of the test stands with the ``EN_FOLDS`` marks
    that fold to it (``’`` for ``'``, ``—`` for ``-``, ``…`` among the points), so the test
    says of the text what it says of its form.
    """
    core = f"[{_QUICK_JOIN}]".join(map(re.escape, words))
    tail = f"(?:[{_QUICK_APOS}]s)?" if possessive else ""
    return re.compile(
        f"{core}(?<![\\w{_QUICK_APOS}{_QUICK_POINT}]{core}){tail}"
        f"(?!\\w|[{_QUICK_APOS}][A-Za-z]|[.,]\\d)"
    )


def _bounded(form: str) -> re.Pattern[str]:
    left = r"(?<![0-9a-z])" if form[:1].isalnum() else ""
    right = r"(?![0-9a-z])" if form[-1:].isalnum() else ""
    return re.compile(left + re.escape(form) + right)


def _filters(
    tm: TranslationMemory,
    doc: str | None,
    since: str | None,
    not_side: _Side | None,
    params: list[Any],
) -> str:
    sql = ""
    if doc is not None:
        sql += " AND u.doc_id = (SELECT id FROM documents WHERE name = ?)"
        params.append(doc)
    if since is not None:
        sql += " AND u.date >= ?"
        params.append(since)
    if not_side is not None:
        sql += f" AND NOT ({not_side.condition(tm.conn, params, verify=True)})"
    return sql


def _check_since(since: str | None) -> None:
    """Raise :class:`InputError` unless ``since`` is None or a calendar date YYYY-MM-DD
    (dates are compared as text: any other string would filter silently and wrongly)."""
    from tmtool.text.numbers import is_iso_day

    if since is not None and not is_iso_day(since):
        raise InputError(f"{since!r} is not a calendar date like 2024-02-19")


def _limit(limit: int) -> int:
    """``limit`` within [0, 2**62]: SQLite cannot bind a larger integer."""
    return max(0, min(limit, _MAX_LIMIT))


def _setup(
    tm: TranslationMemory,
    term: str,
    side: str,
    not_term: str | None,
    since: str | None = None,
    doc: str | None = None,
) -> tuple[str, list[_Side], _Side | None]:
    if side not in SIDES:
        raise StoreError(f"unknown side {side!r} (one of {', '.join(SIDES)})")
    _check_since(since)
    tm.refresh()
    term = term.replace("\x00", "")
    result_side = _lang(term) if side == "auto" else side
    if lone_surrogate(term) or (doc is not None and lone_surrogate(doc)):
        return result_side, [], None  # literally in no unit (nor document name)
    if not_term is not None and lone_surrogate(not_term):
        not_term = None  # in no unit: leaves none out
    if not fast_fold(term):
        return result_side, [], None
    langs = ["zh", "en"] if result_side == "both" else [result_side]
    sides = [_Side(tm, lang, term) for lang in langs]
    not_side = None
    if not_term is not None and fast_fold(not_term.replace("\x00", "")):
        not_side = _Side(tm, _lang(not_term), not_term.replace("\x00", ""))
    return result_side, sides, not_side


def find_hits(
    tm: TranslationMemory,
    term: str,
    *,
    side: str = "auto",
    not_term: str | None = None,
    doc: str | None = None,
    since: str | None = None,
    limit: int = 50,
) -> list[ConcordanceHit]:
    """The newest ``limit`` units holding ``term`` (see :func:`concordance`)."""
    _, sides, not_side = _setup(tm, term, side, not_term, since, doc)
    return _hits(tm, sides, doc, since, not_side, _limit(limit)) if sides else []


def count(
    tm: TranslationMemory,
    term: str,
    *,
    side: str = "auto",
    not_term: str | None = None,
    doc: str | None = None,
    since: str | None = None,
) -> int:
    """How many units hold ``term`` on the searched side(s) (see :func:`concordance`)."""
    _, sides, not_side = _setup(tm, term, side, not_term, since, doc)
    return _count(tm, sides, doc, since, not_side) if sides else 0


def concordance(
    tm: TranslationMemory,
    term: str,
    *,
    side: str = "auto",
    not_term: str | None = None,
    doc: str | None = None,
    since: str | None = None,
    limit: int = 50,
    renderings: bool = True,
) -> ConcordanceResult:
    """Units holding ``term`` (newest first, at most ``limit``), their total, and renderings.

    ``side``: ``zh``/``en`` searches that side, ``auto`` the side of the term's script,
    ``both`` either side. ``not_term`` keeps only units whose side in *its* script lacks it
    (``两江新区 --not "Liangjiang New Area"``). ``since`` is an ISO date (units without a
    date are then left out). ``total`` counts every unit that qualifies.
    """
    result_side, sides, not_side = _setup(tm, term, side, not_term, since, doc)
    limit = _limit(limit)
    clean = term.replace("\x00", "")
    if not sides:
        return ConcordanceResult(term=clean, side=result_side, total=0)
    total = _count(tm, sides, doc, since, not_side)
    sample = None
    if renderings and total and result_side != "both" and limit <= RENDERING_SAMPLE:
        # The newest hits are the start of the renderings' sample: one walk for both.
        sample = _hits(tm, sides, doc, since, not_side, RENDERING_SAMPLE, spans=False)
        hits = [replace(h, spans=sides[0].spans(h.source)) for h in sample[: max(0, limit)]]
    else:
        hits = _hits(tm, sides, doc, since, not_side, max(0, limit))
    result = ConcordanceResult(term=clean, side=result_side, total=total, hits=hits)
    if renderings and total:
        main = sides[0] if result_side != "both" else _Side(tm, _lang(clean), clean)
        if sample is None:
            sample = _hits(tm, [main], doc, since, not_side, RENDERING_SAMPLE, spans=False)
        main_total = total if result_side != "both" else _count(tm, [main], doc, since, not_side)
        result.renderings = find_renderings(tm, main.lang, sample, main_total)
    return result


def _count(
    tm: TranslationMemory,
    sides: list[_Side],
    doc: str | None,
    since: str | None,
    not_side: _Side | None,
) -> int:
    conn = tm.conn
    plain = doc is None and since is None and not_side is None
    if len(sides) == 1 and sides[0].terms is not None:
        s = sides[0]
        if plain and s.exact and s.extra_terms is None:
            return s.frequency
        # The sure part is counted as it is (or only filtered), the rest verified row by row.
        sure, unsure = s.parts()
        filt_params: list[Any] = []
        filt = _filters(tm, doc, since, not_side, filt_params)
        n = len(sure) if plain else _count_rows(conn, sure, "1", filt_params, filt)
        if len(unsure):
            p: list[Any] = []
            check = s.condition(conn, p)  # (not "1": some candidates are unsure)
            n += _count_rows(conn, unsure, check, [*p, *filt_params], filt)
        return n
    params: list[Any] = []
    sources: list[np.ndarray] | None = []
    for s in sides:
        if s.terms is None:
            sources = None
            break
        sources.append(s.candidates)
    per_side = []
    for s in sides:
        p: list[Any] = []
        # A side whose candidates are exact needs no check, unless another side widens the ids.
        per_side.append((s.condition(conn, p, verify=len(sides) > 1 or sources is None), p))
    verify = " OR ".join(f"({c})" for c, _ in per_side)
    for _, p in per_side:
        params.extend(p)
    filt_params: list[Any] = []
    filt = _filters(tm, doc, since, not_side, filt_params)
    if sources is None:
        sql = f"SELECT COUNT(*) FROM units u WHERE ({verify}){filt}"
        (n,) = conn.execute(sql, params + filt_params).fetchone()
        return int(n)
    ids = np.union1d(*sources) if len(sources) == 2 else sources[0]
    return _count_rows(conn, ids, f"({verify})", [*params, *filt_params], filt)


def _count_rows(conn: Any, ids: np.ndarray, check: str, params: list[Any], filt: str) -> int:
    """How many of the units ``ids`` pass the SQL ``check`` and the filters."""
    if not len(ids):
        return 0
    sql = f"SELECT COUNT(*) FROM json_each(?) j JOIN units u ON u.id = j.value WHERE {check}{filt}"
    (n,) = conn.execute(sql, [_json_ids(ids), *params]).fetchone()
    return int(n)


def _json_ids(ids: np.ndarray) -> str:
    """Unit ids as a JSON array for ``json_each``: a list of ints prints as one (a third
    faster than :func:`json.dumps` for the 30k candidates of a common phrase)."""
    return str(ids.tolist())


def _hits(
    tm: TranslationMemory,
    sides: list[_Side],
    doc: str | None,
    since: str | None,
    not_side: _Side | None,
    limit: int,
    spans: bool = True,
) -> list[ConcordanceHit]:
    if limit <= 0:
        return []
    conn = tm.conn
    out: dict[int, ConcordanceHit] = {}
    for s in sides:
        src, tgt = (s.lang, "en" if s.lang == "zh" else "zh")
        params: list[Any] = []
        verify = s.condition(conn, params)
        filt_params: list[Any] = []
        filt = _filters(tm, doc, since, not_side, filt_params)
        columns = f"u.id, u.{src}, u.{tgt}, d.name, u.date"
        join = "LEFT JOIN documents d ON d.id = u.doc_id"
        rows: list[tuple[Any, ...]] = []
        frequent = s.exact and s.frequency > FREQUENT * tm.info_units()
        if s.terms is None or frequent:
            # No index term, or so common a term that the newest units hold it: walk back
            # from the newest unit instead of decoding a long posting list.
            params = []
            verify = s.condition(conn, params, verify=True)
            rows = conn.execute(
                f"SELECT {columns} FROM units u {join} WHERE {verify}{filt} ORDER BY u.id DESC LIMIT ?",
                [*params, *filt_params, limit],
            ).fetchall()
        else:
            for chunk in s.newest_candidates():
                if len(rows) >= limit:
                    break
                rows.extend(
                    conn.execute(
                        f"SELECT {columns} FROM json_each(?) j JOIN units u ON u.id = j.value {join} "
                        f"WHERE {verify}{filt} LIMIT ?",
                        [_json_ids(chunk), *params, *filt_params, limit - len(rows)],
                    ).fetchall()
                )
        for uid, source, target, name, date in rows:
            if uid not in out:
                out[uid] = ConcordanceHit(
                    id=uid,
                    source=source,
                    target=target,
                    doc=name,
                    date=date,
                    side=s.lang,
                    spans=s.spans(source) if spans else (),
                )
    return sorted(out.values(), key=lambda h: -h.id)[:limit]


def _en_spans(text: str) -> dict[str, str]:
    """Candidate English spans of a target: lowercase key → shown text."""
    tokens = [(m.start(), m.end(), m.group()) for m in _EN_TOKEN.finditer(text)]
    lower = text.lower()
    if len(lower) != len(text):  # (a character whose lower case is longer: İ)
        lower = "".join(c.lower()[0] for c in text)
    function = [word.lower() in EN_FUNCTION_WORDS for _, _, word in tokens]
    # punctuation between two words ends a span
    breaks = [False] + [
        bool(text[tokens[j - 1][1] : tokens[j][0]].strip()) for j in range(1, len(tokens))
    ]
    out: dict[str, str] = {}
    for i, (start, _, word) in enumerate(tokens):
        if function[i]:
            continue
        last = min(i + 1 if word in _NAME_ENDS else i + EN_SPAN_WORDS, len(tokens))
        for j in range(i, last):
            if j > i and breaks[j]:
                break
            if function[j]:
                continue
            end = tokens[j][1]
            key = lower[start:end]
            if key not in out:
                out[key] = text[start:end]
    return out


def _zh_spans(text: str) -> dict[str, str]:
    """Candidate Chinese spans of a target (matching form): span → span."""
    spans: dict[str, None] = {}  # (ordered: ties between spans break the same way every run)
    for run in _HAN_RUN.finditer(fast_fold(text)):
        s = run.group()
        n = len(s)
        ends = [False, False] + [s[j - 1] not in ZH_FUNCTION_CHARS for j in range(2, n + 1)]
        spans.update(
            dict.fromkeys(
                s[i:j]
                for i in range(n)
                if s[i] not in ZH_FUNCTION_CHARS
                for j in range(i + 2, min(i + ZH_SPAN_CHARS, n) + 1)
                if ends[j]
            )
        )
    return {span: span for span in spans}


def _span_df(tm: TranslationMemory, lang: str, span: str) -> int:
    if lang == "en":
        terms = _en_terms(tm, en_words(span))
        return len(intersect([tm.postings(t) for t in terms])) if terms else 0
    grams = {span[i : i + 2] for i in range(len(span) - 1)}
    return len(intersect([tm.postings(ZH + g) for g in grams]))


def _size(span: str, lang: str) -> int:
    return len(span.split()) if lang == "en" else len(span)


def _name_like(shown: str, core: str) -> bool:
    """True when the words ``shown`` adds to ``core`` continue a name (capitalized, numbers,
    or function words inside it): *Liangjiang New* → *Liangjiang New District*, but not
    *Liangjiang New Area completed*."""
    core_words = core.split()
    words = shown.split()
    for i in range(len(words) - len(core_words) + 1):
        if [w.lower() for w in words[i : i + len(core_words)]] == core_words:
            added = words[:i] + words[i + len(core_words) :]
            return all(
                w[:1].isupper() or w[:1].isdigit() or w.lower() in EN_FUNCTION_WORDS for w in added
            )
    return False


def _contains(longer: str, shorter: str, lang: str) -> bool:
    if lang == "en":
        return f" {shorter} " in f" {longer} "
    return shorter in longer


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Dunning's G² of a 2×2 contingency table (a = both, b, c = one only, d = neither)."""
    total = a + b + c + d
    if total <= 0:
        return 0.0
    out = 0.0
    for observed, row, col in (
        (a, a + b, a + c),
        (b, a + b, b + d),
        (c, c + d, a + c),
        (d, c + d, b + d),
    ):
        if observed > 0 and row > 0 and col > 0:
            out += observed * math.log(observed * total / (row * col))
    return 2.0 * out


def find_renderings(
    tm: TranslationMemory, term_lang: str, hits: list[ConcordanceHit], total: int, top: int = 10
) -> list[Rendering]:
    """Group and count how the hits render the term on the other side (see module docstring)."""
    if not hits:
        return []
    target_lang = "en" if term_lang == "zh" else "zh"
    extract = _en_spans if target_lang == "en" else _zh_spans
    per_hit = [extract(h.target) for h in hits]
    hf: Counter[str] = Counter()
    for spans in per_hit:
        hf.update(spans.keys())
    floor = 2 if len(hits) >= 4 else 1
    candidates = [k for k, n in hf.most_common(150) if n >= floor]
    scale = total / len(hits)
    n_units = max(tm.info_units(), total)
    dice: dict[str, float] = {}
    llr: dict[str, float] = {}
    for k in candidates:
        both = hf[k] * scale
        df = max(float(_span_df(tm, target_lang, k)), both)
        dice[k] = 2.0 * both / (total + df)
        llr[k] = log_likelihood(both, df - both, total - both, n_units - total - df + both)
    counts: Counter[str] = Counter()
    for spans in per_hit:
        scored = [k for k in spans if k in dice]
        if not scored:
            continue
        best = max(scored, key=lambda k: (llr[k], _size(k, target_lang)))
        if dice[best] < 0.05:
            continue
        # Extend the best span to the longest span around it that is still associated.
        extensions = [
            k
            for k in scored
            if dice[k] >= _MIN_RATIO * dice[best]
            and _contains(k, best, target_lang)
            and (_name_like(spans[k], best) if target_lang == "en" else hf[k] >= 0.5 * hf[best])
            and (hf[k] >= 2 or len(hits) < 2 or k == best)
        ]
        choice = max(extensions, key=lambda k: (_size(k, target_lang), dice[k]))
        counts[choice] += 1
    if target_lang == "en":  # Chongqing's is a use of the rendering Chongqing
        merged: Counter[str] = Counter()
        for k, n in counts.items():
            merged[_bare(k)] += n
        counts = merged
    out = []
    for k, n in counts.most_common(top):
        forms = (k, *(k + end for end in _POSSESSIVE)) if target_lang == "en" else (k,)
        shown = Counter(_bare(spans[f]) for spans in per_hit for f in forms if f in spans)
        out.append(Rendering(text=shown.most_common(1)[0][0], count=n))
    return out


_POSSESSIVE = ("'s", "\u2019s")


def _bare(span: str) -> str:
    """An English span without a possessive ending (``Chongqing's`` → ``Chongqing``)."""
    if len(span) > 2 and span[-2:].lower() in _POSSESSIVE and span[-3].isalnum():
        return span[:-2]
    return span
