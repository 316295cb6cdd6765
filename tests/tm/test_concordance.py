"""Concordance: substring matches of any length, English words, filters, renderings."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmtool.errors import InputError, StoreError
from tmtool.records import TranslationUnit
from tmtool.text.normalize import fold
from tmtool.tm import concordance as conc
from tmtool.tm.store import TranslationMemory

from .tmdata import PAIRS


def naive(term: str, side: str = "zh") -> int:
    col = 0 if side == "zh" else 1
    return sum(fold(term) in fold(p[col]) for p in PAIRS)


@pytest.mark.parametrize(
    "term",
    [
        "区",
        "港",
        "两江",
        "新区",
        "江新",
        "两江新区",
        "同比增长",
        "６.２％",
        "年",
        "。",
        "新能源汽车销量",
    ],
)
def test_chinese_terms_of_any_length_match_inside_words(tm, term):
    result = conc.concordance(tm, term, side="zh", renderings=False)
    assert result.side == "zh"
    assert result.total == naive(term) > 0
    for hit in result.hits:
        assert hit.spans and all(fold(hit.source[a:b]) == fold(term) for a, b in hit.spans)


def test_a_variation_selector_in_the_term_is_a_glyph_choice(tm):
    plain = conc.concordance(tm, "两江", side="zh", renderings=False)
    marked = conc.concordance(tm, "两\ufe0f江", side="zh", renderings=False)
    assert marked.total == plain.total > 0


def test_hits_are_newest_first_and_limited(tm):
    hits = conc.find_hits(tm, "两江新区", limit=3)
    assert [h.id for h in hits] == [5, 4, 3]
    assert conc.count(tm, "两江新区") == 5


@pytest.mark.parametrize(
    ("term", "expected"),
    [("liangjiang", 5), ("LIANGJIANG NEW AREA", 3), ("new area", 3), ("area", 3), ("port", 2),
     ("year on year", 1), ("new-energy", 1), ("China-Europe", 1), ("are", 0), ("Liangjiang New", 5)],
)  # fmt: skip
def test_english_words_and_phrases_case_insensitive(tm, term, expected):
    result = conc.concordance(tm, term, renderings=False)
    assert result.side == "en" and result.total == expected
    for hit in result.hits:
        assert all(hit.source[a:b].lower() == term.lower() for a, b in hit.spans)


def test_not_finds_units_lacking_a_rendering(tm):
    result = conc.concordance(tm, "两江新区", not_term="Liangjiang New Area", renderings=False)
    assert result.total == 2
    assert all("Liangjiang New District" in h.target for h in result.hits)


def test_doc_and_since_filters(tm):
    assert conc.count(tm, "两江新区", doc="doc-b") == 2
    assert conc.count(tm, "两江新区", since="2022-01-01") == 3
    assert conc.count(tm, "两江新区", doc="nope") == 0
    assert [h.doc for h in conc.find_hits(tm, "港", since="2022-01-01")] == ["doc-c"]


def test_both_sides(tm):
    assert conc.count(tm, "Guoyuan", side="both") == 2
    assert conc.count(tm, "港", side="both") == 2
    with pytest.raises(StoreError):
        conc.count(tm, "x", side="left")


def test_renderings_are_found_grouped_and_counted(tmp_path):
    rng = random.Random(1)
    verbs = [("签约了新项目", "signed new projects"), ("举办了推介会", "held a promotion event"),
             ("发布了新政策", "issued new policies"), ("建成了新工厂", "completed a new factory"),
             ("迎来了新企业", "welcomed new companies"), ("开通了新线路", "opened a new route")]  # fmt: skip
    units = []
    for i in range(40):
        zh_v, en_v = rng.choice(verbs)
        name = "Liangjiang New Area" if i % 5 else "Liangjiang New District"
        units.append(
            TranslationUnit(zh=f"{i + 1}日，两江新区{zh_v}。", en=f"On day {i + 1}, {name} {en_v}.")
        )
        other = rng.choice(["渝北区", "九龙坡区", "江北区"])
        units.append(
            TranslationUnit(
                zh=f"{i + 1}日，{other}{zh_v}。", en=f"On day {i + 1}, the district {en_v}."
            )
        )
    with TranslationMemory.open(tmp_path / "r.sqlite") as tm:
        tm.add_units(units)
        result = conc.concordance(tm, "两江新区")
        assert result.total == 40
        got = {r.text: r.count for r in result.renderings}
        assert got == {"Liangjiang New Area": 32, "Liangjiang New District": 8}
        back = conc.concordance(tm, "Liangjiang New District")
        assert [(r.text, r.count) for r in back.renderings] == [("两江新区", 8)]


def test_a_possessive_rendering_counts_as_the_rendering(tmp_path):
    rng = random.Random(2)
    verbs = [("签约了新项目", "signed new projects"), ("发布了新政策", "issued new policies"),
             ("开通了新线路", "opened a new route"), ("迎来了新企业", "welcomed new companies")]  # fmt: skip
    units = []
    for i in range(30):
        zh_v, en_v = rng.choice(verbs)
        if i % 3 == 0:  # 两江新区的… → Liangjiang New Area's …
            zh, en = (
                f"{i + 1}日，两江新区的园区{zh_v}。",
                f"On day {i + 1}, Liangjiang New Area’s park {en_v}.",
            )
        elif i % 3 == 1:
            zh, en = (
                f"{i + 1}日，两江新区的企业{zh_v}。",
                f"On day {i + 1}, Liangjiang New Area's firms {en_v}.",
            )
        else:
            zh, en = f"{i + 1}日，两江新区{zh_v}。", f"On day {i + 1}, Liangjiang New Area {en_v}."
        units.append(TranslationUnit(zh=zh, en=en))
        units.append(
            TranslationUnit(zh=f"{i + 1}日，江北区{zh_v}。", en=f"On day {i + 1}, Jiangbei {en_v}.")
        )
    with TranslationMemory.open(tmp_path / "p.sqlite") as tm:
        tm.add_units(units)
        result = conc.concordance(tm, "两江新区")
        assert [(r.text, r.count) for r in result.renderings] == [("Liangjiang New Area", 30)]


def _renderings_tm(tmp_path, name_zh, name_en, n=12):
    """A TM where ``name_zh`` is rendered ``name_en`` in ``n`` units among others."""
    rng = random.Random(3)
    verbs = [("签约了新项目", "signed new projects"), ("发布了新政策", "issued new policies"),
             ("开通了新线路", "opened a new route"), ("迎来了新企业", "welcomed new companies"),
             ("召开了座谈会", "held a forum"), ("公布了新数据", "released new data")]  # fmt: skip
    units = []
    for i in range(n):
        zh_v, en_v = rng.choice(verbs)
        units.append(
            TranslationUnit(
                zh=f"{i + 1}日，{name_zh}{zh_v}。", en=f"On day {i + 1}, the {name_en} {en_v}."
            )
        )
        units.append(
            TranslationUnit(zh=f"{i + 1}日，江北区{zh_v}。", en=f"On day {i + 1}, Jiangbei {en_v}.")
        )
    tm = TranslationMemory.open(tmp_path / "long.sqlite")
    tm.add_units(units)
    return tm


def test_a_long_name_is_rendered_whole(tmp_path):
    """Official names run to eight words (and Chinese ones to twelve characters): a
    rendering is not cut to its first five words or eight characters."""
    name = "Yudong Municipal Commission of Trade and Information Technology"
    with _renderings_tm(tmp_path, "渝东市商务信息委", name) as tm:
        got = conc.concordance(tm, "渝东市商务信息委").renderings
        assert [(r.text, r.count) for r in got] == [(name, 12)]
        back = conc.concordance(tm, name).renderings
        assert [(r.text, r.count) for r in back] == [("渝东市商务信息委", 12)]
    name = "Yudong International Logistics Hub Park"
    with _renderings_tm(tmp_path / "zh", "渝东国际物流枢纽园区", name) as tm:
        back = conc.concordance(tm, name).renderings
        assert [(r.text, r.count) for r in back] == [("渝东国际物流枢纽园区", 12)]


INDUSTRIES = [("科技", "Technology"), ("实业", "Industrial"), ("机械", "Machinery"), ("电器", "Electric"),
              ("化工", "Chemical"), ("能源", "Energy"), ("建材", "Building Materials"), ("食品", "Food"),
              ("纺织", "Textile"), ("环保", "Environmental"), ("钢铁", "Steel"), ("玻璃", "Glass"),
              ("包装", "Packaging"), ("仪器", "Instruments"), ("软件", "Software"), ("陶瓷", "Ceramics")]  # fmt: skip


def test_co_ltd_is_one_rendering(tmp_path):
    names = [
        ("光电", "Photonics"),
        ("精工", "Precision"),
        ("智造", "Smart Works"),
        ("新材", "New Materials"),
        ("电子", "Electronics"),
        ("汽配", "Auto Parts"),
        ("医药", "Pharma"),
        ("物流", "Logistics"),
    ]
    verbs = [("投产", "began production"), ("签约", "signed a deal"), ("扩产", "expanded output"),
             ("上市", "went public")]  # fmt: skip
    units = []
    for i, ((c, e), (zv, ev)) in enumerate(itertools.product(names, verbs), start=1):
        if i % 2:  # (the word before 有限公司 varies, as it does in the news)
            zk, ek = INDUSTRIES[i // 2]
            units.append(
                TranslationUnit(
                    zh=f"渝东{c}{zk}有限公司{i}日{zv}。",
                    en=f"Yudong {e} {ek} Co., Ltd. {ev} on day {i}.",
                )
            )
        else:
            units.append(
                TranslationUnit(
                    zh=f"渝东{c}科技园{i}日{zv}。",
                    en=f"Yudong {e} Technology Park {ev} on day {i}.",
                )
            )
    with TranslationMemory.open(tmp_path / "co.sqlite") as tm:
        tm.add_units(units)
        got = conc.concordance(tm, "有限公司").renderings
        assert (got[0].text, got[0].count) == ("Co., Ltd.", 16)


def test_a_span_of_one_hit_does_not_extend_a_rendering(tmp_path):
    """With two hits, 永川区增长 (in one of them) is no rendering of Yongchuan District."""
    units = [
        TranslationUnit(zh="永川区增长了5%。", en="Yongchuan District grew 5 percent."),
        TranslationUnit(zh="永川区凤凰湖产业园开园。", en="Yongchuan District opened a park."),
        TranslationUnit(zh="江北区增长了3%。", en="Jiangbei grew 3 percent."),
    ]
    with TranslationMemory.open(tmp_path / "y.sqlite") as tm:
        tm.add_units(units)
        got = conc.concordance(tm, "Yongchuan District").renderings
        assert [(r.text, r.count) for r in got] == [("永川区", 2)]


@pytest.mark.parametrize(
    ("span", "bare"),
    [("Chongqing's", "Chongqing"), ("Chongqing’s", "Chongqing"), ("CHONGQING'S", "CHONGQING"),
     ("Liangjiang New Area's", "Liangjiang New Area"), ("'s", "'s"), ("it's", "it"),
     ("Chongqing", "Chongqing"), ("bus", "bus"), ("the '90s", "the '90s")],
)  # fmt: skip
def test_possessive_endings_are_dropped_from_english_renderings(span, bare):
    assert conc._bare(span) == bare


HOSTILE = ['"', "AND", "OR", "NOT", "NEAR", "两江 OR 果园", "*", "两江*", "()", "\\", "\x00", "两江\x00新区",
           "😀", "%", "_", "' OR 1=1 --", "x" * 10_000, "两江新区" * 2_500, "", " ", "\u200b"]  # fmt: skip


@pytest.mark.parametrize("term", HOSTILE)
def test_hostile_terms_are_literal(tm, term):
    result = conc.concordance(tm, term)
    clean = term.replace("\x00", "")
    if fold(clean):
        assert (
            result.total == sum(fold(clean) in fold(p[0]) or False for p in PAIRS)
            or result.side == "en"
        )
    assert result.total == len(result.hits) or result.total > len(result.hits)


def test_nul_is_dropped_not_truncating(tm):
    assert conc.count(tm, "两江\x00新区") == conc.count(tm, "两江新区") == 5


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from(list("两江新区果园港的年增长。% abcAreaPort")), max_size=6))
def test_total_equals_a_naive_scan(tm, term):
    result = conc.concordance(tm, term, side="zh", renderings=False)
    assert result.total == (naive(term) if fold(term) else 0)


@pytest.mark.parametrize("term", ["港", "码头", "项", "第", "unit", "harbour"])
def test_rare_and_frequent_terms_give_the_same_hits_as_a_scan(tmp_path, term):
    data = []
    for i in range(300):
        extra = ("港口码头", "harbour") if i % 97 == 0 else ("", "")
        data.append(TranslationUnit(zh=f"第{i}个项目{extra[0]}。", en=f"Unit {i} {extra[1]}."))
    with TranslationMemory.open(tmp_path / "f.sqlite") as tm:
        tm.add_units(data)
        side = "zh" if term[0] >= "\u4e00" else "en"
        col = 0 if side == "zh" else 1
        want = [i + 1 for i, u in enumerate(data) if term.lower() in (u.zh, u.en)[col].lower()]
        hits = conc.find_hits(tm, term, limit=7)
        assert [h.id for h in hits] == sorted(want, reverse=True)[:7]
        assert conc.count(tm, term) == len(want)


_PROBE = """
import sys
from tmtool.text import normalize
from tmtool.tm import concordance as conc
from tmtool.tm.store import TranslationMemory

with TranslationMemory.open(sys.argv[1], create=False) as tm:
    for term, side in (("的", "zh"), ("两江新区", "zh"), ("New Area", "en"), ("重庆", "both")):
        conc.find_hits(tm, term, side=side, limit=5)
        conc.count(tm, term, side=side, not_term="Chongqing")
print(normalize._run_re.cache_info().currsize, normalize._t2s.cache_info().currsize)
"""


def test_plain_terms_skip_the_general_fold_path(tm):
    """The term's form comes from fast_fold: a first concordance call in a process does not
    compile the general fold's pattern or load OpenCC (~16 ms, the first-call outlier of
    bench/tm.py's 1-character terms)."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tm.path)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "0"]


def _occurrences(text: str, term: str) -> list[tuple[int, int]]:
    lower, out, at = text.lower(), [], 0
    while (i := lower.find(term, at)) >= 0:
        out.append((i, i + len(term)))
        at = i + 1
    return out


@pytest.mark.parametrize(
    ("text", "term", "shown"),
    [
        # ``’s`` joins the word as ``'s`` does (the form holds ``area's``): not the term there.
        ("The New Area’s plan covers the New Area.", "new area", [1]),
        ("The New Area's plan covers the New Area.", "new area", [1]),
        ("Chongqing’s port and Chongqing.", "chongqing", [0, 1]),  # (a possessive)
        ("‘Guoyuan Port’ and Guoyuan Port.", "guoyuan port", [0, 1]),
        ("'Guoyuan Port' and Guoyuan Port.", "guoyuan port", [0, 1]),  # (a quote starts none)
        ("O'Guoyuan Port and Guoyuan Port.", "guoyuan port", [1]),  # (o'guoyuan: one word)
        ("O’Guoyuan Port and Guoyuan Port.", "guoyuan port", [1]),
        ("2.5 billion, then 5 billion", "5 billion", [1]),  # (2.5: one number)
        ("Year 2.Port and Guoyuan Port.", "port", [0, 1]),  # (a point after a digit)
    ],
)
def test_highlights_stand_where_the_form_has_the_words_as_tokens(tmp_path, text, term, shown):
    with TranslationMemory.open(tmp_path / "tm.sqlite") as memory:
        memory.add_units([TranslationUnit(zh="两江新区。", en=text)])
        (hit,) = conc.find_hits(memory, term, side="en")
        found = _occurrences(text, term)
        assert list(hit.spans) == [found[k] for k in shown]


@pytest.mark.parametrize(
    "since",
    [
        "2023-13-45",
        "2023-02-30",
        "２０２３-０１-０１",
        "2023-1-1",
        "2023",
        "",
        "last week",
        "2023-01-01x",
    ],
)
def test_since_that_is_no_calendar_date_is_an_input_error(tm, since):
    # compared as text, a bad date silently filtered: "2023-13-45" kept 2024's units only
    for call in (conc.count, conc.find_hits, conc.concordance):
        with pytest.raises(InputError, match="date"):
            call(tm, "两江新区", since=since)


@pytest.mark.parametrize("limit", [2**63, 10**20, -(10**20)])
def test_limit_beyond_sqlite_integers(tm, limit):
    result = conc.concordance(tm, "两江新区", limit=limit)
    assert len(result.hits) == (result.total if limit > 0 else 0)
    assert len(conc.find_hits(tm, "两江新区", limit=limit)) == len(result.hits)


@pytest.mark.parametrize(
    ("term", "not_term", "doc", "expected"),
    [
        ("两江\udcff", None, None, 0),  # no stored text holds a lone surrogate
        ("\ud800", None, None, 0),
        ("两江新区", "\udcff", None, "all"),  # nothing to leave out
        ("两江新区", None, "\udcff", 0),
    ],
)
def test_lone_surrogates_match_nothing_and_never_raise(tm, term, not_term, doc, expected):
    total = conc.count(tm, "两江新区") if expected == "all" else expected
    result = conc.concordance(tm, term, not_term=not_term, doc=doc)
    assert (result.total, len(result.hits)) == (total, min(total, 50))
    assert conc.count(tm, term, not_term=not_term, doc=doc) == total
    assert len(conc.find_hits(tm, term, not_term=not_term, doc=doc)) == min(total, 50)


@pytest.mark.parametrize(
    ("term", "side"),
    [
        ("。", "zh"),
        ("，", "zh"),
        ("《》", "zh"),
        ("（", "zh"),
        ("％", "zh"),
        ("：", "zh"),
        ("“", "en"),  # curly quotes are English typography too
        (".", "en"),
        ("%", "en"),
        ("(", "en"),
        ("两江", "zh"),
        ("Port", "en"),
    ],
)
def test_auto_side_of_a_punctuation_term_follows_its_script(tm, term, side):
    # "。" was searched on the English side (text without Han counted as English): 0 units
    result = conc.concordance(tm, term, renderings=False)
    assert result.side == side
    if side == "zh":
        assert result.total == conc.count(tm, term, side="zh")
