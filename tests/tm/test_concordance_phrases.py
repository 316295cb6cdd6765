"""English phrase concordance: exact counts from word and word-pair postings."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmtool.records import TranslationUnit
from tmtool.text.normalize import fold
from tmtool.text.tokens import en_words
from tmtool.tm import concordance as conc
from tmtool.tm import index
from tmtool.tm.frequent_words import FREQUENT_WORDS, VERSION
from tmtool.tm.store import TranslationMemory

# Invented sentences: the same words joined by spaces, hyphens, punctuation, case changes.
TEXTS = [
    "Exports grew 5 percent year on year.",
    "Exports grew 5 percent year-on-year.",
    "YEAR ON YEAR, imports fell.",
    "The year, on year two, began.",
    "One of the ports is in the city.",
    "One of THE ports; of, the rest.",
    "A study of theory of thermal power.",
    "The city's port and the city port.",
    "The port of the city of Chongqing.",
    "It said. The port opened on Monday.",
    "He said the port would open.",
    "Rates of 6.2% and 6.2 percent.",
    "A new-energy car and new energy vehicles.",
    "China's economy and china economy.",
    "Output rose 1.5 percent and 5 percent.",
    "o'the port of the day",
    "Liangjiang New Area and the new area of Liangjiang.",
    "one of the one of the",
]
PLAIN = [
    "year on year", "of the", "the city", "said the", "one of the", "in the", "the port",
    "new area", "new energy", "china's economy", "5 percent", "6.2 percent", "the", "of",
    "on year", "the year", "city's port", "liangjiang new area", "of the city", "port",
    "the day", "s economy", "percent and", "one of the one", "the the",
]  # fmt: skip
LITERAL = ["year-on-year", "new-energy", "6.2%", "of, the", "year, on", "said. the"]


def tokens_hold(term: str, text: str) -> bool:
    """The term's words in sequence among the text's tokens; a one-word term also as its
    possessive (``Chongqing`` in ``Chongqing's``) when it ends in a letter and not in 's."""
    words = en_words(term)
    tokens = f" {' '.join(en_words(text))} "
    if f" {' '.join(words)} " in tokens:
        return True
    if len(words) != 1 or not re.search("[a-z]$", words[0]) or words[0].endswith("'s"):
        return False
    return f" {words[0]}'s " in tokens


def literal_holds(term: str, text: str) -> bool:
    form = fold(term)
    pattern = re.escape(form)
    if form[:1].isalnum():
        pattern = r"(?<![0-9a-z])" + pattern
    if form[-1:].isalnum():
        pattern += r"(?![0-9a-z])"
    return re.search(pattern, fold(text)) is not None


def expected(term: str, texts: list[str] = TEXTS) -> int:
    form = fold(term)
    plain = form == " ".join(en_words(form))
    return sum((tokens_hold if plain else literal_holds)(term, t) for t in texts)


@pytest.fixture(scope="module")
def tms(tmp_path_factory):
    """The same units in a TM with pair postings and in one without (an older import)."""
    out = []
    for name in ("pairs", "words"):
        tm = TranslationMemory.open(tmp_path_factory.mktemp(name) / "p.sqlite")
        zh = [f"第{i}句。" for i in range(len(TEXTS))]
        tm.add_units(TranslationUnit(zh=z, en=e) for z, e in zip(zh, TEXTS, strict=True))
        if name == "words":
            with tm.atomic() as conn:
                conn.execute("DELETE FROM postings WHERE term LIKE 'p%'")
        out.append(tm)
    yield out
    for tm in out:
        tm.close()


def test_the_example_counts_are_the_expected_ones():
    # Written out for a reader: plain words match across hyphens, punctuation and case.
    assert expected("year on year") == 4
    assert expected("year-on-year") == 1
    assert expected("of the") == 5
    assert expected("said the") == 2


@pytest.mark.parametrize("term", PLAIN + LITERAL)
@pytest.mark.parametrize("which", [0, 1])
def test_phrase_counts_are_exact(tms, term, which):
    tm = tms[which]
    assert conc.count(tm, term) == expected(term)
    assert conc.count(tm, term.upper()) == expected(term)
    hits = conc.find_hits(tm, term, limit=100)
    want = [i + 1 for i, t in enumerate(TEXTS) if expected(term, [t])]
    assert [h.id for h in hits] == sorted(want, reverse=True)
    for hit in hits:
        assert hit.spans, (term, hit.source)
        for a, b in hit.spans:
            assert en_words(hit.source[a:b]) == en_words(term)
    result = conc.concordance(tm, term, limit=2)
    assert result.total == len(want)
    assert [(h.id, h.spans) for h in result.hits] == [(h.id, h.spans) for h in hits[:2]]


def test_pairs_are_used_when_the_tm_was_indexed_with_them(tms):
    with_pairs, without = tms
    side = conc._Side(with_pairs, "en", "of the")
    assert side.terms == [index.PAIR + "of the"] and side.exact
    assert conc._Side(with_pairs, "en", "year on year").terms == [
        index.PAIR + "year on",
        index.PAIR + "on year",
    ]
    assert conc._Side(without, "en", "of the").terms == [index.EN + "of", index.EN + "the"]
    assert not conc._Side(without, "en", "of the").exact


def test_not_with_an_english_phrase(tms):
    tm = tms[0]
    result = conc.concordance(tm, "第", side="zh", not_term="of the", renderings=False)
    assert result.total == len(TEXTS) - expected("of the")


@pytest.mark.parametrize("doc", [None, "a"])
def test_deleting_units_keeps_pair_counts_exact(tmp_path, doc):
    texts = TEXTS * 3
    with TranslationMemory.open(tmp_path / "d.sqlite") as tm:
        tm.add_units(
            TranslationUnit(zh=f"第{i}句", en=t, doc="a" if i % 2 else "b")
            for i, t in enumerate(texts)
        )
        if doc:
            tm.delete(doc=doc)
            kept = [t for i, t in enumerate(texts) if not i % 2]
        else:
            tm.delete(ids=[1, 5, 6, 10])
            kept = [t for i, t in enumerate(texts) if i + 1 not in (1, 5, 6, 10)]
        assert tm.document_frequency(index.PAIR_MARKER) == tm.info_units() == len(kept)
        for term in ("of the", "year on year", "the city", "said the", "new area"):
            assert conc.count(tm, term) == expected(term, kept)


WORDS = ["of", "the", "city", "port", "year", "on", "said", "trump", "xyz"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.lists(
            st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", "-", ", ", ". ", "'"])),
            max_size=8,
        ),
        min_size=1,
        max_size=12,
    ),
    term=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
)
def test_counts_equal_a_token_scan(tmp_path_factory, texts, term):
    rendered = ["".join(w + sep for w, sep in t).strip() or "x" for t in texts]
    phrase = " ".join(term)
    with TranslationMemory.open(tmp_path_factory.mktemp("h") / "h.sqlite") as tm:
        tm.add_units(TranslationUnit(zh=f"第{i}句", en=e) for i, e in enumerate(rendered))
        stored = [e for (e,) in tm.conn.execute("SELECT en FROM units ORDER BY id")]
        assert conc.count(tm, phrase) == expected(phrase, stored)


def test_frequent_words_are_single_distinct_tokens():
    assert len(FREQUENT_WORDS) == len(set(FREQUENT_WORDS)) < 65536
    assert all(en_words(w) == [w] for w in FREQUENT_WORDS)
    assert {"of", "the", "year", "on", "said"} <= set(FREQUENT_WORDS)
    assert index.PAIR_MARKER == index.PAIR + "#" + VERSION


def test_the_pair_version_names_the_word_list():
    from tmtool.tm.frequent_words import list_hash

    assert VERSION == list_hash(FREQUENT_WORDS)
    assert list_hash(FREQUENT_WORDS[:-1]) != VERSION  # a changed list changes it


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("5 percent", "grew 1.5 percent"), ("5 percent", "grew 5percent"),
        ("5 percent", "grew 5 percent."), ("5 percent", "grew 5,5 percent"),
        ("5 percent", "x5 percent"), ("year on year", "year's on year"),
        ("year on year", "year on year's"), ("year on year", "year on years"),
        ("year on year", "'year'-on-'year'"), ("year on year", "year on year on year"),
        ("s economy", "china's economy"), ("the city", "the city's"),
        ("the city", "o'the city"), ("the city", "the city.5"), ("2.5 billion", "12.5 billion"),
        ("2.5 billion", "2.5 billion"), ("2.5 billion", "2.5billion"), ("on", "on'"),
        ("new-energy", "new-energy"), ("new-energy", "new-energyx new-energy"),
        ("new-energy", "anew-energy"), ("6.2%", "6.2% rise"), ("6.2%", "16.2%"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("which", [0, 1])
def test_holds_agrees_with_the_definition(tms, term, text, which):
    side = conc._Side(tms[which], "en", term)
    assert side.holds(fold(text)) == bool(expected(term, [text]))
