"""The fuzzy search's index side: batched reads, membership, q-gram bounds that never cut a match."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from tmtool.records import TranslationUnit
from tmtool.text.normalize import fold
from tmtool.tm import fuzzy, index
from tmtool.tm.store import TranslationMemory

from .tmdata import PAIRS


def test_batched_reads_equal_single_reads(tm):
    terms = sorted({t for zh, *_ in PAIRS for t in fuzzy.query_terms(fold(zh), "zh")})
    terms += ["z不存在", "enonexistentword"]
    many = index.read_postings_many(tm.conn, terms)
    freqs = index.document_frequencies(tm.conn, terms)
    for term in terms:
        single = index.read_postings(tm.conn, term)
        assert np.array_equal(many.get(term, np.empty(0, np.uint32)), single)
        assert freqs[term] == index.document_frequency(tm.conn, term) == len(single)
    assert "z不存在" not in many and freqs["z不存在"] == 0


@pytest.mark.parametrize(
    ("postings", "ids", "expected"),
    [
        ([], [1, 2], [False, False]),
        ([5], [4, 5, 6], [False, True, False]),
        ([1, 3, 5, 7], [0, 1, 2, 7, 8], [False, True, False, True, False]),
    ],
)
def test_contains(postings, ids, expected):
    got = fuzzy.contains(np.array(postings, dtype=np.uint32), np.array(ids, dtype=np.uint32))
    assert got.tolist() == expected


@pytest.mark.parametrize(
    "ids", [[3, 70000, 70001, 4_000_000_000], list(range(0, 50_000, 7)), [9] * 0 + [1, 300]]
)
def test_unpack_round_trips(ids):
    arr = np.array(ids, dtype=np.uint32)
    assert np.array_equal(index.unpack(index.pack(arr), len(arr)), arr)


def _units(rng: random.Random) -> list[TranslationUnit]:
    base = [p[0] for p in PAIRS]
    out = {}
    for i in range(400):
        text = rng.choice(base)
        if i % 2:
            text = text.rstrip("。") + "，" + rng.choice(base)
        chars = list(text)
        for _ in range(rng.randint(0, 6)):  # scattered edits: the bound's hard case
            chars[rng.randrange(len(chars))] = rng.choice("的区港2019年新")
        zh = "".join(chars)
        out[zh] = TranslationUnit(zh=zh, en=f"unit {i}")
    return list(out.values())


def _assert_bounds_hold(tm: TranslationMemory, form: str, lang: str) -> None:
    """Every candidate's bound (:func:`fuzzy.candidate_bounds`) is at least its exact base score."""
    encode = fuzzy._Encoder()
    q_code = encode.query(form, lang)
    ids, shared, uncounted = fuzzy._count_candidates(tm, form, lang, len(q_code), 0.0, 10_000)
    assert len(ids)
    bounds = fuzzy.candidate_bounds(
        form, lang, len(q_code), shared, tm.lengths(lang)[ids], uncounted
    )
    for uid, bound in zip(ids.tolist(), bounds.tolist(), strict=True):
        (text,) = tm.conn.execute(f"SELECT {lang} FROM units WHERE id = ?", (uid,)).fetchone()
        s_code = encode.source(fold(text), lang)
        d = Levenshtein.distance(q_code, s_code)
        assert bound >= fuzzy.base_score(d, len(q_code), len(s_code)) - 1e-9, (form, text)


def test_bounds_and_estimates_never_cut_a_match(tmp_path):
    """Every candidate's q-gram bound is at least its exact base score (Chinese and English)."""
    rng = random.Random(5)
    with TranslationMemory.open(tmp_path / "b.sqlite") as tm:
        tm.add_units(_units(rng))
        tm.add_units(
            [TranslationUnit(zh=f"单位{i}", en=f"Unit {i} of 2019 in the new area, said {w}.")
             for i, w in enumerate(["Li", "Wang Wei", "the port", "Zhang"] * 5)]
        )  # fmt: skip
        queries = [rng.choice(PAIRS)[0] + "，" + rng.choice(PAIRS)[0] for _ in range(10)]
        queries += ["Unit 3 of 2020 in the new port area, said Li.", "the new area"]
        for query in queries:
            _assert_bounds_hold(tm, fold(query), "en" if query.isascii() else "zh")


def _edited(rng: random.Random, tokens: list[str], alphabet: list[str]) -> list[str]:
    """``tokens`` with a few random insertions (most), substitutions and deletions."""
    out = list(tokens)
    for _ in range(rng.randint(0, 8)):
        at, kind = rng.randrange(len(out) + 1), rng.random()
        if kind < 0.6 or not out:
            out.insert(at, rng.choice(alphabet))
        elif kind < 0.85:
            out[min(at, len(out) - 1)] = rng.choice(alphabet)
        else:
            del out[min(at, len(out) - 1)]
    return out or [alphabet[0]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bounds_hold_for_longer_and_shorter_sources(tmp_path, lang):
    """Sources longer than the query by x tokens lack terms too: the bound adds the x
    insertions to the edits that remove the other missing terms (an insertion removes no
    English word and at most two Chinese bigrams), and must never cut a match."""
    rng = random.Random(11)
    if lang == "en":
        alphabet = "the city port new area trade rail said on in of and a reporter by".split()
        sep, end = " ", "."
    else:
        alphabet, sep, end = list("重庆两江新区港口贸易铁路的了在"), "", "。"
    queries = [[rng.choice(alphabet) for _ in range(rng.randint(4, 14))] for _ in range(12)]
    with TranslationMemory.open(tmp_path / "e.sqlite") as tm:
        units = {}
        for i in range(400):
            text = sep.join(_edited(rng, rng.choice(queries), alphabet)) + end
            other = f"unit {i}" if lang == "zh" else f"单位{i}"
            zh, en = (text, other) if lang == "zh" else (other, text)
            units[text] = TranslationUnit(zh=zh, en=en)
        tm.add_units(list(units.values()))
        for tokens in queries:
            _assert_bounds_hold(tm, fold(sep.join(tokens) + end), lang)


@pytest.mark.parametrize(
    ("lang", "q_len", "s_len", "missing", "expected_d"),
    [
        ("en", 10, 15, 3, 8),  # 5 insertions + 3 substitutions (was max(3, 5) = 5)
        ("en", 10, 10, 3, 3),
        ("en", 10, 6, 3, 4),  # shorter: 4 deletions can remove the 3 words
        ("en", 10, 12, 0, 2),
        ("zh", 10, 14, 10, 5),  # 4 insertions remove ≤ 8 bigrams, 1 edit more for 2
        ("zh", 10, 14, 6, 4),  # the insertions alone can explain 6 missing bigrams
    ],
)
def test_bound_adds_insertions_to_the_edits_of_missing_terms(
    lang, q_len, s_len, missing, expected_d
):
    # One term per token in English, two per (one-character) token in Chinese.
    capacity = np.cumsum(np.full(q_len + 2, 1 if lang == "en" else 2, dtype=np.int64))
    n_terms = 20
    bound = fuzzy._score_bounds(
        np.array([n_terms - missing]), np.array([s_len]), 0, n_terms, capacity, q_len,
        0 if lang == "en" else 2,
    )[0]  # fmt: skip
    assert bound == pytest.approx(100 * (1 - expected_d / max(q_len, s_len)))


@pytest.mark.parametrize("n_units", [1, 8, 9, 1000, 4099])
def test_bitmap_lookup_equals_binary_search(n_units):
    rng = np.random.default_rng(n_units)
    postings = np.unique(rng.integers(0, n_units, size=n_units // 2 + 1)).astype(np.uint32)
    ids = np.unique(rng.integers(0, n_units, size=n_units)).astype(np.uint32)
    bits = fuzzy._bitmap(postings, n_units)
    byte, shift = ids >> 3, (7 - (ids & 7)).astype(np.uint8)
    got = ((bits[byte] >> shift) & 1).astype(bool)
    assert np.array_equal(got, fuzzy.contains(postings, ids))


def test_a_differently_spaced_source_is_not_cut_by_the_bound(tmp_path):
    """A space between ASCII and Chinese changes the bigrams but not the tokens: "5G 网络"
    is an exact token match of "5G网络", and must outrank twenty one-edit matches that
    come first in the scoring order."""
    spaced = ["5G 网络建设", "5G网络 建设", "在 2024年 5G 网络建设"]
    queries = ["5G网络建设", "5G网络建设", "在2024年5G网络建设"]
    for source, query in zip(spaced, queries, strict=True):
        with TranslationMemory.open(tmp_path / f"s{len(source)}.sqlite") as tm:
            others = [query + c for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"]
            tm.add_units([TranslationUnit(zh=zh, en=f"unit {i}") for i, zh in enumerate(others)])
            tm.add_units([TranslationUnit(zh=source, en="the spaced one")])
            hits = fuzzy.search(tm, query, top=5, min_score=50.0)
            assert hits[0].source == source and hits[0].score == 99.0, (query, hits[0])
            # The bound of every candidate holds for such sources too.
            _assert_bounds_hold(tm, fold(query), "zh")


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("两江新区", 0),  # Han only: a space between Han characters is folded away
        ("5g网络", 2),  # 5g (number, word: two tokens) and g网 (ASCII, then Han)
        ("5g 网络", 3),  # 5g, and "g " and " 网": a source may lack the space
        ("2024年5g网络", 4),  # 4年, 年5, 5g and g网
        ("增长6.5%", 2),  # 长6 and 5%
        ("abc", 0),  # inside one token: no space can come without changing the tokens
    ],
)
def test_spacing_terms(form, expected):
    assert fuzzy._spacing_terms(form) == expected


def test_a_common_terms_bitmap_is_built_at_first_use_after_the_tms_first_lookup(
    tmp_path, monkeypatch
):
    """The first lookup of a TM (a `tmtool search` process) searches the postings of common
    terms; later lookups build a common term's bitmap the first time they need it. The
    results are the same either way."""
    # Few terms counted densely, so the others are looked up for the preselected units.
    monkeypatch.setattr(fuzzy, "DENSE_POSTINGS", 1)
    monkeypatch.setattr(fuzzy, "DENSE_MAX", 1)
    monkeypatch.setattr(fuzzy, "MIN_TERMS", 1)
    rng = random.Random(3)
    words = list("重庆两江新区港口贸易铁路的了在")
    texts = {"".join(rng.choice(words) for _ in range(12)) + "。" for _ in range(300)}
    with TranslationMemory.open(tmp_path / "b.sqlite") as tm:
        tm.add_units([TranslationUnit(zh=t, en=f"unit {i}") for i, t in enumerate(sorted(texts))])
        first, second = sorted(texts)[:2]

        def bitmaps() -> set[str]:
            return {
                t
                for t in fuzzy.query_terms(fold(first + second), "zh")
                if fuzzy._peek(tm, "b:" + t) is not None
            }

        hits = fuzzy.search(tm, first)
        assert hits and not bitmaps()  # the first lookup built none
        again = fuzzy.search(tm, second)
        built = bitmaps()
        assert built  # the second built those it needed, at their first use
        assert built - set(fuzzy.query_terms(fold(first), "zh"))
        with TranslationMemory.open(tmp_path / "b.sqlite") as fresh:
            assert [m.to_json() for m in fuzzy.search(fresh, second)] == [
                m.to_json() for m in again
            ]


def test_long_queries_look_up_a_spread_of_the_other_terms(tmp_path, monkeypatch):
    """Past the dense (rarest) terms, a long query looks up at most ``REST_TERMS`` others,
    spread over their frequency order; the bounds still hold and the best match is found."""
    rng = random.Random(8)
    monkeypatch.setattr(fuzzy, "DENSE_POSTINGS", 1)  # only MIN_TERMS terms counted densely
    monkeypatch.setattr(fuzzy, "REST_TERMS", 3)
    requested: list[str] = []
    read = index.read_postings_many

    def spy(conn, terms):
        requested.extend(terms)
        return read(conn, terms)

    with TranslationMemory.open(tmp_path / "r.sqlite") as tm:
        tm.add_units(_units(rng))
        query = PAIRS[0][0].rstrip("。") + "，" + PAIRS[1][0]
        form = fold(query)
        tm.add_units([TranslationUnit(zh=query.replace("，", "；"), en="the near one")])
        monkeypatch.setattr(index, "read_postings_many", spy)
        hits = fuzzy.search(tm, query, top=1)
        n_terms = len(fuzzy.query_terms(form, "zh"))
        assert n_terms > fuzzy.MIN_TERMS + 3 + 10
        assert len(set(requested)) <= fuzzy.MIN_TERMS + 3
        assert hits and hits[0].target == "the near one"
        monkeypatch.setattr(index, "read_postings_many", read)
        _assert_bounds_hold(tm, form, "zh")


@pytest.mark.parametrize(
    ("terms", "first", "window", "expected"),
    [
        # one window: rarest first, as given
        (["a", "b", "c", "d"], {"a": 3, "b": 0, "c": 2, "d": 1}, 16, ["a", "b", "c", "d"]),
        # two windows (positions 0–1, 2–3): each window's rarest, then each one's second
        (["a", "b", "c", "d"], {"a": 0, "b": 1, "c": 2, "d": 3}, 2, ["a", "c", "b", "d"]),
        # the rarest terms all in the second half come one at a time
        (["c", "d", "a", "b"], {"a": 0, "b": 1, "c": 2, "d": 3}, 2, ["c", "a", "d", "b"]),
        ([], {}, 16, []),
    ],
)
def test_spread_takes_each_stretch_of_the_query_in_turn(terms, first, window, expected):
    assert fuzzy._spread(terms, first, window) == expected


def test_first_positions_are_the_first_occurrences():
    zh = fuzzy._first_positions("两江新区两江", "zh")
    assert zh == {"z两江": 0, "z江新": 1, "z新区": 2, "z区两": 3}
    assert set(zh) == set(fuzzy.query_terms("两江新区两江", "zh"))
    en = fuzzy._first_positions("the new area of the city", "en")
    assert set(en) == set(fuzzy.query_terms("the new area of the city", "en"))
    assert en["ethe"] < en["enew"] < en["ecity"]


def test_the_counted_terms_cover_a_long_part_of_the_query_without_its_rarest(tmp_path, monkeypatch):
    """A query of a long part A and a short part B whose terms are the rarest: the unit
    holding A (the best match) is a candidate although it holds none of B's terms."""
    monkeypatch.setattr(fuzzy, "DENSE_POSTINGS", 60)
    monkeypatch.setattr(fuzzy, "CANDIDATES", {"zh": 4, "en": 4})
    han = [c for c in map(chr, range(0x4E00, 0x9000, 7)) if fold(c) == c][:400]
    a, b, filler = "".join(han[:60]), "".join(han[60:68]), han[100:]
    rng = random.Random(5)
    a_grams = [a[i : i + 2] for i in range(len(a) - 1)]
    units = [TranslationUnit(zh=a + "，" + "".join(filler[:8]) + "。", en="the A one")]
    for k in range(10):  # B's terms: held by 10 units each
        units.append(
            TranslationUnit(
                zh=b + "".join(rng.choice(filler) for _ in range(60)) + "。", en=f"b{k}"
            )
        )
    for k in range(300):  # A's terms: held by 15 or 16 units each, in pieces
        grams = [a_grams[(3 * k + j) % len(a_grams)] for j in range(3)]
        text = "，".join(g + "".join(rng.choice(filler) for _ in range(4)) for g in grams)
        units.append(TranslationUnit(zh=text + "。", en=f"piece {k}"))
    with TranslationMemory.open(tmp_path / "w.sqlite") as tm:
        tm.add_units(units)
        query = a + b + "。"
        df = index.document_frequencies(tm.conn, list(fuzzy.query_terms(fold(query), "zh")))
        assert max(df["z" + g] for g in (b[i : i + 2] for i in range(7))) < min(
            df["z" + g] for g in a_grams
        )
        hits = fuzzy.search(tm, query, top=1)
        assert hits and hits[0].target == "the A one"
