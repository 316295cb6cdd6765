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
bigrams or English words, counted per unit over their posting lists, restricted by the
length bound ``len(S) ∈ [len(Q)·s, len(Q)/s]`` (``s`` = minimum score / 100: a longer or
shorter source cannot reach it), ranked by shared terms / max(query terms, source tokens);
the best :data:`CANDIDATES` (300 for Chinese, 600 for English) are scored exactly.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz.distance import Levenshtein

from tmtool.text.normalize import fold, matching_form
from tmtool.text.script import detect_lang, is_cjk
from tmtool.text.tokens import en_words
from tmtool.tm.index import EN, ZH
from tmtool.tm.prepare import _OTHER_RE, _WORD_RE, form_tokens, key
from tmtool.tm.schema import form_sql

if TYPE_CHECKING:
    from tmtool.tm.store import TranslationMemory

CANDIDATES = {"zh": 300, "en": 600}
"""How many index candidates are scored exactly, per query language: the recall/latency
knob (bench/tm.py measures both against a brute-force scan at 1M units). English needs more:
its word index separates near-duplicates less well than Chinese character bigrams."""

COMMON = 0.3
"""Share of the units above which a query term is not counted (see :func:`candidates`)."""

PRESELECT = 8
"""Units ranked exactly-by-ratio are first cut to this many times the candidate limit by
their raw count of shared terms."""

MIN_TERMS = 6
"""At least this many of the query's rarest terms are always counted."""

LOW_CONFIDENCE = ((0.5, 5.0), (0.8, 2.0))
"""(confidence below, points off): the first that applies is used."""

SEVERAL_TRANSLATIONS = 1.0
_PUA = 0xF0000
_PUA_CHAR = chr(_PUA)
# Match tokens of a matching form whose only non-ASCII characters are Han characters or
# marks: ASCII numbers and words, and every other non-space character on its own.
_SIMPLE_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)*|\S")


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
    private-use character each (the table lives for one search).
    """

    def __init__(self) -> None:
        self.table: dict[str, str] = {}

    def _code(self, token: str) -> str:
        c = self.table.get(token)
        if c is None:
            c = self.table[token] = chr(_PUA + len(self.table))
        return c

    def __call__(self, tokens: list[str]) -> str:
        out = []
        for t in tokens:
            if len(t) == 1 and ord(t) < _PUA and (is_cjk(t) or not t.isalnum()):
                out.append(t)
            else:
                out.append(self._code(t))
        return "".join(out)

    def sequence(self, form: str, lang: str) -> str | list[str]:
        """What the edit distance runs on: a code string for Chinese, the token list for
        English (rapidfuzz compares lists of strings exactly and fast)."""
        if lang == "zh":
            return self.form(form)
        others = _OTHER_RE.findall(form)
        if others and (any(c.isalnum() for c in others) or max(others) >= _PUA_CHAR):
            return form_tokens(form)
        return _SIMPLE_TOKEN_RE.findall(form)

    def form(self, form: str) -> str:
        """``self(form_tokens(form))``, with words and numbers replaced in C-level passes."""
        others = _OTHER_RE.findall(form)
        if others and (any(c.isalnum() for c in others) or max(others) >= _PUA_CHAR):
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


def base_score(distance: int, query_len: int, source_len: int) -> float:
    """``100 × (1 − d / max(len(Q), len(S)))`` (100 for two empty sequences)."""
    longest = max(query_len, source_len)
    return 100.0 if longest == 0 else 100.0 * (1.0 - distance / longest)


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


def query_terms(form: str, lang: str) -> list[str]:
    """The index terms of a query's matching form on side ``lang``."""
    if lang == "zh":
        if len(form) == 1:
            return [ZH + form]
        return sorted({ZH + a + b for a, b in itertools.pairwise(form)})
    return sorted({EN + w for w in en_words(form)})


def candidates(
    tm: TranslationMemory, form: str, lang: str, query_len: int, min_score: float, limit: int
) -> np.ndarray:
    """Unit ids most likely to score ≥ ``min_score`` (unordered; at most ``limit``).

    Terms held by more than :data:`COMMON` of the units (``重庆``, ``the``) are left out of
    the count when enough rarer ones remain: they add about the same to every candidate and
    cost the most to count.
    """
    return _count_candidates(tm, form, lang, query_len, min_score, limit)[0]


def _count_candidates(
    tm: TranslationMemory, form: str, lang: str, query_len: int, min_score: float, limit: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """:func:`candidates`, with the number of counted terms each shares and how many
    distinct query terms a source could share at most without being counted (the terms
    left out as too common)."""
    terms = query_terms(form, lang)
    df = {t: tm.document_frequency(t) for t in terms}
    present = sorted((t for t in terms if df[t]), key=df.__getitem__)
    empty = np.empty(0, dtype=np.int64)
    if not present:
        return empty, empty, 0
    cap = max(COMMON * tm.info_units(), 1000)
    kept = [t for t in present if df[t] <= cap]
    if len(kept) < min(len(present), MIN_TERMS):
        kept = present[: min(len(present), MIN_TERMS)]
    lengths = tm.lengths(lang)
    s = max(min_score, 1.0) / 100.0
    # One pass to intp (what bincount works on) instead of a concatenation and a cast.
    counts = np.bincount(
        np.concatenate([tm.postings(t) for t in kept], dtype=np.intp), minlength=len(lengths)
    )
    counts = counts[: len(lengths)]
    # The length bound: a source much longer or shorter than the query cannot reach s.
    counts *= (lengths >= query_len * s) & (lengths <= query_len / s)
    # Keep the units sharing the most terms (a few times the limit), then rank those.
    at_least = np.cumsum(np.bincount(counts)[::-1])[::-1]  # at_least[c] = #units with ≥ c
    wanted = PRESELECT * limit
    enough = np.flatnonzero(at_least >= wanted)
    threshold = int(enough[-1]) if len(enough) else 1
    ids = np.flatnonzero(counts >= max(threshold, 1))
    shared = counts[ids]
    lens = lengths[ids].astype(np.int64)
    if len(ids) > limit:
        rank = shared / np.maximum(lens, len(kept))
        pick = np.argpartition(-rank, limit)[:limit]
        ids, shared = ids[pick], shared[pick]
    return ids, shared, len(present) - len(kept)


def _terms_per_edit(form: str, lang: str, q_tokens: list[str]) -> int:
    """How many distinct query index terms one token edit can remove at most.

    Chinese terms are character bigrams: an edit on a token of L characters breaks its L − 1
    inner bigrams and the two at its ends (one more is allowed for a space beside it).
    English terms are words: an edit breaks the words of one token.
    """
    if lang == "zh":
        longest = max((len(t) for t in q_tokens), default=1)
        return longest + 1 + (1 if " " in form else 0)
    return max([1, *(len(_WORD_RE.findall(t)) for t in q_tokens)])


def _score_bounds(
    shared: np.ndarray,
    source_lens: np.ndarray,
    missing_max: int,
    n_terms: int,
    per_edit: int,
    q_len: int,
) -> np.ndarray:
    """An upper bound of the base score of each candidate, from the index alone.

    A source lacking ``m`` of the query's distinct index terms is at least ⌈m / per_edit⌉
    token edits away (and at least the difference of the lengths), so its base score is at
    most ``100 × (1 − d_min / max(len(Q), len(S)))`` — the q-gram count filter.
    """
    lens = source_lens.astype(np.int64)
    missing = np.maximum(n_terms - shared.astype(np.int64) - missing_max, 0)
    d_min = np.maximum(-(-missing // per_edit), np.abs(lens - q_len))
    longest = np.maximum(lens, q_len)
    bound = np.where(longest > 0, 100.0 * (1.0 - d_min / np.maximum(longest, 1)), 100.0)
    # Stored lengths are clipped at 65535: no bound for such sources.
    return np.where(lens >= 65535, 100.0, bound)


def search(
    tm: TranslationMemory, query: str, *, top: int = 5, min_score: float = 50.0
) -> list[Match]:
    """The ``top`` best TM matches of ``query`` scoring at least ``min_score`` (best first)."""
    tm.refresh()
    if top <= 0:
        return []
    query = query.replace("\x00", "")
    form = fold(query)
    if not form:
        return []
    lang = detect_lang(query)
    src, tgt = ("zh", "en") if lang == "zh" else ("en", "zh")
    encode = _Encoder()
    q_code = encode.sequence(form, lang)
    q_len = len(q_code)
    ids, shared, uncounted = _count_candidates(tm, form, lang, q_len, min_score, CANDIDATES[lang])
    conn = tm.conn
    exact_ids = [
        uid for (uid,) in conn.execute(f"SELECT id FROM units WHERE {src}_key = ?", (key(form),))
    ]
    q_tokens = form_tokens(form)
    bounds = _score_bounds(
        shared,
        tm.lengths(lang)[ids],
        uncounted,
        len(query_terms(form, lang)),
        _terms_per_edit(form, lang, q_tokens),
        q_len,
    )
    # Score the candidates best bound first, and stop once the bound of the next one is
    # below the score of the last that can be shown (top + 10 are ranked with penalties).
    # Candidates whose bound is below min_score cannot pass and are never read.
    order = np.argsort(-bounds, kind="stable")
    order = order[bounds[order] >= min_score - 1e-9]
    queue = [(uid, 101.0) for uid in exact_ids]
    queue.extend(zip(ids[order].tolist(), bounds[order].tolist(), strict=True))
    seen: set[int] = set()
    keep = top + 10
    stripped = query.strip()
    scored: list[tuple] = []
    bases: list[float] = []
    at, batch = 0, 32
    while at < len(queue):
        if len(bases) >= keep:
            bases.sort(reverse=True)
            del bases[keep:]
            if queue[at][1] < bases[-1] - 1e-9:
                break
        chunk = [uid for uid, _ in queue[at : at + batch] if uid not in seen]
        at += batch
        batch = min(2 * batch, 256)
        if not chunk:
            continue
        seen.update(chunk)
        # Only what scoring needs: the texts and the rest are read for the best few.
        rows = conn.execute(
            f"SELECT u.id, {form_sql(src)} FROM units u "
            f"WHERE u.id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for uid, source_m in rows:
            s_code = encode.sequence(source_m, lang)
            longest = max(q_len, len(s_code))
            # Best possible final score is the base score; skip what cannot reach min_score.
            cutoff = int(longest * (1.0 - min_score / 100.0) + 1e-9)
            d = Levenshtein.distance(q_code, s_code, score_cutoff=cutoff)
            if d > cutoff:
                continue
            base = base_score(d, q_len, len(s_code))
            scored.append((base, uid))
            bases.append(base)
    scored.sort(key=lambda r: (-r[0], -r[1]))
    best = scored[:keep]
    if not best:
        return []
    details = {
        row[0]: row[1:]
        for row in conn.execute(
            f"SELECT u.id, u.{src}, u.{tgt}, u.{src}_key, d.name, u.date, u.confidence "
            f"FROM units u LEFT JOIN documents d ON d.id = u.doc_id "
            f"WHERE u.id IN ({','.join('?' * len(best))})",
            [uid for _, uid in best],
        )
    }
    ranked: list[tuple[float, float, int, Match]] = []
    for base, uid in best:
        source, target, source_key, doc, date, conf = details[uid]
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
        ranked.append((-score, -base, -uid, match))
    # Ties of the rounded score go to the better exact score, then to the newer unit.
    ranked.sort(key=lambda r: r[:3])
    results = [r[3] for r in ranked[:top]]
    q_encoded = encode(q_tokens)
    return [_finish(m, query, q_encoded, encode) for m in results]


def _finish(match: Match, query: str, q_code: str, encode: _Encoder) -> Match:
    """Add the differences to highlight and the adapted target (only for the shown hits)."""
    from dataclasses import replace

    from tmtool.tm.placeables import adapt

    changes = diff_spans(query, match.source, encode, q_code)
    adapted = adapt(query, match.source, match.target) if changes else None
    return replace(match, changes=changes, adapted_target=adapted)


def diff_spans(
    query: str, source: str, encode: _Encoder | None = None, q_code: str | None = None
) -> tuple[tuple[int, int], ...]:
    """Spans of ``source`` (original offsets) whose tokens the query does not share, merged."""
    from tmtool.tm.prepare import _TOKEN_RE

    encode = encode or _Encoder()
    if q_code is None:
        q_code = encode(form_tokens(fold(query)))
    norm = matching_form(source)
    spans = [m.span() for m in re.finditer(_TOKEN_RE, norm.text)]
    s_code = encode([norm.text[a:b] for a, b in spans])
    out: list[tuple[int, int]] = []
    for op in Levenshtein.opcodes(q_code, s_code):
        if op.tag in ("replace", "insert") and op.dest_end > op.dest_start:
            start = spans[op.dest_start][0]
            end = spans[op.dest_end - 1][1]
            a, b = norm.original_span(start, end)
            if out and a <= out[-1][1] + 1 and not source[out[-1][1] : a].strip():
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return tuple(out)
