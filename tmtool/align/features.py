"""Per-sentence features of a document pair, built once, combined per bead by the scorer.

For each side: the sentences, their lengths (non-space characters), paragraph starts
and the one-sided prior (:mod:`tmtool.align.onesided`), and a *lexical vector*: a
sparse bag of cross-lingual anchor keys mapped into one shared space:

- ``w:`` English stems — on the Chinese side, the stems of the CC-CEDICT glosses of
  every headword found in the sentence; on the English side, its content words;
- ``l:`` Latin tokens and numerals written the same way on both sides (GDP, 5G, C919,
  2024, 6.2);
- ``q:`` quantity values from :mod:`tmtool.text.numbers` (73.9万 ~ 739,000);
- ``g:`` glossary terms (the zh term on one side, its English rendering on the other).

Only keys present on *both* sides of the document are kept, weighted by a document
inverse frequency, and each sentence vector is L2-normalised, so a dot product is a
cosine and a bead (several sentences) is scored from sums of sentence vectors, exactly
like the encoder vectors.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tmtool.align.lexicon import Glossary, Lexicon, content_stems, get_lexicon
from tmtool.align.onesided import one_sided_prior

MAX_DIM = 2048
KIND_WEIGHT = {"w": 1.0, "l": 2.0, "q": 2.0, "g": 2.0}

_DIGIT_TOKEN_RE = re.compile(r"[A-Za-z0-9]*[0-9](?:[A-Za-z0-9]|[.,+-](?=[A-Za-z0-9]))*")
_ACRONYM_RE = re.compile(
    r"(?<![A-Za-z0-9])(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Za-z]{2,}(?![A-Za-z0-9])"
)
_TYPED_KINDS = frozenset({"date", "time", "month", "day", "percent", "ppoint"})


@dataclass
class Side:
    """One language side of a document: sentences and their per-sentence features."""

    sentences: list[str]
    para_start: np.ndarray  # bool: the sentence opens a paragraph (never the first one)
    length: np.ndarray  # float: non-space characters
    prior: np.ndarray  # float: prior that the sentence has no counterpart
    lex: np.ndarray  # float32 (n, dim): L2-normalised lexical vectors (rows may be zero)
    sem: np.ndarray | None = None  # float32 (n, d): encoder vectors, when an encoder is used

    def __len__(self) -> int:
        return len(self.sentences)


# Necessary conditions of the two token patterns, cheap to test: a digit token holds an
# ASCII digit, an acronym two capitals in one run of letters (most Chinese sentences have
# neither, many English ones no digit).
_HAS_DIGIT_RE = re.compile(r"[0-9]")
_HAS_CAPS_RE = re.compile(r"[A-Z][A-Za-z]*[A-Z]")


def _latin_keys(text: str) -> list[str]:
    keys = []
    if _HAS_DIGIT_RE.search(text) is not None:
        keys = ["l:" + tok.replace(",", "").lower() for tok in _DIGIT_TOKEN_RE.findall(text)]
    if _HAS_CAPS_RE.search(text) is not None:
        keys += ["l:" + tok.lower() for tok in _ACRONYM_RE.findall(text)]
    return keys


_MAY_HAVE_NUMBER = {
    "zh": re.compile(r"[0-9０-９〇零二三四五六七八九十百千万亿两]|季度|半年"),
    "en": re.compile(
        r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen(?:th)?"
        r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million"
        r"|billion|trillion|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
        r"|half|quarter|twice|dozen|percent|january|february|march|april|may|june|july"
        r"|august|september|october|november|december|noon|midnight)\b",
        re.IGNORECASE,
    ),
}


# The same test as _MAY_HAVE_NUMBER["en"], by word lookup instead of a 60-way alternation
# tried at every word (a third of the English quantity time): a word of that pattern is
# a whole \w+ run, so a run (lowercased) is looked up in a set. Characters that case-fold
# onto ASCII letters only under re.IGNORECASE (İ ı ſ K) send a sentence to the pattern.
_EN_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty
    fifty sixty seventy eighty ninety hundred thousand million billion trillion first second
    third fourth fifth sixth seventh eighth ninth tenth half quarter twice dozen percent
    january february march april may june july august september october november december
    noon midnight""".split()
)
_FOLD_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
_ANY_DIGIT = re.compile(r"\d")
_WORD_RUN = re.compile(r"\w+")
_TEEN_RE = re.compile(r"\wteen(?:th)?\b", re.IGNORECASE)


def _en_may_have_number(text: str) -> bool:
    if _FOLD_TRAPS.search(text) is not None:
        return _MAY_HAVE_NUMBER["en"].search(text) is not None
    if _ANY_DIGIT.search(text) is not None:
        return True
    if not _EN_NUMBER_WORDS.isdisjoint(map(str.lower, _WORD_RUN.findall(text))):
        return True
    return _TEEN_RE.search(text) is not None  # \w+teen(th)? as a whole run


def _quantity_keys(text: str, lang: str) -> list[str]:
    if lang == "en":
        if not _en_may_have_number(text):
            return []
    elif not _MAY_HAVE_NUMBER[lang].search(text):
        return []  # half of all sentences: skip the (comparatively slow) extraction
    from tmtool.text.numbers import extract_quantities

    keys = []
    for q in extract_quantities(text, lang):
        value = f"{int(q.value)}" if q.value == int(q.value) else f"{q.value:.6g}"
        kind = q.kind if q.kind in _TYPED_KINDS else "n"
        keys.append(f"q:{kind}:{value}")
    return keys


def zh_keys(text: str, lexicon: Lexicon, glossary: Glossary | None) -> dict[str, float]:
    """Anchor keys of a Chinese sentence (with weights before idf); Traditional characters
    are looked up as Simplified."""
    from tmtool.text.normalize import to_simplified

    return _zh_keys(text, to_simplified(text), lexicon, glossary)


def _zh_keys(
    text: str, simplified: str, lexicon: Lexicon, glossary: Glossary | None
) -> dict[str, float]:
    keys: dict[str, float] = {}
    get = keys.get
    for _, stems in lexicon.lookup(simplified):
        w = 1.0 / math.sqrt(len(stems))
        for k in stems:
            keys[k] = get(k, 0.0) + w
    for k in _latin_keys(text) + _quantity_keys(text, "zh"):
        keys[k] = get(k, 0.0) + 1.0
    if glossary is not None:
        for zh, en in glossary.terms:
            if zh in simplified:
                k = "g:" + en.lower()
                keys[k] = get(k, 0.0) + 1.0
    return keys


def en_keys(text: str, glossary: Glossary | None) -> dict[str, float]:
    """Anchor keys of an English sentence (with weights before idf)."""
    keys: dict[str, float] = {}
    get = keys.get
    for k in content_stems(text) + _latin_keys(text) + _quantity_keys(text, "en"):
        keys[k] = get(k, 0.0) + 1.0
    if glossary is not None and glossary.en_pattern is not None:
        for m in glossary.en_pattern.finditer(text.lower()):
            k = "g:" + m.group(0)
            keys[k] = get(k, 0.0) + 1.0
    return keys


def _vectors(
    zh: list[dict[str, float]], en: list[dict[str, float]]
) -> tuple[np.ndarray, np.ndarray]:
    df: Counter[str] = Counter()
    for keys in zh:
        df.update(keys.keys())
    df_en: Counter[str] = Counter()
    for keys in en:
        df_en.update(keys.keys())
    shared = sorted(df.keys() & df_en.keys())
    n = len(zh) + len(en)
    dim = max(1, min(MAX_DIM, len(shared)))
    slot: dict[str, tuple[int, float]] = {}  # key -> (column, weight)
    for k in shared:
        col = (zlib.crc32(k.encode()) % dim) if len(shared) > dim else len(slot)
        slot[k] = (col, KIND_WEIGHT[k[0]] * math.log((n + 1) / (df[k] + df_en[k])))

    hashed = len(shared) > dim  # several keys may share a column: add them up in order
    shared_keys = slot.keys()

    def build(side: list[dict[str, float]]) -> np.ndarray:
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        out = np.zeros((len(side), dim), dtype=np.float32)
        if hashed:
            get = slot.get
            for row, keys in enumerate(side):
                for k, v in keys.items():
                    hit = get(k)
                    if hit is not None:
                        rows.append(row)
                        cols.append(hit[0])
                        vals.append(v * hit[1])
            index = (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))
            np.add.at(out, index, vals)
        else:  # one column per key: each cell is written once, so plain assignment
            for row, keys in enumerate(side):
                for k in keys.keys() & shared_keys:  # most keys are not shared
                    col, weight = slot[k]
                    rows.append(row)
                    cols.append(col)
                    vals.append(keys[k] * weight)
            out[np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)] = vals
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms

    return build(zh), build(en)


def _char_length(text: str) -> int:
    # str.split() splits at exactly the characters \s matches (str.isspace), twice as fast
    return max(1, len("".join(text.split())))


def build_sides(
    zh_paragraphs: Sequence[Sequence[str]],
    en_paragraphs: Sequence[Sequence[str]],
    *,
    glossary: Glossary | None = None,
    lexicon: Lexicon | None = None,
) -> tuple[Side, Side]:
    """Sentences and features of both sides (paragraphs are lists of sentences)."""
    from tmtool.text.normalize import to_simplified

    lexicon = lexicon or get_lexicon()

    def flat(paragraphs: Sequence[Sequence[str]]) -> tuple[list[str], np.ndarray]:
        sentences: list[str] = []
        starts: list[bool] = []
        for para in paragraphs:
            for k, s in enumerate(para):
                sentences.append(s)
                starts.append(k == 0 and len(sentences) > 1)
        return sentences, np.array(starts, dtype=bool)

    zs, zstart = flat(zh_paragraphs)
    es, estart = flat(en_paragraphs)
    zsimple = [to_simplified(s) for s in zs]  # once per sentence, for keys and prior
    en_k = [en_keys(s, glossary) for s in es]
    zh_k = [_zh_keys(s, simple, lexicon, glossary) for s, simple in zip(zs, zsimple, strict=True)]
    zlex, elex = _vectors(zh_k, en_k)
    zh = Side(
        zs,
        zstart,
        np.array([_char_length(s) for s in zs], dtype=np.float64),
        np.array([one_sided_prior(simple) for simple in zsimple]),
        zlex,
    )
    en = Side(
        es,
        estart,
        np.array([_char_length(s) for s in es], dtype=np.float64),
        np.array([one_sided_prior(s) for s in es]),
        elex,
    )
    return zh, en
