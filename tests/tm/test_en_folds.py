"""English matching forms derived in SQL (``units.en_m`` NULL): ``lower(en)`` after the
``EN_FOLDS`` replacements (curly quotes, en and em dashes, the ellipsis).

What must hold wherever a NULL ``en_m`` is read: the derived form is the matching form
(SQL, :func:`~tmtool.tm.schema.derived_en_form`, fuzzy's ``_en_form``), the batch import
stores what :func:`~tmtool.tm.prepare.prepare` stores, concordance finds ``China's`` in
``China’s`` through its shortcuts on the stored text, fuzzy search scores and highlights
as from the stored form, and a TM written under the old rule (NULL only where the form is
``lower(en)``) reads the same.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.records import TranslationUnit
from tmtool.text.normalize import fold
from tmtool.tm import concordance as conc
from tmtool.tm import fuzzy
from tmtool.tm.prepare import prepare, prepare_many
from tmtool.tm.schema import EN_FOLDS, derived_en_form, form_sql, stored_en_form
from tmtool.tm.store import TranslationMemory

CURLY = [
    "China\u2019s \u201cgreen\u201d growth \u2014 fast\u2026 and steady.",
    "The 2023\u20132024 season opened \u2018early\u2019.",
    "He said: \u201cWe\u2019ll keep going\u2026\u201d",
    "Year\u2014on\u2014year",
    "\u2026",
]
STORED = [  # folds the derivation does not make: NBSP, space runs, compatibility letters
    "10\u00a0km",
    "two  spaces",
    " lead",
    "\u2103 and \ufb01ne",
    "e\u0301t\u00e9",
    "\u201cA\u201d\u2033",
]


@pytest.mark.parametrize("text", CURLY)
def test_curly_english_needs_no_stored_form(text):
    assert stored_en_form(text, fold(text)) is None
    assert derived_en_form(text) == fold(text)
    assert prepare("重庆。", text).en_stored is None
    assert prepare_many([("重庆。", text)]).en_stored == [None]


@pytest.mark.parametrize("text", STORED)
def test_other_folds_are_still_stored(text):
    assert stored_en_form(text, fold(text)) == fold(text)
    assert prepare("重庆。", text).en_stored == fold(text)
    assert prepare_many([("重庆。", text)]).en_stored == [fold(text)]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_a_matching_form_holds_no_folded_mark(text):
    # Why a TM written before EN_FOLDS needs no migration: where it left en_m NULL, the form
    # was lower(en), so en held none of these marks and the replacements change nothing.
    form = fold(text)
    assert not any(a in form for a, _ in EN_FOLDS)


HOSTILE_EN = st.lists(
    st.sampled_from(
        [
            *"\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u2010\u2212\u00ab\u2033",
            *" \u00a0\u2009\u3000\t",
            *"ChinaSGREEN growth'\"-.,5",
            "\u0301",
            "\u00e9",
            "\u0130",
            "\u00df",
            "\ufb01",
            "两江",
            "\u2026\u2026",
            "--",
            "...",
        ]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(HOSTILE_EN)
def test_the_sql_form_is_the_python_form_and_the_matching_form(text):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE units (en, en_m)")
    stored = stored_en_form(text, fold(text))
    conn.execute("INSERT INTO units VALUES (?, ?)", (text, stored))
    derived = conn.execute(f"SELECT {form_sql('en')} FROM units u").fetchone()[0]
    assert derived == fold(text)  # what every reader of the row sees
    assert fuzzy.stored_form("en", stored, text) == fold(text)
    sql_null = form_sql("en").replace("u.en_m", "NULL").replace("u.en", "?")
    assert conn.execute(f"SELECT {sql_null}", (text,)).fetchone()[0] == derived_en_form(text)
    assert derived_en_form(text) == fuzzy._en_form(text)
    assert (stored is None) == (derived_en_form(text) == fold(text))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["两江。", "重庆"]), HOSTILE_EN), min_size=1, max_size=6))
def test_the_batch_path_stores_what_prepare_stores(pairs):
    chunk = prepare_many(pairs)
    assert chunk.en_stored == [prepare(zh, en).en_stored for zh, en in pairs]


# A small TM: curly and straight spellings of the same words, and filler so that the terms
# are rare (first hits from the posting lists).
UNITS = [
    ("中国的绿色增长。", "China\u2019s \u201cgreen\u201d growth\u2014fast\u2026 and steady."),
    ("中国的老式增长。", "China's old-style growth, in 2023-2024."),
    ("中国人。", "Chinas and China"),
    ("两个季节。", "The 2023\u20132024 season opened \u2018early\u2019\u2026"),
    ("年同比。", "Sales rose 5% year\u2014on\u2014year, x\u2019year on year."),
]
FILLER = [(f"填充{i}。", f"Filler number {i}.") for i in range(300)]


def _build(path: Path, old_rule: bool) -> TranslationMemory:
    """A TM of FILLER + UNITS; ``old_rule``: en_m as the old rule stored it (NULL only when
    the form is ASCII lower(en))."""
    with TranslationMemory.open(path) as tm:
        tm.add_units(TranslationUnit(zh=zh, en=en) for zh, en in FILLER + UNITS)
    if old_rule:
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT id, en FROM units WHERE en_m IS NULL").fetchall()
        with conn:
            conn.executemany(
                "UPDATE units SET en_m = ? WHERE id = ?",
                [(fold(en), i) for i, en in rows if fold(en) != en.lower()],
            )
        conn.close()
    return TranslationMemory.open(path, create=False)


@pytest.fixture(scope="module", params=["new", "old"])
def ftm(request, tmp_path_factory):
    tm = _build(tmp_path_factory.mktemp("enfolds") / "t.sqlite", request.param == "old")
    yield request.param, tm
    tm.close()


def _ids(*texts: str) -> list[int]:
    """Unit ids (newest first) of the UNITS with these English texts."""
    return sorted((len(FILLER) + 1 + [e for _, e in UNITS].index(t) for t in texts), reverse=True)


def test_both_rules_are_what_the_fixture_says(ftm):
    rule, tm = ftm
    (curly,) = tm.conn.execute("SELECT en_m FROM units WHERE en = ?", (UNITS[0][1],)).fetchone()
    assert (curly is None) is (rule == "new")
    (plain,) = tm.conn.execute("SELECT en_m FROM units WHERE en = ?", (UNITS[1][1],)).fetchone()
    assert plain is None  # ASCII: NULL under either rule


@pytest.mark.parametrize(
    ("term", "texts"),
    [
        ("China's", [UNITS[0][1], UNITS[1][1]]),
        ("china\u2019s", [UNITS[0][1], UNITS[1][1]]),
        ("China", [UNITS[0][1], UNITS[1][1], UNITS[2][1]]),  # (with its possessive)
        ("green growth", [UNITS[0][1]]),
        ('"green"', [UNITS[0][1]]),
        ("growth-fast", [UNITS[0][1]]),
        ("fast...", [UNITS[0][1]]),
        ("2023-2024", [UNITS[1][1], UNITS[3][1]]),
        ("'early'", [UNITS[3][1]]),
        ("year on year", [UNITS[4][1]]),
        ("year-on-year", [UNITS[4][1]]),
    ],
)
def test_concordance_counts_and_hits_through_folded_marks(ftm, term, texts):
    _, tm = ftm
    want = _ids(*texts)
    assert conc.count(tm, term, side="en") == len(want)
    hits = conc.find_hits(tm, term, side="en", limit=10)
    assert [h.id for h in hits] == want
    for h in hits:
        assert h.spans
    result = conc.concordance(tm, term, side="en", limit=10)
    assert result.total == len(want) and [h.id for h in result.hits] == want


@pytest.mark.parametrize(
    ("term", "not_term", "texts"),
    [
        ("增长", "China's", []),
        ("增长", "china\u2019s green", [UNITS[1][1]]),
        ("增长", "growth-fast", [UNITS[1][1]]),
        ("增长", "fast...", [UNITS[1][1]]),
        ("季节", "2023-2024", []),
        ("同比", "year on year", []),
    ],
)
def test_not_terms_see_folded_marks(ftm, term, not_term, texts):
    """``--not`` checks every row with the LIKE prefilter on the stored text."""
    _, tm = ftm
    want = _ids(*texts)
    assert conc.count(tm, term, side="zh", not_term=not_term) == len(want)
    assert [h.id for h in conc.find_hits(tm, term, side="zh", not_term=not_term)] == want


@pytest.mark.parametrize(("term", "n"), [("-", 4), ("...", 2), ("'", 4), ('"', 1)])
def test_terms_without_words_scan_the_rows(ftm, term, n):
    """A term with no word has no index term: the rows are scanned (LIKE, then the test)."""
    _, tm = ftm
    want = [i for i, (_, en) in enumerate(UNITS) if term in fold(en)]
    assert len(want) == n
    assert conc.count(tm, term, side="en") == n
    assert len(conc.find_hits(tm, term, side="en", limit=100)) == n


QUERIES = [
    "China's green growth was fast and steady.",
    "China\u2019s old-style growth in 2023-2024.",
    "The 2023-2024 season opened early.",
    "Sales rose 6% year-on-year.",
    "\u201cGreen\u201d growth\u2026 fast",
]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    base = tmp_path_factory.mktemp("enfolds-ab")
    new, old = _build(base / "new.sqlite", False), _build(base / "old.sqlite", True)
    yield new, old
    new.close()
    old.close()


@pytest.mark.parametrize("query", QUERIES)
def test_fuzzy_search_is_the_same_from_a_derived_or_a_stored_form(both, query):
    new, old = both
    got = fuzzy.search(new, query, top=5, min_score=30)
    want = fuzzy.search(old, query, top=5, min_score=30)
    assert got, query
    assert [(m.id, m.score, m.changes, m.adapted_target) for m in got] == [
        (m.id, m.score, m.changes, m.adapted_target) for m in want
    ]
    for m in got:  # the highlights are those of the offset map
        assert m.changes == fuzzy.diff_spans(query, m.source)


def test_an_ellipsis_is_not_aligned():
    text = "Growth\u2026 fast"
    assert fuzzy._aligned_form("en", None, text) is None
    assert fuzzy._aligned_form("en", None, "China\u2019s growth") == "china's growth"
