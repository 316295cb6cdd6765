"""English phrase counts through the fast paths: the sufficient pattern on the stored text
(``_Side.quick``) and rows whose matching form is left to SQL (``en_m`` NULL).

Each count is compared with the definition (the term's words among the text's word
tokens), so a fast path that accepted a place the tokens do not hold fails here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmtool.records import TranslationUnit
from tmtool.text.normalize import fold
from tmtool.tm import concordance as conc
from tmtool.tm.schema import stored_en_form
from tmtool.tm.store import TranslationMemory

from .test_concordance_phrases import expected

# Invented sentences around "year on year": separators, case, boundaries, non-ASCII text.
TEXTS = [
    "Sales rose 5% year on year.",
    "Sales rose 5% year-on-year, the bureau said.",
    "Year on year, sales rose.",
    "YEAR-ON-YEAR growth",
    "The Year-On-Year rise (year on year)",
    "the year, on year two",
    "year on year's figures",
    "year on years",
    "Xyear on year",
    "éyear on year",
    "year on year2 and year on year.5",
    "year on year.",
    "year on year'S",
    "year -on- year",
    "year_on_year",
    "year on year—up 5%",
    "Year on year — up 5%",
    "Sales rose  5%\u00a0year on year",
    "China\u2019s year on year rise",
    "x\u2019year on year and year on year\u2019s",
    "year\u2014on\u2013year",
    "\u201cYear on year\u201d\u2026 up",
    "one of the ports is one of The best",
    "One-of-the-kind deal",
    "Trump said on Monday",
    "TRUMP SAID",
    "trump said.",
    "Trump's said",
    "Trumps said",
    "The Chongqing Liangjiang New Area (Liangjiang New-Area)",
    "12.5 billion yuan and 2.5 billion",
    "2.5-billion",
]
TERMS = [
    "year on year",
    "one of the",
    "trump said",
    "liangjiang new area",
    "2.5 billion",
    "on year",
]


@pytest.fixture(scope="module")
def tm(tmp_path_factory):
    with TranslationMemory.open(tmp_path_factory.mktemp("fast") / "f.sqlite") as tm:
        tm.add_units(TranslationUnit(zh=f"第{i}句。", en=e) for i, e in enumerate(TEXTS))
        yield tm


def test_both_kinds_of_rows_are_present(tm):
    # Rows with a stored matching form and rows whose form SQL derives from en.
    kinds = {m is None for (m,) in tm.conn.execute("SELECT en_m FROM units")}
    assert kinds == {True, False}


@pytest.mark.parametrize("term", TERMS)
def test_counts_and_hits_follow_the_word_tokens(tm, term):
    want = [i + 1 for i, t in enumerate(TEXTS) if expected(term, [t])]
    assert want, term
    assert conc.count(tm, term) == len(want)
    assert conc.count(tm, term.title()) == len(want)
    assert [h.id for h in conc.find_hits(tm, term, limit=100)] == sorted(want, reverse=True)


Y = "year on year"


@pytest.mark.parametrize(
    ("term", "text", "holds"),
    [
        (Y, "rose year on year.", True), (Y, "rose year-on-year, up", True),
        (Y, "Year on year, up", True), (Y, "YEAR ON YEAR", True), (Y, "year on year's", False),
        (Y, "year on years", False), (Y, "Xyear on year", False), (Y, "éyear on year", True),
        (Y, "year on year2", True), (Y, "year on year.5", True), (Y, "year on year.a", True),
        (Y, "5year on year", True), (Y, "year on year'S", False), (Y, "year on year's'", False),
        (Y, "year_on_year", True), (Y, "year, on year", True), (Y, "year on-year", True),
        (Y, "ayear on year", False), ("year 2", "year 2.5", False), ("year 2", "year 2,000", False),
        ("year 2", "year 2.", True), ("year 2", "year 2, 3", True), ("year 2", "year 2x", True),
        ("2 year", "1.2 year", False), ("2 year", "1,2 year", False), ("2 year", "x2 year", True),
        ("2 year", "(2 year)", True), ("2 year", "'2 year", True),
        # Curly quotes, dashes and ellipses in stored text whose form is derived (en_m NULL).
        (Y, "x\u2019year on year", False), (Y, "year on year\u2019s", False),
        (Y, "year on year\u2018s", False), (Y, "\u2018year on year\u2019", True),
        (Y, "year\u2014on\u2013year", True), (Y, "\u201cYear on year\u201d", True),
        (Y, "5\u2026year on year\u20265", True), ("year 2", "year 2\u20265", True),
        ("2 year", "1\u20262 year", True), ("year's", "Year\u2019s end", True),
        ("year's", "year\u2019s\u2019", True), ("year's", "year\u2019sa", False),
    ],
)  # fmt: skip
def test_row_test_agrees_with_the_definition(tm, term, text, holds):
    side = conc._Side(tm, "en", term)
    assert bool(expected(term, [text])) is holds
    assert side.holds_row(stored_en_form(text, fold(text)), text) is holds
    assert side.holds(fold(text)) is holds
    if side.quick.search(text):  # what the fast test accepts on the stored text holds
        assert holds


_ALPHABET = "yearonYEARON  -,.'5é_(XxsS\u2019\u2018\u201c\u2014\u2013\u2026\u00a0"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(alphabet=_ALPHABET, max_size=30),
    term=st.sampled_from(["year on year", "on year", "year", "5 year", "on 5", "a", "year's"]),
)
def test_the_fast_test_is_sufficient(tm, text, term):
    side = conc._Side(tm, "en", term)
    truth = bool(expected(term, [text]))
    if side.quick.search(text) or side.quick.search(fold(text)):
        assert truth, (term, text)
    assert side.holds_row(stored_en_form(text, fold(text)), text) is truth


# A one-word term also matches as its possessive, a token of its own with its own list;
# the words of a phrase match as they are.
POSSESSIVE_TEXTS = [
    "Chongqing grew.",
    "Chongqing's port",
    "CHONGQING'S PORT",
    "Chongqing\u2019s port",
    "Chongqings port",
    "Chongqing's's",
    "in Chongqing and Chongqing's",
    "the city's port",
    "The City\u2019s port",
    "the city port",
    "the citys",
    "o'the city's",
    "year on year's rise",
]


@pytest.fixture(scope="module")
def ptm(tmp_path_factory):
    # Filler first: the terms are then rare enough (< FREQUENT of the units) for the first
    # hits to come from the posting lists (A and B merged), not from a walk over the rows.
    filler = [TranslationUnit(zh=f"填充{i}。", en=f"Filler number {i}.") for i in range(400)]
    with TranslationMemory.open(tmp_path_factory.mktemp("poss") / "p.sqlite") as tm:
        tm.add_units(filler)
        tm.add_units(
            TranslationUnit(zh=f"第{i}句。", en=e, doc="odd" if i % 2 else "even")
            for i, e in enumerate(POSSESSIVE_TEXTS)
        )
        yield tm


@pytest.mark.parametrize(
    ("term", "possessive", "exact"),
    [("chongqing", True, True), ("city", True, True), ("the city", False, True),
     ("year on year", False, False)],
)  # fmt: skip
def test_possessive_forms_are_counted(ptm, term, possessive, exact):
    side = conc._Side(ptm, "en", term)
    assert (side.extra_terms is not None) is possessive and side.exact_all is exact
    sure, unsure = side.parts()
    if exact:
        assert not len(unsure)  # counted from the posting lists alone
    assert side.frequency < conc.FREQUENT * ptm.info_units()  # hits from the lists
    want = [i + 401 for i, t in enumerate(POSSESSIVE_TEXTS) if expected(term, [t])]
    assert conc.count(ptm, term) == len(want) == len(sure) + len(unsure) - _misses(side, unsure)
    for limit in (1, 2, 100):
        hits = conc.find_hits(ptm, term, limit=limit)
        assert [h.id for h in hits] == sorted(want, reverse=True)[:limit]
        for hit in hits:
            assert hit.spans and all(fold(hit.source[a:b]) == fold(term) for a, b in hit.spans)
    odd = [i for i in want if (i - 401) % 2]
    assert conc.count(ptm, term, doc="odd") == len(odd)


def _misses(side, ids):
    rows = side.tm.conn.execute(
        f"SELECT en FROM units WHERE id IN ({','.join(map(str, ids.tolist())) or 'NULL'})"
    )
    return sum(not expected(" ".join(side.words), [en]) for (en,) in rows)


def test_possessive_counts_in_the_expected_units(ptm):
    # Written out: Chongqing's, CHONGQING'S, Chongqing’s count; Chongqings, 's's do not;
    # a phrase's last word is not a possessive (the city: only "the city port").
    assert conc.count(ptm, "Chongqing") == 5
    assert conc.count(ptm, "city") == 4
    assert conc.count(ptm, "the city") == 1
    result = conc.concordance(ptm, "第", side="zh", not_term="Chongqing", renderings=False)
    assert result.total == len(POSSESSIVE_TEXTS) - 5
    assert conc.count(ptm, "Chongqing", side="both") == 5


def test_a_possessive_term_matches_only_itself(ptm):
    assert conc.count(ptm, "chongqing's") == 4
    assert conc._Side(ptm, "en", "chongqing's").extra_terms is None
