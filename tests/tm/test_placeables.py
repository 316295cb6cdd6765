"""Placeables: new quantities carried into the target in the target's conventions."""

from __future__ import annotations

import re

import pytest

from tmtool.tm.placeables import adapt, format_number

CASES = [
    # (query, TM source, TM target, expected adapted target)
    ("截至3月5日，到岗员工73.9万人。", "截至2月19日，到岗员工65.2万人。",
     "As of February 19, 652,000 employees were back at work.",
     "As of March 5, 739,000 employees were back at work."),
    ("外贸总值同比增长7.5%。", "外贸总值同比增长6.2%。",
     "Foreign trade rose 6.2 percent year on year.", "Foreign trade rose 7.5 percent year on year."),
    ("销售额达到13.5亿元。", "销售额达到12.8亿元。", "Sales reached 1.28 billion yuan.", "Sales reached 1.35 billion yuan."),
    ("第20届西洽会开幕。", "第19届西洽会开幕。", "The 19th fair opened.", "The 20th fair opened."),
    ("全市有企业8236家。", "全市有企业7300家。", "The city has 7,300 firms.", "The city has 8,236 firms."),
    # English query → Chinese target
    ("Output rose 8.1 percent in March.", "Output rose 6.5 percent in March.", "3月产量增长6.5%。", "3月产量增长8.1%。"),
    ("About 98,000 jobs were offered on May 3.", "About 56,000 jobs were offered on May 3.",
     "5月3日提供就业岗位约5.6万个。", "5月3日提供就业岗位约9.8万个。"),
    # numbers the target writes in words: words again where news copy would use them
    ("首批80辆重卡投入使用。", "首批60辆重卡投入使用。", "Sixty heavy trucks started work.",
     "Eighty heavy trucks started work."),  # sentence start: words to 99
    ("首批150辆重卡投入使用。", "首批60辆重卡投入使用。", "Sixty heavy trucks started work.",
     "150 heavy trucks started work."),
    ("将建设5座新工厂。", "将建设3座新工厂。", "It will build three new factories.",
     "It will build five new factories."),
    ("将建设21座新工厂。", "将建设3座新工厂。", "It will build three new factories.",
     "It will build 21 new factories."),  # in a sentence: words to nine
    ("第5届西洽会开幕。", "第3届西洽会开幕。", "The third fair opened.", "The fifth fair opened."),
    ("第22届西洽会开幕。", "第3届西洽会开幕。", "The third fair opened.", "The 22nd fair opened."),
    ("人口达到300万。", "人口达到200万。", "The population reached two million.",
     "The population reached three million."),
    ("人口达到250万。", "人口达到200万。", "The population reached two million.",
     "The population reached 2.5 million."),
    ("来了1.5万人。", "来了2000人。", "Nearly two thousand people came.", "Nearly 15,000 people came."),
    ("STAFF OF 7", "STAFF OF 3", "员工三人", "员工七人"),
    ("It will build 2 new factories.", "It will build 3 new factories.", "将建设三座新工厂。",
     "将建设两座新工厂。"),  # 两 before a measure word
    ("It will build 105 new factories.", "It will build 3 new factories.", "将建设三座新工厂。",
     "将建设105座新工厂。"),
    ("The 22nd fair opened.", "The 3rd fair opened.", "第三届西洽会开幕。", "第二十二届西洽会开幕。"),
    ("Output reached 3.5 billion yuan.", "Output reached 2 billion yuan.", "产值达到二十亿元。",
     "产值达到35亿元。"),
    ("Output reached 300 million yuan.", "Output reached 200 million yuan.", "产值达到两亿元。",
     "产值达到三亿元。"),
    # the article before a number follows how the new number is read
    ("外贸实现8.1%的增长。", "外贸实现6.2%的增长。", "Trade posted a 6.2 percent increase.",
     "Trade posted an 8.1 percent increase."),
    ("外贸实现6.2%的增长。", "外贸实现8.1%的增长。", "Trade posted an 8.1 percent increase.",
     "Trade posted a 6.2 percent increase."),
    ("为期5天。", "为期8天。", "An eight-day fair.", "A five-day fair."),
    ("为期11天。", "为期5天。", "It is a 5-day fair.", "It is an 11-day fair."),
    ("为期18.5天。", "为期5天。", "It is a 5-day fair.", "It is an 18.5-day fair."),
    ("为期110天。", "为期80天。", "It is an 80-day fair.", "It is a 110-day fair."),
    ("香蕉11根。", "香蕉5根。", "Banana 5 pieces.", "Banana 11 pieces."),  # no article
    # counts of months are counts, not month names
    ("前11月笔记本电脑产量超5300万台", "前10月笔记本电脑产量超5300万台",
     "Chongqing makes over 53 million laptops in first 10 months",
     "Chongqing makes over 53 million laptops in first 11 months"),
    ("前11个月外贸增长4.8%", "前10个月外贸增长4.8%", "Foreign Trade Up 4.8% in First Ten Months",
     "Foreign Trade Up 4.8% in First Eleven Months"),
    ("Trade grew 4.8% in the first five months", "Trade grew 4.8% in the first four months",
     "前四个月外贸增长4.8%", "前五个月外贸增长4.8%"),
    ("5月外贸增长4.8%", "4月外贸增长4.8%", "Trade grew 4.8% in April", "Trade grew 4.8% in May"),
    # Chinese times of day and years in Chinese numerals; decades
    ("At 3:40 a.m. on December 6, a plane took off.", "At 2:15 a.m. on December 6, a plane took off.",
     "12月6日凌晨2时15分，一架货机起飞。", "12月6日凌晨3时40分，一架货机起飞。"),
    ("Guests after 10 p.m. are half.", "Guests after 9 p.m. are half.", "晚上9点以后的客人占一半。",
     "晚上10点以后的客人占一半。"),
    ("Looking ahead to 2026", "Looking ahead to 2025", "展望二〇二五年", "展望二〇二六年"),
    ("建于60年代", "建于50年代", "built in the 1950s", "built in the 1960s"),
    # a scaled count keeps its noun: 1 million yuan, 2 million yuan
    ("投资100万元。", "投资200万元。", "It invested 2 million yuan.", "It invested 1 million yuan."),
    ("增长1%。", "增长2%。", "It grew 2 percent.", "It grew 1 percent."),
]  # fmt: skip


@pytest.mark.parametrize(("query", "source", "target", "expected"), CASES)
def test_adapt(query, source, target, expected):
    assert adapt(query, source, target) == expected


@pytest.mark.parametrize(
    ("query", "source", "target"),
    [
        # other words differ too: no adaptation
        (
            "截至3月5日，返岗员工73.9万人。",
            "截至2月19日，到岗员工65.2万人。",
            "As of February 19, 652,000 employees were back.",
        ),
        # same quantities: nothing to adapt
        (
            "截至2月19日，到岗员工65.2万人。",
            "截至2月19日，到岗员工65.2万人。",
            "As of February 19, 652,000.",
        ),
        # the target does not hold the source's quantity
        ("增长7.5%。", "增长6.2%。", "Growth was strong."),
        # a different number of quantities
        ("增长7.5%和8%。", "增长6.2%。", "Up 6.2 percent."),
        # the counted noun would change number: "one categories", "8 category"
        ("共计1大类。", "共计8大类。", "There are eight categories in all."),
        ("共计1大类。", "共计8大类。", "There are 8 categories in all."),
        ("共计8大类。", "共计1大类。", "There is 1 category in all."),
        ("共计8大类。", "共计1大类。", "There is one category in all."),
        # a year that is no decade in place of one
        ("建于49年代", "建于50年代", "built in the 1950s"),
        # zero in words: news copy says "no companies"
        ("在建0条。", "在建7条。", "Seven more are under construction."),
    ],
)
def test_no_adaptation(query, source, target):
    assert adapt(query, source, target) is None


@pytest.mark.parametrize(
    ("value", "commas", "expected"),
    [
        (739000, True, "739,000"),
        (1.35, False, "1.35"),
        (2.0, False, "2"),
        (12345.5, True, "12,345.5"),
    ],
)
def test_format_number(value, commas, expected):
    assert format_number(value, commas) == expected


@pytest.mark.parametrize(
    ("query", "source", "expected"),
    [("增长7.5%。", "增长6.2%。", True), ("第二十届开幕。", "第十九届开幕。", True),
     ("Up in March.", "Up in May.", True), ("重庆开幕。", "成都开幕。", False),
     ("The fair opened.", "The show opened.", False),
     ("截至3月5日，重庆新增7家。", "截至2月19日，成都新增5家。", False),  # 重庆/成都 are no quantity
     ("第二十届开幕。", "第十九届闭幕。", False), ("增长三成。", "增长两成。", True),
     ("前10个月增长5.2万吨。", "前9个月增长4.8万吨。", True)],
)  # fmt: skip
def test_precheck(query, source, expected):
    from tmtool.tm.placeables import may_differ_in_quantities

    assert may_differ_in_quantities(query, source) is expected


def test_precheck_knows_every_chinese_character_of_the_quantity_parser():
    """The precheck's character set covers tmtool.text.numbers (patterns, units, stop words):
    a character added there must be added to placeables._QUANTITY_HAN too."""
    from pathlib import Path

    from tmtool.text import numbers
    from tmtool.text.normalize import fold
    from tmtool.text.script import is_cjk
    from tmtool.tm.placeables import _QUANTITY_HAN

    source = Path(numbers.__file__).read_text(encoding="utf-8")
    used = {c for c in source if is_cjk(c)}
    used |= {fold(c) for c in used if len(fold(c)) == 1}
    assert used <= _QUANTITY_HAN, "".join(sorted(used - _QUANTITY_HAN))


@pytest.mark.parametrize(
    ("query", "source", "target"),
    [("截至3月5日，到岗员工73.9万人。", "截至2月19日，到岗员工65.2万人。",
      "As of February 19, 652,000 employees were back at work."),
     ("前10个月增长5.2%。", "前9个月增长4.8%。", "It rose 4.8 percent in the first nine months."),
     ("2023年第三季度增长三成。", "2022年第二季度增长两成。", "Q2 2022 rose by 20 percent."),
     ("截至3月5日，重庆新增7家。", "截至2月19日，成都新增5家。", "Chengdu added 5 by February 19."),
     # words of the query's quantities that the source lacks (per cent; 成)
     ("It rose 5.2 per cent in May.", "It rose 4.8 percent in May.", "5月增长4.8%。"),
     ("增长五成，达到3万吨。", "增长40%，达到2万吨。", "It rose 40 percent to 20,000 tonnes.")],
)  # fmt: skip
def test_precheck_never_hides_an_adaptation(monkeypatch, query, source, target):
    from tmtool.text.normalize import fold
    from tmtool.tm import placeables

    with_check = placeables.adapt(query, source, target)
    forms = {"query_form": fold(query), "source_form": fold(source)}
    assert placeables.adapt(query, source, target, **forms) == with_check
    monkeypatch.setattr(placeables, "_may_differ", lambda diff: True)
    monkeypatch.setattr(placeables, "_surplus_outside_quantities", lambda diff, qs: False)
    assert placeables.adapt(query, source, target) == with_check


def _gold_pairs() -> list[tuple[str, str]]:
    """(zh, en) of the 1-1 … n-m gold beads of corpora/cq-press."""
    import ast
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpora" / "cq-press"
    out = []
    for gold in sorted((corpus / "gold").glob("*.align")):
        zh = (corpus / f"{gold.stem}.zh").read_text(encoding="utf-8").splitlines()
        en = (corpus / f"{gold.stem}.en").read_text(encoding="utf-8").splitlines()
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                left, right = (ast.literal_eval(x.strip()) for x in line.split(":")[:2])
                if left and right:
                    out.append(("".join(zh[i] for i in left), " ".join(en[j] for j in right)))
    return out


def _renumbered(text: str) -> str:
    """``text`` with every run of digits one higher (a query that differs in quantities)."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + 1), text)


def test_prechecks_change_no_result_on_the_corpus(monkeypatch):
    """adapt() with its prechecks equals adapt() without them, on every gold pair with a
    number (renumbered query against its own source, and against the next pair's source)."""
    from tmtool.tm import placeables

    pairs = [p for p in _gold_pairs() if re.search(r"\d", p[0] + p[1])]
    cases = []
    for (zh, en), (zh2, en2) in zip(pairs, pairs[1:] + pairs[:1], strict=True):
        cases += [(_renumbered(zh), zh, en), (_renumbered(en), en, zh)]
        cases += [(_renumbered(zh), zh2, en2), (_renumbered(en), en2, zh2)]
    with_checks = [placeables.adapt(q, s, t) for q, s, t in cases]
    monkeypatch.setattr(placeables, "_may_differ", lambda diff: True)
    monkeypatch.setattr(placeables, "_surplus_outside_quantities", lambda diff, qs: False)
    without = [placeables.adapt(q, s, t) for q, s, t in cases]
    assert with_checks == without
    assert sum(a is not None for a in with_checks) >= 50  # the corpus does exercise adapt


def test_one_adapter_for_many_sources_equals_adapt_of_each(monkeypatch):
    """A lookup adapts each shown hit with one Adapter: the same results as adapt() alone,
    with the query's quantities parsed once (not once per hit)."""
    from tmtool.text import numbers
    from tmtool.tm import placeables

    query = "截至3月5日，到岗员工73.9万人。"
    pairs = [(s, t) for _, s, t, _ in CASES] + [
        ("截至2月19日，到岗员工65.2万人。", "652,000 were back by February 19."),
        ("截至2月19日，到岗职工65.2万人。", "As of February 19, 652,000 workers were back."),
        ("截至3月5日，到岗员工73.9万人。", "As of March 5, 739,000 employees were back."),
    ]
    expected = [adapt(query, s, t) for s, t in pairs]
    assert any(expected)
    parsed: list[str] = []
    real = numbers.extract_quantities

    def counting(text, lang="auto"):
        parsed.append(text)
        return real(text, lang)

    monkeypatch.setattr(numbers, "extract_quantities", counting)
    adapter = placeables.Adapter(query)
    assert [adapter.adapt(s, t) for s, t in pairs] == expected
    assert parsed.count(query) == 1


WORKERS_EN = "So far, the buses have carried 32,000 returning workers."
WORKERS_ZH = "截至目前，已累计运送返岗务工人员3.2万人次。"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        # rounded to 4 decimals of 万 these said 0万, 0.0001万, 0.0003万, 0.01万: wrong numbers
        ("0.3", None),
        ("1.15", None),
        ("2.675", None),
        ("100.1", None),
        ("123,456,789", "12345.6789万"),  # exact in 4 decimals
        ("12345678.9", "1234.5679万"),  # a rounding a reader takes (8 parts in a billion)
        ("98,000", "9.8万"),
        # beyond 2**53 a float holds no exact whole number: 99…9 (23 digits) became 10…0万
        ("99999999999999999999999", None),
        ("9,007,199,254,740,993", None),
    ],
)
def test_an_adapted_number_is_the_query_number(number, expected):
    query = WORKERS_EN.replace("32,000", number)
    adapted = adapt(query, WORKERS_EN, WORKERS_ZH)
    assert adapted == (None if expected is None else WORKERS_ZH.replace("3.2万", expected))
