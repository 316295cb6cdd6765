"""Match percentages, direction, recall against brute force, highlighting, hostile queries."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from tmtool.records import TranslationUnit
from tmtool.text.normalize import fold
from tmtool.text.tokens import match_tokens
from tmtool.tm import fuzzy
from tmtool.tm.store import TranslationMemory

from .tmdata import PAIRS


@pytest.mark.parametrize(
    ("d", "lq", "ls", "expected"),
    [
        (0, 10, 10, 100.0),
        (1, 10, 10, 90.0),
        (1, 9, 10, 90.0),
        (5, 10, 4, 50.0),
        (3, 4, 4, 25.0),
        (0, 0, 0, 100.0),
    ],
)
def test_base_score(d, lq, ls, expected):
    assert fuzzy.base_score(d, lq, ls) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("base", "exact", "confidence", "translations", "expected"),
    [
        (100.0, True, None, 1, 100.0),
        (100.0, False, None, 1, 99.0),  # equal only after normalization
        (99.6, False, None, 1, 99.0),
        (87.54, False, None, 1, 87.5),
        (100.0, True, 0.3, 1, 95.0),
        (100.0, True, 0.7, 1, 98.0),
        (100.0, True, 0.9, 1, 100.0),
        (90.0, False, None, 3, 89.0),
        (90.0, False, 0.4, 2, 84.0),
        (3.0, False, 0.1, 2, 0.0),
    ],
)
def test_final_score(base, exact, confidence, translations, expected):
    score, _ = fuzzy.final_score(
        base, exact=exact, confidence=confidence, translations=translations
    )
    assert score == expected


def test_exact_match_is_100_and_shows_the_translation(tm):
    zh, en = PAIRS[0][0], PAIRS[0][1]
    [best, *_] = fuzzy.search(tm, zh)
    assert (best.score, best.source, best.target, best.source_lang) == (100.0, zh, en, "zh")
    assert best.changes == ()


def test_normalized_equal_is_99(tm):
    [best, *_] = fuzzy.search(tm, "两江新区今年新签约项目２３个。")  # full-width digits
    assert best.score == 99.0 and best.source == PAIRS[0][0]


@pytest.mark.parametrize("selector", ["\ufe0f", "\ufe00", "\U000e0100"])
def test_a_variation_selector_in_the_query_does_not_block_the_match(tm, selector):
    """A selector picks a glyph of the character before it (pasted from a web page or a
    document with ideographic variants), never another character."""
    [best, *_] = fuzzy.search(tm, "两" + selector + "江新区今年新签约项目23个。")
    assert best.score == 99.0 and best.source == PAIRS[0][0]


def test_english_query_searches_the_english_side(tm):
    [best, *_] = fuzzy.search(tm, "Guoyuan Port opened a new shipping route!")
    assert best.source == PAIRS[6][1] and best.target == PAIRS[6][0] and best.source_lang == "en"
    assert best.score == pytest.approx(round(100 * (1 - 1 / 8), 1))


def test_score_is_the_documented_formula(tm):
    query = "两江新区今年新签约项目25个，同比增长。"
    source = PAIRS[0][0]
    q, s = match_tokens(query), match_tokens(source)
    expected = round(100 * (1 - Levenshtein.distance(q, s) / max(len(q), len(s))), 1)
    [best, *_] = fuzzy.search(tm, query, min_score=10)
    assert best.source == source and best.score == expected


def test_min_and_top(tm):
    assert fuzzy.search(tm, PAIRS[0][0], top=0) == []
    hits = fuzzy.search(tm, "两江新区", min_score=0, top=3)
    assert len(hits) == 3
    assert all(h.score >= 90 for h in fuzzy.search(tm, PAIRS[2][0], min_score=90))


def test_penalties_apply(tm_path):
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(
            [TranslationUnit(zh="今天天气很好。", en="The weather is fine today.", confidence=0.3)]
        )
        tm.add_units([TranslationUnit(zh="项目已经完成。", en="The project is done."),
                      TranslationUnit(zh="项目已经完成。", en="The project has been completed.")])  # fmt: skip
        [m] = fuzzy.search(tm, "今天天气很好。")
        assert m.score == 95.0 and m.penalties == ("low-confidence -5",)
        hits = fuzzy.search(tm, "项目已经完成。")
        assert [h.score for h in hits] == [99.0, 99.0]
        assert all("several-translations -1" in h.penalties for h in hits)


def test_no_length_cap(tm_path):
    long_zh = "，".join(f"第{i}个项目在两江新区落地" for i in range(60)) + "。"
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units([TranslationUnit(zh=long_zh, en="A very long sentence.")])
        query = long_zh.replace("第7个", "第八个")
        [m] = fuzzy.search(tm, query)
        assert 95 < m.score < 100


def test_changes_highlight_the_differing_source_text(tm):
    [best, *_] = fuzzy.search(tm, "两江新区今年新签约项目30个。")
    source = best.source
    assert [source[a:b] for a, b in best.changes] == ["23"]


def test_placeable_adaptation_in_search(tm):
    [best, *_] = fuzzy.search(tm, "截至3月5日，到岗员工73.9万人。")
    assert best.source == PAIRS[9][0]
    assert best.adapted_target == "As of March 5, 739,000 employees were back at work."


def _brute_force(memory, query, top=5, cutoff=50.0):
    q = match_tokens(query)
    scores = []
    for u in memory.units():
        s = match_tokens(u.zh)
        score = 100 * (1 - Levenshtein.distance(q, s) / max(len(q), len(s)))
        scores.append(100.0 if u.zh == query else round(min(score, 99.0), 1))
    return sorted((s for s in scores if s >= cutoff), reverse=True)[:top]


def test_results_equal_a_brute_force_scan(tm_path):
    rng = random.Random(3)
    base = [p[0] for p in PAIRS]
    data: dict[str, TranslationUnit] = {}
    for i in range(600):
        a, b = rng.choice(base), rng.choice(base)
        text = a if i % 3 else a.rstrip("。") + "，" + b
        text = text.replace("23", str(rng.randint(1, 99))).replace(
            "两江新区", rng.choice(["两江新区", "渝北区", "西部科学城"])
        )
        zh = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{text}"
        data[zh] = TranslationUnit(zh=zh, en=f"unit {i}")  # one translation per source
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(data.values())
        for _ in range(25):
            query = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{rng.choice(base)}"
            got = [h.score for h in fuzzy.search(tm, query)]
            want = _brute_force(tm, query)
            assert got == pytest.approx(want, abs=0.05)


HOSTILE = [
    '"', '""', "'", "AND", "OR", "NOT", "NEAR", "a AND b", "两江 OR 果园", "NOT 两江新区", "NEAR(a b)",
    "*", "两江*", "(", ")", "())((", "\\", "\\\\n", "\x00", "两江\x00新区", "😀", "🇨🇳 两江新区 👍🏻",
    "x" * 10_000, "两江新区" * 2_500, "%", "_", "' OR 1=1 --", "; DROP TABLE units; --", "\u200b", "",
    "   ", "\n\t", "\udc80", "两江新区\udcff", "Liangjiang \ud800 New Area", "\ud83d\ude00\udfff",
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_literal(tm, query):
    hits = fuzzy.search(tm, query, min_score=0)
    for h in hits:
        assert 0 <= h.score <= 100
    assert tm.info().units == len(PAIRS)


@pytest.mark.parametrize("mark", ["\udc80", "\ud800", "\udfff"])
def test_a_lone_surrogate_is_a_token_no_unit_holds(tm, mark):
    """Undecodable bytes carried in as lone surrogates (``surrogateescape``) are in no unit:
    the rest of the query still matches, a little lower than without them."""
    source = PAIRS[0][0]
    plain = fuzzy.search(tm, source, min_score=0, top=1)
    marked = fuzzy.search(tm, source[:4] + mark + source[4:], min_score=0, top=1)
    assert [h.id for h in marked] == [h.id for h in plain]
    assert 0 < marked[0].score < plain[0].score


def test_operators_do_not_change_the_meaning(tm):
    plain = fuzzy.search(tm, "两江新区 果园港", min_score=0, top=15)
    with_or = fuzzy.search(tm, "两江新区 OR 果园港", min_score=0, top=15)
    # 'OR' is two more English tokens, not an operator: every score drops, none rises.
    assert {h.id for h in with_or} == {h.id for h in plain}
    assert all(
        a.score >= b.score
        for a, b in zip(
            sorted(plain, key=lambda h: h.id), sorted(with_or, key=lambda h: h.id), strict=True
        )
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_any_text_never_raises(tm_path_factory, text):  # the TM is only read: sharing it is fine
    with TranslationMemory.open(tm_path_factory) as tm:
        for h in fuzzy.search(tm, text, min_score=0):
            assert 0 <= h.score <= 100


@pytest.fixture
def tm_path_factory(tmp_path):
    path = tmp_path / "h.sqlite"
    with TranslationMemory.open(path) as tm:
        tm.add_units([TranslationUnit(zh=z, en=e) for z, e, *_ in PAIRS])
    return path


TOKEN_TEXT = st.lists(
    st.sampled_from(
        [*list("两江新区果 ab Z9.,'_-%é٣²\U000f0001"), "New", "area", "12.5", "10,812"]
    ),
    max_size=15,
).map(" ".join)


# Sources also hold tokens the query lacks, the sentinel itself and characters above it.
SOURCE_TEXT = st.lists(
    st.tuples(
        st.sampled_from(
            [
                *list("两江新区果港 abxZ9.,'_-%é٣²\U000f0001\U000effff\U0010fffd→℃()\":"),
                "New",
                "area",
                "port",
                "12.5",
                "10,812",
                "7",
            ]
        ),
        st.sampled_from(["", " "]),  # glued to the previous token or not
    ),
    max_size=15,
).map(lambda ts: "".join(space + t for t, space in ts))


@settings(max_examples=300, deadline=None)
@given(TOKEN_TEXT, TOKEN_TEXT)
def test_in_place_encoding_gives_the_token_distance(a, b):
    fa, fb = fold(a), fold(b)
    enc = fuzzy._Encoder()
    fast = Levenshtein.distance(enc.form(fa), enc.form(fb))
    assert fast == Levenshtein.distance(match_tokens(a), match_tokens(b))
    assert len(enc.form(fa)) == len(match_tokens(a))


@settings(max_examples=300, deadline=None)
@given(TOKEN_TEXT)
def test_simple_tokens_are_the_match_tokens(a):
    assert fuzzy._tokens(fold(a)) == match_tokens(a)


@pytest.mark.parametrize("lang", ["zh", "en"])
@settings(max_examples=300, deadline=None)
@given(a=SOURCE_TEXT, b=SOURCE_TEXT)
def test_sentinel_encoding_gives_the_token_distance(lang, a, b):
    # Source tokens the query lacks all become one code: the distance must not change.
    enc = fuzzy._Encoder()
    q = enc.query(fold(a), lang)
    s = enc.source(fold(b), lang)
    assert len(q) == len(match_tokens(a)) and len(s) == len(match_tokens(b))
    assert Levenshtein.distance(q, s) == Levenshtein.distance(match_tokens(a), match_tokens(b))


def test_quick_simple_check_lets_through_no_letter_digit_or_space():
    # Every character the quick pass accepts must also pass the full check on its own.
    quick = fuzzy._MAYBE_NOT_SIMPLE_JOINED_RE
    accepted = [chr(c) for c in range(1, 0x10000) if not quick.match(chr(c))]
    assert len(accepted) > 20_000  # the ranges are there (ASCII, Han, punctuation)
    for ch in accepted:
        assert not fuzzy._not_simple_re().match(ch), hex(ord(ch))
    # NUL (the batch separator, which the quick pattern lets through) is not simple.
    assert not fuzzy._is_simple("两江\x00新区") and fuzzy._is_simple("两江 5g 新区")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("两江，（）：；？！“”％—‘’…AbZ 9é\tＡ")), max_size=30))
def test_python_form_equals_the_sql_form(text):
    import sqlite3

    from tmtool.tm.schema import form_sql

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE units (zh, en, zh_m, en_m)")
    conn.execute("INSERT INTO units VALUES (?, ?, NULL, NULL)", (text, text))
    zh, en = conn.execute(f"SELECT {form_sql('zh')}, {form_sql('en')} FROM units u").fetchone()
    assert fuzzy.stored_form("zh", None, text) == zh
    assert fuzzy.stored_form("en", None, text) == en
    assert fuzzy.stored_form("zh", "stored", text) == "stored"


@pytest.mark.parametrize("lang", ["zh", "en"])
@settings(max_examples=200, deadline=None)
@given(
    query=SOURCE_TEXT,
    sources=st.lists(SOURCE_TEXT | st.just("\x00") | st.just("a\x00b"), max_size=6),
)
def test_a_joined_batch_is_coded_as_each_source_alone(lang, query, sources):
    forms = [fold(s) for s in sources]
    enc = fuzzy._Encoder()
    enc.query(fold(query), lang)
    assert enc.sources(forms, lang) == [enc.source(f, lang) for f in forms]


@pytest.mark.parametrize("lang", ["zh", "en"])
@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("两，（）…“AbZ 9é\x00")), max_size=12)))
def test_forms_derived_in_one_call_equal_each_alone(lang, texts):
    derive = fuzzy._zh_form if lang == "zh" else fuzzy._en_form
    assert fuzzy._derive_many(derive, texts) == [derive(t) for t in texts]


@pytest.mark.parametrize(
    ("lang", "query", "source"),
    [
        (
            "zh",
            "两江新区今年新签约项目30个（同比）。",
            "两江新区今年新签约项目23个（同比），总投资“1.2”亿元！",
        ),
        ("zh", "截至3月5日，到岗员工73.9万人。", "截至2月19日：到岗员工65.2万人？"),
        (
            "en",
            "Guoyuan Port opened 3 new routes.",
            "Guoyuan Port Opened 2 New Shipping Routes (Photo).",
        ),
        ("en", "It rose 4.8 percent.", "It's up 5.2 percent, officials said."),
        (
            "en",
            "China's green growth rose 5 percent.",
            "China\u2019s \u201cGreen\u201d Growth\u2014up 6 percent, \u2018officials\u2019 said.",
        ),
    ],
)
def test_highlights_from_an_aligned_form_equal_those_from_the_offset_map(lang, query, source):
    derive = fuzzy._zh_form if lang == "zh" else fuzzy._en_form
    assert derive(source) == fold(source)  # what a NULL stored form means
    aligned = fuzzy._aligned_form(lang, None, source)
    assert aligned is not None
    spans = fuzzy.diff_spans(query, source, form=aligned)
    assert spans and spans == fuzzy.diff_spans(query, source)
    # Coded as for scoring, against the query held by the encoder: the same spans.
    encode = fuzzy._Encoder()
    q_code = encode.query(fold(query), lang)
    assert fuzzy.diff_spans(query, source, encode, q_code, form=aligned, lang=lang) == spans


@pytest.mark.parametrize(
    ("lang", "query", "source"),
    [
        ("zh", "截至3月5日，到岗员工73.9万人。", "截至2月19日：到岗员工  65.2万人…"),
        ("en", "It rose 4.8 percent.", "It\u2019s up\u00a0 5.2 percent \u2026 officials said."),
        ("en", "Guoyuan Port opened 3 new routes.", "Guoyuan Port Opened 2 New Routes."),
    ],
)
def test_highlights_from_the_scoring_code_equal_those_coded_again(lang, query, source):
    """search() hands diff_spans the code scoring gave the source: the same spans as coding
    the source again, aligned form or not."""
    encode = fuzzy._Encoder()
    q_code = encode.query(fold(query), lang)
    (s_code,) = encode.sources([fold(source)], lang)
    derived = fuzzy.stored_form(lang, None, source)
    aligned = fuzzy._aligned_form(lang, None if derived == fold(source) else fold(source), source)
    again = fuzzy.diff_spans(query, source, encode, q_code, form=aligned, lang=lang)
    assert again
    assert (
        fuzzy.diff_spans(query, source, encode, q_code, form=aligned, lang=lang, s_code=s_code)
        == again
    )
    assert again == fuzzy.diff_spans(query, source)
