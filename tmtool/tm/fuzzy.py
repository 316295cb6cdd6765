"""Fuzzy lookup: CAT match percentages over the TM, with placeables.

The match % of a TM source *S* for a query *Q*
-----------------------------------------------
Both texts are cut into match tokens (:func:`tmtool.text.tokens.match_tokens` on the
matching form: one token per Chinese character, English word, number and punctuation
mark). With *d* the Levenshtein distance between the two token sequences (insert, delete
and substitute cost 1)::

    base = 100 × (1 − d / max(len(Q), len(S)))

* 100 only when *S* is exactly the query text (outer whitespace aside). A source that
  equals the query only after normalization (width, quotes, case, spacing, Traditional
  characters) scores 99, and so does any other score above 99: ``min(base, 99)``.
* Penalties, subtracted afterwards (floor 0), each listed in ``Match.penalties``:
  ``low-confidence`` −5 when the aligner's confidence is below 0.5, −2 below 0.8;
  ``several-translations`` −1 when the TM holds other translations of the same source.
* There is no length cap: a 300-token source matches like a 10-token one.

Scores are rounded to one decimal. ``--min`` applies to the final score.

Search
------
Direction comes from the query's script (:func:`tmtool.text.script.detect_lang`): a
Chinese query is matched against the Chinese sides and shows the English, and vice versa.
Candidates come from the index (:mod:`tmtool.tm.index`): the query's Chinese character
bigrams or English words. The postings of the rarest terms are counted per unit (by
sorting, about :data:`DENSE_POSTINGS` ids), within the length bound
``len(S) ∈ [len(Q)·s, len(Q)/s]`` (``s`` = minimum score / 100: a longer or shorter source
cannot reach it); the best units by an estimated score are kept, and up to
:data:`REST_TERMS` other terms are looked up for those alone (binary search in their posting
lists, or a bitmap). The best
:data:`CANDIDATES` (400 per language) by the estimate
(:func:`_estimates`) are scored exactly, best first; a q-gram bound (:func:`_score_bounds`)
skips those that cannot enter the shown ranks and ends the search early. bench/tm.py
measures the recall of this against a brute-force scan at 1M units.

Each scored source is coded against the query (:class:`_Encoder`): a token the query holds
gets the query's code, any other the sentinel, which leaves the distance as it is. English
batches are coded from token hashes (:mod:`tmtool.tm.ascii_tokens`): two distinct tokens of
up to 64 characters share a 64-bit hash with odds of about 2**-64, the one way a score could
differ from the brute-force one.
"""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tmtool.errors import InputError
from tmtool.text.normalize import fold, matching_form
from tmtool.text.script import HAN_CLASS, detect_lang, is_cjk, lone_surrogate
from tmtool.text.tokens import en_words
from tmtool.tm import index
from tmtool.tm.ascii_tokens import MAX_TOKEN, token_hashes
from tmtool.tm.index import EN, ZH
from tmtool.tm.prepare import _TOKEN_RE, _WORD_RE, fast_fold, form_tokens, key, token_pattern
from tmtool.tm.schema import ZH_FOLDS, ascii_lower, derived_en_form

if TYPE_CHECKING:
    from collections.abc import Callable

    from tmtool.tm.placeables import Adapter
    from tmtool.tm.store import TranslationMemory

CANDIDATES = {"zh": 400, "en": 400}
"""How many index candidates are scored exactly, per query language: the recall/latency
knob (bench/tm.py measures both against a brute-force scan at 1M units). Near-duplicates
tied at the 5th score need this many: at 300 one bench run lost a tie (Chinese 0.9969,
English 0.9967). At 400 instead of 500: recall@5 1.0 over 190 bench queries a language, the
same top 5 for 2 × 200 (Chinese) and 3 × 200 (English) bench queries, p95 −4 to −18 %
(interleaved A/B, 1M units)."""

COMMON = 0.3
"""Share of the units above which a query term is not counted (see :func:`candidates`)."""

PRESELECT = 3
"""Units are first cut to this many times the candidate limit by the estimate from the
rarest terms alone (see :func:`_count_candidates`). Recall@5 at 1M units stayed 1.0 from
4 down to 2 over 322 bench queries (with 50,000 dense postings)."""

MIN_TERMS = 6
"""At least this many of the query's rarest terms are always counted."""

REST_TERMS = 24
"""At most this many of the other counted terms (those after the :data:`DENSE_POSTINGS`
rarest) are looked up for the preselected units, spread evenly over their order of
document frequency; the others are left uncounted (the bound counts them as held, the
estimate extrapolates from the counted ones). A long Chinese query has a hundred or more.
At 1M units (interleaved, three rounds of 300 bench queries a language), 24 instead of all
took the Chinese p95 from 17.3 to 14.1 ms (each query's best round) and 22.0 to 18.3 ms
(all rounds), the English from 16.6 to 15.5 and 19.1 to 19.0; recall@5 stayed 1.0 over 190
queries a language. 32 and 16 each lost a tie in Chinese (0.9968, 0.9937 over 127)."""

DENSE_POSTINGS = 50000
"""About how many posting ids are counted for every unit per query (the rarest terms'); the
other terms are looked up for the preselected units only. At 1M units, 50,000 instead of
100,000 took ~10% off the lookup time, and recall@5 over 322 bench queries stayed 1.0
(zh) and rose from 0.998 to 1.0 (en)."""

BITMAP_SHARE = 1 / 64
"""Terms held by more than this share of the units are looked up for the preselected units
in a cached bitmap of all units (an eighth of a byte a unit: less than their posting list
from a share of 1/32 on) instead of by binary search in their posting list."""

DENSE_WINDOW = 16
"""The rarest terms counted for every unit are taken in turn from each stretch of about this
many of the query's terms (see :func:`_spread`), so that a unit holding a long part of the
query is counted as such even when another part holds all the rarest terms. In a TM of
near-duplicates (bench/tm.py from the corpus pairs alone: every sentence in ~1,100 units, a
query two joined sentences) the rarest terms were all the shorter sentence's, and the units
holding the longer one, the best matches, were never candidates: recall@5 0.934 → 0.972
(zh), 0.922 → 0.947 (en), interleaved over 64 queries. In the bench's TM with news data,
recall@5 stayed 1.0 and the p95 did not rise (zh 17.6 → 16.4, en 14.1 → 14.3 ms)."""

DENSE_MAX = 4 * DENSE_POSTINGS
"""Counting the :data:`MIN_TERMS` rarest terms stops short of this many ids (a query of
common words, "attended the meeting."): the rest are looked up for the preselected units."""

LOW_CONFIDENCE = ((0.5, 5.0), (0.8, 2.0))
"""(confidence below, points off): the first that applies is used."""

SEVERAL_TRANSLATIONS = 1.0
_PUA = 0xF0000
_SEP = "\x00"
"""Joins the sources of a batch (:meth:`_Encoder.sources`): never a code of a query token,
and ASCII, so joined ASCII or Chinese texts keep their compact storage."""
_SEP_HASH = token_hashes(_SEP).hashes[0]
_SENTINEL = chr(_PUA - 1)
"""The code of every source token that the query does not hold (see :class:`_Encoder`)."""
# Match tokens of a matching form whose only non-ASCII characters are Han characters or
# marks: ASCII numbers and words, and every other non-space character on its own.
_SIMPLE_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)*|\S")


@functools.cache
def _not_simple_re() -> re.Pattern[str]:
    """A character that makes a form "not simple": a non-ASCII, non-Han letter or digit
    (``\\w`` is ``str.isalnum()`` or ``_``), one at or above the sentinel, or NUL (these get
    codes), or whitespace other than the space (which matching forms do not hold).
    Compiled on first use (~2 ms): most forms pass the quick check alone."""
    return re.compile(f"[^\\x00-\\x7f{HAN_CLASS}\\W]|[{_SENTINEL}-\\U0010ffff\\x00]|[^\\S ]")


# A quick first pass: a form of printable ASCII, common Han characters and punctuation that
# is neither a letter nor a digit (tests/tm/test_fuzzy.py checks the ranges) is simple.
_QUICK_SIMPLE = (
    "\\x20-\\x7e\\u4e00-\\u9fff\\u00b7\\u2010-\\u2027\\u2030-\\u205e\\u3001-\\u3004"
    "\\u3008-\\u3020\\u3030\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65"
)
# (It lets the batch separator through, NUL, which a form is checked for apart: one
# pattern of these ranges to compile, ~3 ms a process, instead of two.)
_MAYBE_NOT_SIMPLE_JOINED_RE = re.compile(f"[^{_QUICK_SIMPLE}{_SEP}]")
# ASCII words and numbers, kept by re.split (the other pieces are between them).
# (Equal to _WORD_RE on simple forms, where every digit is ASCII; the lookahead and the
# explicit digits make the scan of Chinese text about 1.5× faster.)
_WORD_SPLIT_RE = re.compile(r"(?=[0-9a-z])([0-9]+(?:[.,][0-9]+)*|[a-z]+(?:'[a-z]+)*)")


def _is_simple(form: str) -> bool:
    """Whether ``form`` holds only ASCII, Han characters and other non-alphanumeric marks
    below the sentinel, spaces being the only whitespace (see :data:`_SIMPLE_TOKEN_RE`)."""
    maybe = _SEP in form or _MAYBE_NOT_SIMPLE_JOINED_RE.search(form)
    return not maybe or not _not_simple_re().search(form)


@dataclass(frozen=True)
class Match:
    """One fuzzy hit. ``changes`` are (start, end) spans of ``source`` that differ from the query."""

    score: float
    source: str
    target: str
    id: int
    doc: str | None
    date: str | None
    adapted_target: str | None
    source_lang: str
    changes: tuple[tuple[int, int], ...] = ()
    penalties: tuple[str, ...] = ()
    confidence: float | None = None

    def to_json(self) -> dict:
        """The JSON shape of ``tmtool search --json``."""
        return {
            "score": self.score,
            "source": self.source,
            "target": self.target,
            "id": self.id,
            "doc": self.doc,
            "date": self.date,
            "adapted_target": self.adapted_target,
            "source_lang": self.source_lang,
            "changes": [list(span) for span in self.changes],
            "penalties": list(self.penalties),
        }


class _Encoder:
    """Maps match tokens to single characters so rapidfuzz compares token sequences exactly.

    A Chinese character or a punctuation mark stands for itself; words and numbers get a
    private-use character each (the table lives for one search). The query is encoded
    first (:meth:`query`); a TM source then (:meth:`source`) gets the query's code for
    each token the query holds and :data:`_SENTINEL` for every other token.

    Why the sentinel leaves the distance unchanged: the cost of an alignment of the
    query Q with a source S (the edit script that Levenshtein minimises) depends only on
    which aligned pairs (q_i, s_j) are equal. A source token that is not in Q equals no
    q_i, and neither does the sentinel (it is never a query code: no token is coded as
    U+EFFFF and no character at or above it stands for itself), so mapping every such
    token to the sentinel keeps every alignment's cost, hence the minimum. Source tokens
    are never compared with one another. tests/tm/test_fuzzy.py checks this against the
    full encoding with hypothesis.
    """

    def __init__(self) -> None:
        self.table: dict[str, str] = {}
        self.known: dict[str, str] = {}  # each query token → its code (English queries)
        self.chunks = _Chunks(self.known)
        # An ASCII English query's token hashes (sorted) and their codes (see _hashed).
        self.hashed: tuple[np.ndarray, np.ndarray] | None = None

    def _word(self, match: re.Match[str]) -> str:
        return self.table.get(match[0], _SENTINEL)

    def _code(self, token: str) -> str:
        c = self.table.get(token)
        if c is None:
            c = self.table[token] = chr(_PUA + len(self.table))
        return c

    def __call__(self, tokens: list[str]) -> str:
        out = []
        for t in tokens:
            if len(t) == 1 and _SEP < t < _SENTINEL and (is_cjk(t) or not t.isalnum()):
                out.append(t)
            else:
                out.append(self._code(t))
        return "".join(out)

    def query(self, form: str, lang: str) -> str:
        """The query's code string (one character per match token); remembers its tokens."""
        if lang == "zh":
            return self.form(form)
        tokens = _tokens(form)
        code = self(tokens)
        self.known.update(zip(tokens, code, strict=True))
        self.chunks.update(self.known)  # a chunk equal to a token is that token alone
        self.hashed = _query_hashes(form, code)
        return code

    def source(self, form: str, lang: str) -> str:
        """A TM source's code string after :meth:`query`: the same Levenshtein distance to
        the query's code as the full encoding, without coding tokens the query lacks."""
        if lang == "zh":
            if not _is_simple(form):
                table = self.table
                return "".join(
                    t if len(t) == 1 and _SEP < t < _SENTINEL and (is_cjk(t) or not t.isalnum())
                    else table.get(t, _SENTINEL)
                    for t in form_tokens(form)
                )  # fmt: skip
            return _WORD_RE.sub(self._word, form).replace(" ", "")
        return "".join(map(self.chunks.__getitem__, form.split()))

    def sources(self, forms: list[str], lang: str) -> list[str]:
        """:meth:`source` of each form; a batch is joined by :data:`_SEP` and coded in a
        few C-level passes (tokens never span the separator: it is neither a word
        character nor a space, and no form of the batch holds it)."""
        if lang == "zh":
            joined = _SEP.join(forms)
        else:
            joined = f" {_SEP} ".join(forms)  # (a chunk of its own)
        if len(forms) < 2 or joined.count(_SEP) != len(forms) - 1 or _SEP in self.known:
            return [self.source(f, lang) for f in forms]
        if lang != "zh" and self.hashed is not None:
            coded = self._hashed(forms)
            if coded is not None:
                return coded
        if lang != "zh":
            chunks = self.chunks
            chunks[_SEP] = _SEP
            # Space out marks that are a token of their own anywhere (ASCII marks other
            # than . , ' — and . , followed by a space): the tokens stay the same, and
            # most chunks become one word or number.
            for mark in _SPACED:
                if mark in joined:
                    joined = joined.replace(mark, f" {mark} ")
            parts = joined.replace(". ", " . ").replace(", ", " , ").split()
            # Chunks not met yet in this search: the words and numbers known to be one
            # token get the sentinel in one C-level pass (the query's tokens are in
            # `chunks` already); the others are coded one by one.
            new = set(parts).difference(chunks)
            if new:
                words = new.intersection(_one_token_chunks())
                chunks.update(dict.fromkeys(words, _SENTINEL))
                for chunk in new.difference(words):
                    chunks[chunk] = chunks.code(chunk)
            return "".join(map(chunks.__getitem__, parts)).split(_SEP)
        alone: dict[int, str] = {}  # rows that are not simple, coded on their own
        if _MAYBE_NOT_SIMPLE_JOINED_RE.search(joined):
            ends = list(itertools.accumulate(len(f) + 1 for f in forms))
            rows = {
                bisect_right(ends, m.start()) for m in _MAYBE_NOT_SIMPLE_JOINED_RE.finditer(joined)
            }
            alone = {i: self.source(forms[i], lang) for i in rows if not _is_simple(forms[i])}
            if alone:
                joined = _SEP.join("" if i in alone else f for i, f in enumerate(forms))
        parts = _WORD_SPLIT_RE.split(joined)
        if len(parts) > 1:
            parts[1::2] = map(self.table.get, parts[1::2], itertools.repeat(_SENTINEL))
        out = "".join(parts).replace(" ", "").split(_SEP)
        for i, code in alone.items():
            out[i] = code
        return out

    def _hashed(self, forms: list[str]) -> list[str] | None:
        """:meth:`source` of each English form, from token hashes (:mod:`tmtool.tm.ascii_tokens`):
        a token is the query's token of the same hash, else the sentinel. Forms that are not
        ASCII are coded on their own; None when the batch's separators cannot be told apart."""
        alone = {i: self.source(f, "en") for i, f in enumerate(forms) if not f.isascii()}
        joined = _SEP.join("" if i in alone else f for i, f in enumerate(forms))
        tokens = token_hashes(joined)
        assert tokens is not None and self.hashed is not None
        q_hashes, q_codes = self.hashed
        sep = tokens.hashes == _SEP_HASH
        if int(np.count_nonzero(sep)) != len(forms) - 1:
            return None
        at = np.searchsorted(q_hashes, tokens.hashes)
        np.minimum(at, len(q_hashes) - 1, out=at)
        codes = np.where(q_hashes[at] == tokens.hashes, q_codes[at], np.uint32(_PUA - 1))
        codes[sep] = 0
        out = codes.astype("<u4").tobytes().decode("utf-32-le").split(_SEP)
        for i, code in alone.items():
            out[i] = code
        return out

    def form(self, form: str) -> str:
        """``self(form_tokens(form))``, with words and numbers replaced in C-level passes."""
        if not _is_simple(form):
            return self(form_tokens(form))
        words = _WORD_RE.findall(form)
        if not words:
            return form.replace(" ", "")
        codes = list(map(self.table.get, words))
        if None in codes:
            codes = [c or self._code(w) for c, w in zip(codes, words, strict=True)]
        parts = _WORD_RE.sub("\x01", form).replace(" ", "").split("\x01")
        out = [parts[0]]
        for code, part in zip(codes, parts[1:], strict=True):
            out.append(code)
            out.append(part)
        return "".join(out)


class _Chunks(dict):
    """A source's whitespace-separated chunk → the code string of its tokens (the query's
    code of each token, or the sentinel), filled as chunks are met during one search.

    Tokens never hold whitespace and the token patterns restart at each chunk, so the
    tokens of a text are those of its chunks in turn; the sources of one search share
    most chunks, and a ``str.split`` with dictionary hits costs less than a regex pass.
    """

    def __init__(self, known: dict[str, str]) -> None:
        super().__init__()
        self.known = known

    def __missing__(self, chunk: str) -> str:
        code = self[chunk] = self.code(chunk)
        return code

    def code(self, chunk: str) -> str:
        """The code string of ``chunk`` (a chunk that is one word or number is remembered
        in :func:`_one_token_chunks`)."""
        if chunk.isascii() and ((chunk.isalpha() and chunk.islower()) or chunk.isdigit()):
            seen = _one_token_chunks()
            if len(seen) >= _ONE_TOKEN_CHUNKS:
                seen.clear()
            seen.add(chunk)
            return self.known.get(chunk, _SENTINEL)  # one word or number (forms are lower case)
        tokens = _chunk_tokens()
        split = tokens.get(chunk)
        if split is None:
            if len(tokens) >= _ONE_TOKEN_CHUNKS:
                tokens.clear()
            split = tokens[chunk] = tuple(_tokens(chunk))
        return "".join(map(self.known.get, split, itertools.repeat(_SENTINEL)))


@functools.cache
def _chunk_tokens() -> dict[str, tuple[str, ...]]:
    """English chunks of several tokens met so far → their tokens (a cache shared by
    searches, bounded like :func:`_one_token_chunks`)."""
    return {}


_SPACED = tuple('"()-:;%?!/$&')
"""Common ASCII marks that are a token of their own wherever they stand (spaced out in
batches; the others stay in their chunks, which are coded one by one)."""

_ONE_TOKEN_CHUNKS = 200_000
"""Bound of :func:`_one_token_chunks` (it starts afresh past it)."""


@functools.cache
def _one_token_chunks() -> set[str]:
    """English chunks met so far that are one word or number token (lower-case ASCII
    letters, or ASCII digits): a cache shared by searches, filled by :meth:`_Chunks.code`."""
    return set()


def _query_hashes(form: str, code: str) -> tuple[np.ndarray, np.ndarray] | None:
    """The token hashes of an English query's form, sorted, with the code of each; None
    unless the form is ASCII and its distinct tokens have distinct hashes of their own
    (no token longer than :data:`~tmtool.tm.ascii_tokens.MAX_TOKEN`, none hashed as the
    batch separator)."""
    tokens = token_hashes(form)
    if tokens is None or len(tokens.hashes) != len(code) or not len(code):
        return None
    if np.any(tokens.ends - tokens.starts > MAX_TOKEN) or np.any(tokens.hashes == _SEP_HASH):
        return None
    codes: dict[int, str] = {}
    for h, c in zip(tokens.hashes.tolist(), code, strict=True):
        if codes.setdefault(h, c) != c:
            return None  # two tokens, one hash
    hashes = sorted(codes)
    return (
        np.array(hashes, dtype=np.uint64),
        np.array([ord(codes[h]) for h in hashes], dtype=np.uint32),
    )


def _tokens(form: str) -> list[str]:
    """``form_tokens(form)``: one regex pass when the form is simple (see :data:`_SIMPLE_TOKEN_RE`)."""
    if _is_simple(form):
        return _SIMPLE_TOKEN_RE.findall(form)
    return form_tokens(form)


def _zh_form(zh: str) -> str:
    """``form_sql("zh")`` of a unit whose ``zh_m`` is NULL, in Python."""
    for a, b in ZH_FOLDS:
        zh = zh.replace(a, b)
    return ascii_lower(zh)


def _en_form(en: str) -> str:
    """``form_sql("en")`` of a unit whose ``en_m`` is NULL, in Python (the ``EN_FOLDS``
    replacements, then SQLite's ``lower``, which changes ASCII letters only)."""
    return derived_en_form(en)


def _derive_many(derive: Callable[[str], str], texts: list[str]) -> list[str]:
    """``[derive(t) for t in texts]`` in one call on the texts joined (the folds change
    single characters, never :data:`_SEP`)."""
    joined = _SEP.join(texts)
    if joined.count(_SEP) != len(texts) - 1:
        return list(map(derive, texts))
    return derive(joined).split(_SEP)


def stored_form(lang: str, stored: str | None, text: str) -> str:
    """The matching form of side ``lang`` from its ``*_m`` column and its text: what
    :func:`tmtool.tm.schema.form_sql` computes in SQL (tests/tm/test_fuzzy.py checks it)."""
    if stored is not None:
        return stored
    return _zh_form(text) if lang == "zh" else _en_form(text)


def base_score(distance: int, query_len: int, source_len: int) -> float:
    """``100 × (1 − d / max(len(Q), len(S)))`` (100 for two empty sequences)."""
    longest = max(query_len, source_len)
    return 100.0 if longest == 0 else 100.0 * (1.0 - distance / longest)


def base_score_array(distances: np.ndarray, longest: np.ndarray) -> np.ndarray:
    """:func:`base_score` of many sources at once (``longest`` = max(len(Q), len(S)))."""
    return np.where(longest > 0, 100.0 * (1.0 - distances / np.maximum(longest, 1)), 100.0)


def final_score(
    base: float, *, exact: bool, confidence: float | None, translations: int
) -> tuple[float, tuple[str, ...]]:
    """Apply the 99 cap for non-exact matches and the penalties; returns (score, penalties)."""
    score = 100.0 if exact else min(round(base, 1), 99.0)
    penalties = []
    if confidence is not None:
        for below, points in LOW_CONFIDENCE:
            if confidence < below:
                score -= points
                penalties.append(f"low-confidence -{points:g}")
                break
    if translations > 1 and SEVERAL_TRANSLATIONS:
        score -= SEVERAL_TRANSLATIONS
        penalties.append(f"several-translations -{SEVERAL_TRANSLATIONS:g}")
    return max(0.0, round(score, 1)), tuple(penalties)


@functools.lru_cache(maxsize=16)
def query_terms(form: str, lang: str) -> tuple[str, ...]:
    """The index terms of a query's matching form on side ``lang`` (cached: a lookup asks
    three times)."""
    terms = set(_first_positions(form, lang))
    if lone_surrogate(form):
        # (a lone surrogate, from bytes that were not UTF-8, is in no unit: nor its terms)
        terms = {t for t in terms if not lone_surrogate(t)}
    return tuple(sorted(terms))


@functools.lru_cache(maxsize=16)
def _first_positions(form: str, lang: str) -> dict[str, int]:
    """Where each index term of a query's matching form first occurs (in bigrams or words)."""
    out: dict[str, int] = {}
    if lang == "zh":
        grams = [form] if len(form) == 1 else [a + b for a, b in itertools.pairwise(form)]
        for i, g in enumerate(grams):
            out.setdefault(ZH + g, i)
    else:
        for i, w in enumerate(en_words(form)):
            out.setdefault(EN + w, i)
    return out


def _spread(terms: list[str], first: dict[str, int], window: int) -> list[str]:
    """``terms`` (rarest first) reordered so that each stretch of the query comes in turn:
    the query's positions are cut into windows of about ``window`` terms, and the rarest
    term of every window comes first (rarest first among them), then every window's second
    rarest, and so on."""
    n = max(first.values(), default=0) + 1
    windows = max(1, round(n / window))
    seen: dict[int, int] = {}
    rank = []
    for i, t in enumerate(terms):
        w = first.get(t, 0) * windows // n
        seen[w] = seen.get(w, -1) + 1
        rank.append((seen[w], i))
    return [terms[i] for _, i in sorted(rank)]


def candidates(
    tm: TranslationMemory, form: str, lang: str, query_len: int, min_score: float, limit: int
) -> np.ndarray:
    """Unit ids most likely to score ≥ ``min_score`` (unordered; at most ``limit``).

    Terms held by more than :data:`COMMON` of the units (``重庆``, ``the``) are left out of
    the count when enough rarer ones remain: they add about the same to every candidate and
    cost the most to count.
    """
    ids, shared, uncounted = _count_candidates(tm, form, lang, query_len, min_score, limit)
    if len(ids) > limit:
        n_terms = len(query_terms(form, lang))
        est = _estimates(shared, tm.lengths(lang)[ids], 0, n_terms - uncounted, query_len)
        ids = ids[np.argpartition(-est, limit)[:limit]]
    return ids.astype(np.int64)


def _count_candidates(
    tm: TranslationMemory, form: str, lang: str, query_len: int, min_score: float, limit: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """The units sharing the most query terms (about :data:`PRESELECT` × ``limit``), with
    the number of counted query terms each holds, and how many distinct query terms a unit
    could hold without being counted (those left out as too common, or past
    :data:`REST_TERMS`).

    The rarest terms (:data:`DENSE_POSTINGS` ids at most, :data:`MIN_TERMS` terms at least),
    taken in turn from each stretch of the query (:data:`DENSE_WINDOW`), are counted for
    every unit within the length bound, which picks the units; up to
    :data:`REST_TERMS` of the others, spread over their frequency order, are then looked up
    for the picked units alone (binary search in their sorted posting lists, or a bitmap),
    so their long lists are never counted densely.
    """
    terms = query_terms(form, lang)
    df = _cached_batch(tm, "df:", terms, lambda ts: index.document_frequencies(tm.conn, ts))
    present = sorted((t for t in terms if df[t]), key=df.__getitem__)
    empty = np.empty(0, dtype=np.int64)
    if not present:
        return empty, empty, 0
    cap = max(COMMON * len(tm.lengths(lang)), 1000)  # ids in use ≈ units, without a count
    kept = [t for t in present if df[t] <= cap]
    if len(kept) < min(len(present), MIN_TERMS):
        kept = present[: min(len(present), MIN_TERMS)]
    kept = _spread(kept, _first_positions(form, lang), DENSE_WINDOW)
    dense, total = 0, 0
    for t in kept:
        if total + df[t] > DENSE_POSTINGS and (
            dense >= MIN_TERMS or (dense and total + df[t] > DENSE_MAX)
        ):
            break
        dense += 1
        total += df[t]
    kept = kept[:dense] + sorted(kept[dense:], key=df.__getitem__)  # the rest: rarest first
    lengths = tm.lengths(lang)
    s = max(min_score, 1.0) / 100.0
    rare = _cached_batch(tm, "p:", kept[:dense], lambda ts: index.read_postings_many(tm.conn, ts))
    posted = np.concatenate(list(rare.values()))
    posted = posted[posted < len(lengths)]
    # The length bound: a source much longer or shorter than the query cannot reach s.
    # (numpy gathers and scatters with intp indexes: about 1.6× faster than with the uint32 ids)
    size = lengths[posted.astype(np.intp)]
    posted = posted[(size >= query_len * s) & (size <= query_len / s)]
    # Count by sorting (the lists are short; a dense count over every unit costs more).
    posted.sort()
    if not len(posted):
        return empty, empty, 0
    starts = np.flatnonzero(np.concatenate(([True], posted[1:] != posted[:-1])))
    ids = posted[starts]  # uint32, as the postings (a search in them needs no conversion)
    shared = np.diff(starts, append=len(posted))
    # Keep the units with the best estimate from these terms (a few times the limit).
    wanted = PRESELECT * limit
    if len(ids) > wanted:
        est = _estimates(shared, lengths[ids.astype(np.intp)], 0, dense, query_len)
        pick = np.argpartition(-est, wanted)[:wanted]
        pick.sort()  # ids stay sorted
        ids, shared = ids[pick], shared[pick]
    rest = kept[dense:]
    if len(rest) > REST_TERMS:
        step = (len(rest) - 1) / max(REST_TERMS - 1, 1)
        rest = [rest[round(i * step)] for i in range(REST_TERMS)]
        kept = kept[:dense] + rest
    if rest:
        n_units = len(lengths)
        big = [t for t in rest if df[t] > n_units * BITMAP_SHARE]
        small = [t for t in rest if df[t] <= n_units * BITMAP_SHARE]
        read = lambda ts: index.read_postings_many(tm.conn, ts)  # noqa: E731
        for postings in _cached_batch(tm, "p:", small, read).values():
            shared += contains(postings, ids)
        if big:
            # A common term's bitmap is built from its postings when first needed, except in
            # the TM's first lookup, which searches the postings instead: a `tmtool search`
            # process looks up once, and building ~16 bitmaps it would use once costs more
            # (it builds those of terms met before only). Later lookups gain 3–6% from
            # building at once rather than at a term's second use (interleaved A/B, 1M units).
            again = big if _lookups(tm) > 1 else [t for t in big if _peek(tm, "p:" + t) is not None]
            first = _cached_batch(tm, "p:", [t for t in big if t not in again], read)
            for postings in first.values():
                shared += contains(postings, ids)
            byte, shift = (ids >> 3).astype(np.intp), (7 - (ids & 7)).astype(np.uint8)
            bitmaps = _cached_batch(
                tm, "b:", again, lambda ts: {t: _bitmap(tm.postings(t), n_units) for t in ts}
            )
            for bits in bitmaps.values():
                if len(bits):
                    shared += (bits[byte] >> shift) & 1
    return ids, shared, len(present) - len(kept)


def _lookups(tm: TranslationMemory, add: int = 0) -> int:
    """How many lookups :func:`search` has begun on ``tm`` (since its cache was last reset),
    after adding ``add``."""
    count = tm.cached("lookups", lambda: [0])
    count[0] += add
    return count[0]


def _bitmap(postings: np.ndarray, n_units: int) -> np.ndarray:
    """The units holding a term as bits (unit id ``i`` is bit ``7 - i % 8`` of byte ``i // 8``)."""
    dense = np.zeros(n_units, dtype=bool)
    dense[postings[postings < n_units].astype(np.intp)] = True  # (2.3× faster than uint32)
    return np.packbits(dense)


def _cached_batch(
    tm: TranslationMemory, prefix: str, terms: list[str], read: Callable[[list[str]], dict]
) -> dict[str, Any]:
    """``tm.cached(prefix + term)`` for each term; the terms not cached yet are read in one
    statement (``read(missing)``, which may leave out empty terms)."""
    out = {t: _peek(tm, prefix + t) for t in terms}
    missing = [t for t, value in out.items() if value is None]
    if missing:
        batch = read(missing)
        for t in missing:
            value = batch.get(t)
            if value is None:
                value = 0 if prefix == "df:" else np.empty(0, dtype=np.uint32)
            out[t] = tm.cached(prefix + t, lambda value=value: value)
    return out


class _NotCached(Exception):
    pass


def _not_cached() -> Any:
    raise _NotCached


def _peek(tm: TranslationMemory, name: str) -> Any:
    """``tm.cached(name)`` if it is cached, else None (nothing is built)."""
    try:
        return tm.cached(name, _not_cached)
    except _NotCached:
        return None


def contains(postings: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Whether each of ``ids`` is in the sorted ``postings``."""
    if not len(postings):
        return np.zeros(len(ids), dtype=bool)
    pos = np.searchsorted(postings, ids)
    np.minimum(pos, len(postings) - 1, out=pos)
    return postings[pos] == ids


def _edit_capacity(form: str, lang: str, q_tokens: list[str]) -> np.ndarray:
    """``out[e - 1]`` = how many distinct query index terms ``e`` token edits can remove at most.

    Chinese terms are character bigrams: an edit on a token of L characters breaks its L − 1
    inner bigrams and the two at its ends (one more is allowed when the form has spaces);
    an inserted token breaks at most one (two allowed). English terms are words: an edit
    breaks the words of one token, an insertion none. The most capable tokens go first.
    """
    if lang == "zh":
        extra = 1 if " " in form else 0
        caps = sorted((len(t) + 1 + extra for t in q_tokens), reverse=True)
        caps.extend([2] * (len(q_tokens) + 2))
    else:
        caps = sorted((len(_WORD_RE.findall(t)) for t in q_tokens), reverse=True)
    return np.cumsum(np.array(caps or [0], dtype=np.int64))


def _spacing_terms(form: str) -> int:
    """How many distinct bigram terms of a Chinese query form a source with the very same
    tokens can lack, because it is spaced differently.

    The matching form keeps a space next to anything but Han characters (``5G 网络``,
    ``5G网络``: the same tokens), so a bigram that holds a space, or that crosses a token
    boundary next to a non-Han character, may be missing from an exact token match; the
    q-gram bound (:func:`_score_bounds`) must not count it as an edit.
    """
    token_at = [-1] * len(form)
    for n, m in enumerate(_TOKEN_RE.finditer(form)):
        for i in range(m.start(), m.end()):
            token_at[i] = n
    fragile = set()
    for i, (a, b) in enumerate(itertools.pairwise(form)):
        if a == " " or b == " ":
            fragile.add(a + b)
        elif token_at[i] != token_at[i + 1] and not (_HAN_CHAR.match(a) and _HAN_CHAR.match(b)):
            fragile.add(a + b)
    return len(fragile)


_HAN_CHAR = re.compile(f"[{HAN_CLASS}]")


def _score_bounds(
    shared: np.ndarray,
    source_lens: np.ndarray,
    missing_max: int,
    n_terms: int,
    capacity: np.ndarray,
    q_len: int,
    insert_cap: int = 2,
) -> np.ndarray:
    """An upper bound of the base score of each candidate, from the index alone.

    A source lacking ``m`` of the query's distinct index terms is at least as many token
    edits away as it takes to remove ``m`` terms (see :func:`_edit_capacity`), and at least
    the difference of the lengths away, so its base score is at most
    ``100 × (1 − d_min / max(len(Q), len(S)))`` — the q-gram count filter.

    A source ``x`` tokens longer than the query takes ``x`` insertions, which remove at most
    ``insert_cap`` terms each (2 bigrams in Chinese, no word in English): the other missing
    terms take edits of their own, so ``d_min ≥ x + edits(m − insert_cap·x)``. (English:
    the length difference and the missing words add up instead of the larger counting.)
    """
    lens = source_lens.astype(np.int64)
    missing = np.maximum(n_terms - shared.astype(np.int64) - missing_max, 0)
    longer = np.maximum(lens - q_len, 0)
    left = np.maximum(missing - insert_cap * longer, 0)
    d_min = np.maximum(
        np.maximum(_edits(capacity, missing), np.abs(lens - q_len)),
        longer + _edits(capacity, left),
    )
    longest = np.maximum(lens, q_len)
    bound = np.where(longest > 0, 100.0 * (1.0 - d_min / np.maximum(longest, 1)), 100.0)
    # Stored lengths are clipped at 65535: no bound for such sources.
    return np.where(lens >= 65535, 100.0, bound)


def candidate_bounds(
    form: str,
    lang: str,
    q_len: int,
    shared: np.ndarray,
    source_lens: np.ndarray,
    uncounted: int,
) -> np.ndarray:
    """:func:`_score_bounds` of the candidates of a query's matching form ``form`` (``q_len``
    match tokens) from :func:`_count_candidates` (``shared``, ``uncounted``)."""
    return _score_bounds(
        shared,
        source_lens,
        uncounted + (_spacing_terms(form) if lang == "zh" else 0),
        len(query_terms(form, lang)),
        _edit_capacity(form, lang, form_tokens(form)),
        q_len,
        2 if lang == "zh" else 0,
    )


def _edits(capacity: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """The fewest token edits that can remove ``missing`` query terms (``capacity`` from
    :func:`_edit_capacity`)."""
    edits = np.searchsorted(capacity, missing, side="left") + 1
    edits = np.where(missing > 0, edits, 0)
    if len(capacity) and capacity[-1] < np.max(missing, initial=0):
        # Not enough capacity to explain it: more edits than tokens (a safe floor).
        edits = np.where(missing > capacity[-1], len(capacity), edits)
    return edits


def _estimates(
    shared: np.ndarray, source_lens: np.ndarray, missing_max: int, n_terms: int, q_len: int
) -> np.ndarray:
    """An estimate of each candidate's base score from the index alone (the scoring order).

    Each query term the source lacks stands for ``len(Q) / terms`` query tokens to edit,
    and a source longer than the query needs its extra tokens deleted::

        est = 1 − (missing × len(Q) / terms + max(len(S) − len(Q), 0)) / max(len(Q), len(S))

    ``terms`` are the counted terms (``n_terms``; the search passes those it counted, so the
    share missing among them stands for the query's).

    Measured against the exact scores of the candidates at 1M units (bench/tm.py's
    queries), it puts the true top 5 earlier than shared terms per token does, markedly
    so for English.
    """
    lens = source_lens.astype(np.float64)
    missing = np.maximum(n_terms - shared - missing_max, 0)
    per_term = q_len / max(n_terms, 1)
    extra = np.maximum(lens - q_len, 0.0)
    return 1.0 - (missing * per_term + extra) / np.maximum(np.maximum(lens, q_len), 1.0)


def _penalty(confidence: float | None) -> float:
    """The points :func:`final_score` takes off for ``confidence`` (several translations aside)."""
    if confidence is not None:
        for below, points in LOW_CONFIDENCE:
            if confidence < below:
                return points
    return 0.0


def search(
    tm: TranslationMemory,
    query: str,
    *,
    top: int = 5,
    min_score: float = 50.0,
    lang: str | None = None,
) -> list[Match]:
    """The ``top`` best TM matches of ``query`` scoring at least ``min_score`` (best first).

    ``lang`` (``"zh"`` or ``"en"``): the side ``query`` is matched against; by default the
    query's script decides (a mostly Latin Chinese sentence may need it said).
    """
    if lang not in (None, "zh", "en"):
        raise InputError(f"unknown query language {lang!r}: use zh or en")
    tm.refresh()
    if top <= 0:
        return []
    query = query.replace("\x00", "")
    form = fast_fold(query)  # (== fold(query), without its per-character path for Chinese)
    if not form:
        return []
    lang = lang or detect_lang(query)
    src, tgt = ("zh", "en") if lang == "zh" else ("en", "zh")
    encode = _Encoder()
    q_code = encode.query(form, lang)
    q_len = len(q_code)
    limit = CANDIDATES[lang]
    _lookups(tm, 1)
    ids, shared, uncounted = _count_candidates(tm, form, lang, q_len, min_score, limit)
    conn = tm.conn
    exact_ids = (
        []  # (no unit holds a lone surrogate, and key() cannot hash one)
        if lone_surrogate(form)
        else [
            uid
            for (uid,) in conn.execute(f"SELECT id FROM units WHERE {src}_key = ?", (key(form),))
        ]
    )
    lens = tm.lengths(lang)[ids]
    n_terms = len(query_terms(form, lang))
    bounds = candidate_bounds(form, lang, q_len, shared, lens, uncounted)
    # The `limit` candidates with the best estimated score (:func:`_estimates`) are scored,
    # best estimate first. A candidate whose bound is below the lowest final score the `top`
    # best so far can have is skipped unread (it cannot enter the shown ranks), and the
    # search stops when no bound ahead reaches it. Bounds below min_score never pass.
    keep = bounds >= min_score - 1e-9
    ids, bounds, shared, lens = ids[keep], bounds[keep], shared[keep], lens[keep]
    est = _estimates(shared, lens, 0, n_terms - uncounted, q_len)
    if len(ids) > limit:
        pick = np.argpartition(-est, limit)[:limit]
        ids, bounds, est = ids[pick], bounds[pick], est[pick]
    order = np.argsort(-est, kind="stable")
    ids, bounds = ids[order], bounds[order]
    queue = [(uid, 101.0) for uid in exact_ids]
    queue.extend(zip(ids.tolist(), bounds.tolist(), strict=True))
    # reach[i]: the best bound from queue position i on.
    reach = np.maximum.accumulate(np.array([b for _, b in queue] or [0.0])[::-1])[::-1]
    seen: set[int] = set()
    stripped = query.strip()
    several = SEVERAL_TRANSLATIONS
    scored: list[tuple[float, int]] = []
    code_of: dict[int, str] = {}  # the scored sources' codes (for the highlights)
    floors: list[float] = []  # the lowest final score each scored unit can have
    # Final scores are rounded to 0.1: a bound this far below the floor cannot tie or win.
    floor = min_score - 1e-9
    at, batch = 0, 16
    # The stored form, or the text it is derived from (folded here: cheaper than SQL's
    # replace() chain of form_sql, and equal to it, see :func:`stored_form`).
    sql = f"SELECT u.id, u.{src}_m, u.{src}, u.confidence FROM units u WHERE u.id IN "
    derive = _zh_form if src == "zh" else _en_form
    while at < len(queue):
        if len(floors) >= top:
            floors.sort(reverse=True)
            del floors[top:]
            floor = max(floor, floors[-1] - 0.05 - 1e-9)
            if reach[at] < floor:
                break
        chunk = [uid for uid, bound in queue[at : at + batch] if bound >= floor and uid not in seen]
        at += batch
        batch = min(2 * batch, 128)
        if not chunk:
            continue
        seen.update(chunk)
        # Only what scoring needs: the texts and the rest are read for the best few.
        rows = conn.execute(f"{sql}({','.join('?' * len(chunk))})", chunk).fetchall()
        if not rows:
            continue
        uids, forms, texts, confs = zip(*rows, strict=True)
        forms = list(forms)
        need = [i for i, f in enumerate(forms) if f is None]
        for i, f in zip(need, _derive_many(derive, [texts[i] for i in need]), strict=True):
            forms[i] = f
        codes = encode.sources(forms, lang)
        longest = np.maximum(np.fromiter(map(len, codes), np.int64, len(codes)), q_len)
        # Best possible final score is the base score; skip what cannot reach min_score.
        cutoffs = (longest * (1.0 - min_score / 100.0) + 1e-9).astype(np.int64)
        dist = process.cdist(
            [q_code], codes, scorer=Levenshtein.distance, dtype=np.int64,
            score_cutoff=max(int(cutoffs.max()), 0),
        )[0]  # fmt: skip
        ok = np.flatnonzero(dist <= cutoffs)
        if not len(ok):
            continue
        bases = base_score_array(dist[ok], longest[ok])
        for i, base in zip(ok.tolist(), bases.tolist(), strict=True):
            scored.append((base, uids[i]))
            code_of[uids[i]] = codes[i]
            floors.append(min(round(base, 1), 99.0) - _penalty(confs[i]) - several)
    if not scored:
        return []
    # Every unit that can still rank among the shown ones: its base score (an upper bound
    # of its final score) reaches the `top`-th best lowest final score.
    scored.sort(key=lambda r: (-r[0], -r[1]))
    floors.sort(reverse=True)
    floor = floors[min(top, len(floors)) - 1] - 0.05 - 1e-9
    best = [r for i, r in enumerate(scored) if i < top or r[0] >= floor][: top + 50]
    details = {
        row[0]: row[1:]
        for row in conn.execute(
            f"SELECT u.id, u.{src}, u.{tgt}, u.{src}_key, d.name, u.date, u.confidence, "
            f"u.{src}_m "
            f"FROM units u LEFT JOIN documents d ON d.id = u.doc_id "
            f"WHERE u.id IN ({','.join('?' * len(best))})",
            [uid for _, uid in best],
        )
    }
    ranked: list[tuple[float, float, int, Match]] = []
    for base, uid in best:
        source, target, source_key, doc, date, conf, stored = details[uid]
        translations = 1
        if several:
            (translations,) = conn.execute(
                f"SELECT COUNT(*) FROM units WHERE {src}_key = ?", (source_key,)
            ).fetchone()
        score, penalties = final_score(
            base, exact=source.strip() == stripped, confidence=conf, translations=translations
        )
        if score < min_score:
            continue
        match = Match(
            score=score,
            source=source,
            target=target,
            id=uid,
            doc=doc,
            date=date,
            adapted_target=None,
            source_lang=lang,
            changes=(),
            penalties=penalties,
            confidence=conf,
        )
        ranked.append((-score, -base, -uid, match, stored))
    # Ties of the rounded score go to the better exact score, then to the newer unit.
    ranked.sort(key=lambda r: r[:3])
    from tmtool.tm.placeables import Adapter

    adapter = Adapter(query, form, lang=lang)
    # (q_code is the full encoding of the query's tokens: _Encoder.query)
    return [_finish(r[3], adapter, q_code, encode, r[4], code_of[r[3].id]) for r in ranked[:top]]


def _aligned_form(lang: str, stored: str | None, text: str) -> str | None:
    """The matching form of ``text`` when it is ``text`` changed character by character
    (offsets in it are offsets in ``text``), else None.

    A NULL ``*_m`` column means that :func:`stored_form`'s folds give the form back:
    ASCII lower-casing and the one-character replacements of punctuation (``ZH_FOLDS``,
    ``EN_FOLDS``), of which only ``…`` → ``...`` (on both sides) changes the length.
    """
    if stored is not None or "…" in text:
        return None
    return _zh_form(text) if lang == "zh" else _en_form(text)


def _finish(
    match: Match,
    adapter: Adapter,
    q_code: str,
    encode: _Encoder,
    stored: str | None,
    s_code: str,
) -> Match:
    """Add the differences to highlight and the adapted target (only for the shown hits).

    ``stored``: the source's ``*_m`` column. A NULL one means the matching form is aligned
    with the source (see :func:`_aligned_form`), which spares building its offset map.
    ``s_code``: the source's code from scoring (:meth:`_Encoder.sources`).
    """
    from dataclasses import replace

    aligned = _aligned_form(match.source_lang, stored, match.source)
    changes = diff_spans(
        adapter.query, match.source, encode, q_code, form=aligned, lang=match.source_lang,
        s_code=s_code,
    )  # fmt: skip
    s_form = stored if stored is not None else aligned
    adapted = adapter.adapt(match.source, match.target, source_form=s_form) if changes else None
    return replace(match, changes=changes, adapted_target=adapted)


def diff_spans(
    query: str,
    source: str,
    encode: _Encoder | None = None,
    q_code: str | None = None,
    *,
    form: str | None = None,
    lang: str | None = None,
    s_code: str | None = None,
) -> tuple[tuple[int, int], ...]:
    """Spans of ``source`` (original offsets) whose tokens the query does not share, merged.

    ``form``: the source's matching form when it is aligned with ``source`` character by
    character (:func:`_aligned_form`); else it is computed with its offset map. ``lang``:
    the query's language when ``encode`` holds the query (:meth:`_Encoder.query`): the
    source is then coded as for scoring (:meth:`_Encoder.source`; the edit script compares
    query tokens with source tokens only, so it is the same). ``s_code``: that code, when the
    caller has it (the matching form's; scoring coded it).
    """
    encode = encode or _Encoder()
    if q_code is None:
        q_code = encode(form_tokens(fold(query)))
        lang = None  # (the query is coded, not held as _Encoder.query holds it)
    if form is not None and len(form) == len(source):
        text, original_span = form, _same_span
    else:
        norm = matching_form(source)
        text, original_span = norm.text, norm.original_span
    spans = [m.span() for m in token_pattern(text).finditer(text)]
    if s_code is None or not lang:
        s_code = encode.source(text, lang) if lang else ""
    if len(s_code) != len(spans):
        s_code = encode([text[a:b] for a, b in spans])
    out: list[tuple[int, int]] = []
    for op in Levenshtein.opcodes(q_code, s_code):
        if op.tag in ("replace", "insert") and op.dest_end > op.dest_start:
            start = spans[op.dest_start][0]
            end = spans[op.dest_end - 1][1]
            a, b = original_span(start, end)
            if out and a <= out[-1][1] + 1 and not source[out[-1][1] : a].strip():
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return tuple(out)


def _same_span(start: int, end: int) -> tuple[int, int]:
    return start, end
