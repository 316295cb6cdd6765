"""Quantities: extraction with canonical values and order-free comparison, table-driven."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.text.numbers import (
    Quantity,
    compare_quantities,
    extract_quantities,
    parse_zh_numeral,
)


def _values(text: str, lang: str = "auto") -> list[tuple[float, str]]:
    return [(round(q.value, 6), q.kind) for q in extract_quantities(text, lang)]


# (text, expected (value, kind) in order)
EXTRACT_CASES: list[tuple[str, list[tuple[float, str]]]] = [
    # Arabic numbers, separators, full width, decimals
    ("全市共有10,812家企业。", [(10812, "number")]),
    ("产量达１２３吨。", [(123, "number")]),
    ("增长１３．２１％。", [(13.21, "percent")]),
    ("The line carried 10,812 passengers.", [(10812, "number")]),
    ("It weighs 2.5 tonnes.", [(2.5, "number")]),
    # Chinese numerals
    ("三十五名工人返岗。", [(35, "number")]),
    ("二〇一九年是关键一年。", [(2019, "year")]),
    ("新增两条生产线。", [(2, "number")]),
    ("共十二个项目。", [(12, "number")]),
    ("一百零五家企业", [(105, "number")]),
    ("总投资三亿五千万元", [(350_000_000, "number")]),
    # scale words
    ("到岗员工73.9万人。", [(739_000, "number")]),
    ("全国GDP达13.21万亿元。", [(13.21e12, "number")]),
    ("投资12.8亿元。", [(1.28e9, "number")]),
    ("投资1.28亿元。", [(1.28e8, "number")]),
    ("新增就业岗位9.8万个。", [(98_000, "number")]),
    ("It invested 4.3 billion yuan.", [(4.3e9, "number")]),
    ("Output hit 13.21 trillion yuan.", [(13.21e12, "number")]),
    ("It raised $4.3bn.", [(4.3e9, "number")]),
    ("It has 1.124 million workers.", [(1.124e6, "number")]),
    # percentages and percentage points
    ("同比增长3％。", [(3, "percent")]),
    ("百分之五的企业", [(5, "percent")]),
    ("增速提高0.5个百分点。", [(0.5, "ppoint")]),
    ("八成企业已复工。", [(80, "percent")]),
    ("up 5 percent", [(5, "percent")]),
    ("up 5 per cent", [(5, "percent")]),
    ("up 5%", [(5, "percent")]),
    ("up 0.5 percentage points", [(0.5, "ppoint")]),
    # approximations keep their value
    ("返岗工人约130人。", [(130, "number")]),
    ("聚集了铝加工企业百余家。", [(100, "number")]),
    ("吸引游客10余万人次。", [(100_000, "number")]),
    ("逾3000家企业参展。", [(3000, "number")]),
    ("二十多个国家", [(20, "number")]),
    ("more than 100 aluminum processors", [(100, "number")]),
    # ordinals
    ("第19届博览会", [(19, "ordinal")]),
    ("第十九届中国国际投资贸易洽谈会", [(19, "ordinal")]),
    ("党的十九大以来", [(19, "ordinal")]),
    ("the 19th expo", [(19, "ordinal")]),
    ("the nineteenth expo", [(19, "ordinal")]),
    ("the twenty-first century", [(21, "ordinal")]),
    ("一季度经济平稳", [(1, "ordinal")]),
    ("第三季度", [(3, "ordinal")]),
    ("in the first quarter", [(1, "ordinal")]),
    ("in Q3", [(3, "ordinal")]),
    ("上半年", [(1, "ordinal")]),
    ("in the first half", [(1, "ordinal")]),
    ("“十四五”规划", [(14, "ordinal")]),
    # dates, years, days
    ("2月19日，生产线有序运转。", [(219, "date")]),
    ("2019年2月19日", [(2019, "year"), (219, "date")]),
    ("十二月六日开通", [(1206, "date")]),
    ("On February 19, the line reopened.", [(219, "date")]),
    ("On Feb. 19, the line reopened.", [(219, "date")]),
    ("On 19 February the line reopened.", [(219, "date")]),
    ("On February 19, 2019, it reopened.", [(219, "date"), (2019, "year")]),
    ("2019年全市经济增长", [(2019, "year")]),
    ("in 2019", [(2019, "year")]),
    ("9日，记者走进车间。", [(9, "day")]),
    ("on the 9th", [(9, "ordinal")]),
    ("20世纪50年代", [(1950, "year")]),
    ("in the 1950s", [(1950, "year")]),
    # months and ranges
    ("1至10月", [(1, "month"), (10, "month")]),
    ("1-2月", [(1, "month"), (2, "month")]),
    ("from January to October", [(1, "month"), (10, "month")]),
    ("in May", [(5, "month")]),
    ("3至5万人", [(30_000, "number"), (50_000, "number")]),
    ("3 to 5 percent", [(3, "percent"), (5, "percent")]),
    # times
    ("上午10时", [(1000, "time")]),
    ("下午3时30分", [(1530, "time")]),
    ("晚上8点", [(2000, "time")]),
    ("1月30日上午9时", [(130, "date"), (900, "time")]),
    ("at 10 a.m.", [(1000, "time")]),
    ("at 3:30 p.m.", [(1530, "time")]),
    ("at 15:30", [(1530, "time")]),
    # English number words
    ("seven workers", [(7, "number")]),
    ("twelve lines", [(12, "number")]),
    ("forty-one stations", [(41, "number")]),
    ("four trillion yuan", [(4e12, "number")]),
    ("a million visitors", [(1e6, "number")]),
    ("two hundred and fifty thousand", [(250_000, "number")]),
    ("one third of the firms", [(1 / 3, "number")]),
    ("a third of the firms", [(1 / 3, "number")]),
    ("costs fell by a third.", [(1 / 3, "number")]),
    ("costs fell by a fifth in 2023", [(1 / 5, "number"), (2023, "year")]),
    # … but "a third" before a noun is an ordinal: another one
    ("the company will build a third plant", [(3, "ordinal")]),
    ("a fifth straight year of growth", [(5, "ordinal")]),
    ("a third-generation chip", [(3, "ordinal")]),
    ("三分之一的企业", [(1 / 3, "number")]),
    # numerals that carry no quantity
    ("产值翻一番", []),
    ("一些企业一起推进统一的一体化建设", []),
    ("共建一带一路", []),
    ("两江新区", []),
    ("四川和重庆", []),
    ("九龙坡区", []),
    ("万州区", []),
    ("这十分重要", []),
    ("千方百计稳就业", []),
    ("数百家企业", []),
    ("十几个项目", []),
    ("一个重要的项目", []),
    ("第一时间赶到", []),
    ("他第一个到达", []),
    ("It was one of the best.", []),
    ("for the first time", []),
    ("hundreds of companies", []),
    ("tens of thousands of people", []),
    ("They may come.", []),
    ("a new COVID-19 vaccine", []),
    ("output doubled", []),
]


@pytest.mark.parametrize(("text", "expected"), EXTRACT_CASES)
def test_extract(text: str, expected: list[tuple[float, str]]) -> None:
    assert _values(text) == [(round(v, 6), k) for v, k in expected]


# pairs whose quantities must match
MATCH_PAIRS: list[tuple[str, str]] = [
    ("到岗员工73.9万人", "739,000 employees were back"),
    ("全国GDP达13.21万亿元", "GDP reached 13.21 trillion yuan"),
    ("投资12.8亿元", "an investment of 1.28 billion yuan"),
    (
        "复工率达到93.6%，到岗员工112.4万人",
        "a resumption rate of 93.6 percent, with 1.124 million employees",
    ),
    ("同比增长3％", "up 3 percent year on year"),
    ("百分之五", "5 per cent"),
    ("提高0.5个百分点", "up 0.5 percentage points"),
    ("返岗工人约130人", "about 130 workers returned"),
    ("逾百家企业", "more than 100 companies"),
    ("第19届博览会", "the 19th expo"),
    ("2月19日", "February 19"),
    ("2月19日", "Feb. 19"),
    ("2月19日", "19 February"),
    ("2019年", "in 2019"),
    ("9日", "on the 9th"),
    ("上午10时", "at 10 a.m."),
    ("下午3时30分", "3:30 p.m."),
    ("1至10月", "from January to October"),
    ("一季度", "the first quarter"),
    ("三十五名工人", "35 workers"),
    ("两条生产线", "two production lines"),
    ("七名工人", "seven workers"),
    ("四万亿元", "four trillion yuan"),
    ("一百万游客", "a million visitors"),
    ("4.6亿元，同比增长18%", "up 18 percent, 460 million yuan"),  # order-free
    ("2019年2月19日上午10时", "at 10 a.m. on February 19, 2019"),
    ("产值翻一番", "output doubled"),
    ("共建一带一路", "jointly build the Belt and Road"),
    ("1月30日，两江新区", "in Liangjiang New Area on January 30"),
    ("２０１９年", "2019"),
]


@pytest.mark.parametrize(("zh", "en"), MATCH_PAIRS)
def test_pairs_match(zh: str, en: str) -> None:
    result = compare_quantities(zh, en)
    assert result.match, (result.only_a, result.only_b)


# pairs that must NOT match: a digit changed, a factor of ten, wrong unit or kind
MISMATCH_PAIRS: list[tuple[str, str]] = [
    ("投资1.28亿元", "an investment of 1.28 billion yuan"),
    ("投资12.8亿元", "an investment of 128 million yuan"),
    ("到岗员工73.9万人", "73,900 employees"),
    ("到岗员工73.9万人", "7.39 million employees"),
    ("全国GDP达13.21万亿元", "GDP reached 13.21 billion yuan"),
    ("同比增长3％", "up 3 percentage points"),
    ("同比增长3％", "up 8 percent"),
    ("提高0.5个百分点", "up 0.5 percent"),
    ("全市共有10,812家企业", "10,821 companies"),
    ("全市共有10,812家企业", "1,812 companies"),
    ("第19届博览会", "the 18th expo"),
    ("2月19日", "February 18"),
    ("2月19日", "March 19"),
    ("2019年", "in 2018"),
    ("上午10时", "at 10 p.m."),
    ("下午3时30分", "3:20 p.m."),
    ("1至10月", "from January to November"),
    ("一季度", "the second quarter"),
    ("三十五名工人", "53 workers"),
    ("两条生产线", "three production lines"),
    ("四万亿元", "four billion yuan"),
    ("4.6亿元，同比增长18%", "460 million yuan, up 16 percent"),
    ("约130人", "about 1,300 people"),
    ("9日", "on the 19th"),
    ("百分之五", "50 percent"),
]


@pytest.mark.parametrize(("zh", "en"), MISMATCH_PAIRS)
def test_pairs_do_not_match(zh: str, en: str) -> None:
    assert not compare_quantities(zh, en).match


def test_case_counts() -> None:
    total = len(EXTRACT_CASES) + len(MATCH_PAIRS) + len(MISMATCH_PAIRS)
    assert total >= 80
    assert len(MISMATCH_PAIRS) >= 20


def test_comparison_reports_the_unmatched_items() -> None:
    result = compare_quantities("增长18%，产值4.6亿元", "up 16 percent to 460 million yuan")
    assert not result.match
    assert [(q.text, q.value, q.kind) for q in result.only_a] == [("18%", 18, "percent")]
    assert [(q.text, q.value, q.kind) for q in result.only_b] == [("16 percent", 16, "percent")]


def test_comparison_is_a_multiset() -> None:
    assert not compare_quantities("3家和3家", "3 companies").match
    assert compare_quantities("3家和5家", "5 and 3").match


def test_quantity_spans_point_at_the_original_text() -> None:
    text = "约７３．９万人，增长１３％"
    for q in extract_quantities(text):
        assert text[q.start : q.end] == q.text
    first = extract_quantities(text)[0]
    assert first == Quantity("７３．９万", 739_000, "number", 1, 6, approx=True)


def test_approximation_is_flagged() -> None:
    assert [q.approx for q in extract_quantities("about 130 and 140 workers")] == [True, False]
    assert [q.approx for q in extract_quantities("百余家，约3人，5人")] == [True, True, False]


def test_lists_are_accepted_for_comparison() -> None:
    zh = extract_quantities("2月19日", "zh")
    assert compare_quantities(zh, "February 19").match


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        extract_quantities("3", "fr")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三十五", 35),
        ("二〇一九", 2019),
        ("两", 2),
        ("十二", 12),
        ("十", 10),
        ("一百零五", 105),
        ("一千〇五", 1005),
        ("三亿五千万", 350_000_000),
        ("一万亿", 1e12),
        ("两万", 20_000),
        ("一万五", 15_000),
        ("三千五", 3500),
        ("三点五", 3.5),
        ("二十三万四千五百六十七", 234_567),
    ],
)
def test_parse_zh_numeral(numeral: str, value: float) -> None:
    assert parse_zh_numeral(numeral) == value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_parse_zh_numeral_agrees_with_cn2an(n: int) -> None:
    cn2an = pytest.importorskip("cn2an")
    assert parse_zh_numeral(cn2an.an2cn(n)) == n


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # web copy that spaces digits from their units
        ("罚款 6000 万欧元", [(60_000_000, "number")]),
        ("2014 年 12 月 7 日", [(2014, "year"), (1207, "date")]),
        ("6 月份", [(6, "month")]),
        ("增长 8 个百分点", [(8, "ppoint")]),
        # quarters counted, anniversaries, weekdays, designations
        ("前三季度", [(3, "number")]),
        ("建党100周年", [(100, "ordinal")]),
        ("三周年", [(3, "ordinal")]),
        ("周五，星期三", []),
        ("长征二号", [(2, "number")]),
        # a day range after a date
        ("十一月八日至十日", [(1108, "date"), (10, "day")]),
        ("November 8 to 10", [(1108, "date"), (10, "day")]),
        ("up 8 percent points", [(8, "ppoint")]),
    ],
)
def test_extract_more(text: str, expected: list[tuple[float, str]]) -> None:
    assert _values(text) == [(round(v, 6), k) for v, k in expected]


def test_spans_exclude_spaces() -> None:
    assert [q.text for q in extract_quantities("2014 年 12 月 7 日")] == ["2014 年", "12 月 7 日"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first N months, in both languages
        ("今年1至5月", [(1, "month"), (5, "month")]),
        ("前10个月", [(1, "month"), (10, "month")]),
        ("in the first five months", [(1, "month"), (5, "month")]),
        # growth in 倍 is a percentage; other 倍 a plain factor
        ("人均产值提高了1.6倍", [(160, "percent")]),
        ("是原来的3倍", [(3, "number")]),
        # ordinals with scales and decimals, phases, a second plant
        ("第10万辆整车", [(100_000, "ordinal")]),
        ("its 100,000th vehicle", [(100_000, "ordinal")]),
        ("第8.5代液晶面板", [(8.5, "number")]),
        ("二期厂房", [(2, "ordinal")]),
        ("a second plant", [(2, "ordinal")]),
        ("wait a second.", []),
        # bare units with a reason to count, and amounts written with hyphens
        ("每万人拥有", [(10_000, "number")]),
        ("超过千亿元", [(1e11, "number")]),
        ("上万个零部件", [(10_000, "number")]),
        ("6.5万家企业", [(65_000, "number")]),
        ("万家灯火", []),
        ("a 4.5-billion-yuan project", [(4.5e9, "number")]),
        ("about a quarter of the total", [(0.25, "number")]),
        ("twice a day", [(2, "number")]),
        # outline numbering, set phrases
        ("（二）内需潜力持续释放", []),
        ("三、2025年重点任务", [(2025, "year")]),
        ("减少二氧化碳排放", []),
        ("川渝两地共同实施", []),
        ("一是全力扩大有效需求", []),
        ("二是稳外贸", [(2, "ordinal")]),
    ],
)
def test_extract_news_conventions(text: str, expected: list[tuple[float, str]]) -> None:
    assert _values(text) == [(round(v, 6), k) for v, k in expected]


def test_a_lone_one_is_not_held_against_a_pair() -> None:
    assert compare_quantities("平均办理时间压缩至1个工作日", "cut to one working day").match
    assert not compare_quantities("压缩至1个工作日", "cut to seven working days").match


def test_values_are_floats() -> None:
    found = extract_quantities("On February 19 at 3:30 p.m., 5 workers") + extract_quantities(
        "2月19日"
    )
    assert found and all(type(q.value) is float for q in found)


def test_currency_shorthand() -> None:
    assert _values("for £89m and $4.5k") == [(89e6, "number"), (4500, "number")]
    assert compare_quantities("8900万英镑", "£89m").match
    assert _values("5m tall") == [(5, "number")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a second-phase plant", [(2, "ordinal")]),
        ("Construction of Phase II begins", [(2, "ordinal")]),
        ("Phase I runs 29.6 kilometers", [(29.6, "number")]),
        ("two-way trade", []),
        ("zero tariffs", []),
        ("一周年", []),
        ("每千瓦时0.03元", [(0.03, "number")]),
    ],
)
def test_extract_phases_and_units(text: str, expected: list[tuple[float, str]]) -> None:
    assert _values(text) == [(round(v, 6), k) for v, k in expected]


def test_a_day_meets_a_date_on_that_day() -> None:
    assert compare_quantities("12日，项目开工", "The project started on February 12").match
    assert not compare_quantities("12日，项目开工", "The project started on February 13").match
    assert compare_quantities("二期工程", "Phase II").match


# One figure written in another convention: 倍 growth, mu rendered in hectares, 100% as words.
CONVERTED_MATCH = [
    ("出口额增长1.4倍", "exports grew 2.4 times"),  # what it means
    ("出口额增长1.4倍", "exports grew 1.4 times"),  # how it is often rendered
    ("出口额增长1.4倍", "exports rose 140 percent"),
    ("新建厂房100亩", "a 6.7-hectare plant"),
    ("新建厂房100亩", "a plant of 6.67 hectares"),
    ("新建厂房100亩", "a 7-hectare plant"),
    ("种植面积达1.2万亩", "planted on 800 hectares"),
    ("种植面积3至5万亩", "2,000 to 3,333 hectares"),  # the unit reaches the range's start
    ("占地约300亩", "covering about 20 hectares"),
    ("占地100亩", "covering 100 mu"),
    ("占地200公顷", "200 hectares"),
    ("实现100%覆盖", "full coverage"),
    ("100%的村通了公路", "all villages have roads"),
]
CONVERTED_MISMATCH = [
    ("出口额增长1.4倍", "exports grew 3.4 times"),
    ("出口额增长1.4倍", "exports rose 14 percent"),
    ("新建厂房100亩", "a 7.5-hectare plant"),
    ("新建厂房100亩", "a 6.6-hectare plant"),
    ("新建厂房100亩", "a 100-hectare plant"),  # mu taken for hectares: 15 times too big
    ("种植面积达1.2万亩", "planted on 1,200 hectares"),
    ("占地200公顷", "200 mu"),
    ("实现100%覆盖", "coverage rose"),
    ("覆盖率90%", "full coverage"),
]


@pytest.mark.parametrize(("zh", "en"), CONVERTED_MATCH)
def test_converted_figures_match(zh: str, en: str) -> None:
    result = compare_quantities(zh, en)
    assert result.match, (result.only_a, result.only_b)
    assert compare_quantities(en, zh).match  # symmetric


@pytest.mark.parametrize(("zh", "en"), CONVERTED_MISMATCH)
def test_converted_figures_mismatch(zh: str, en: str) -> None:
    assert not compare_quantities(zh, en).match
    assert not compare_quantities(en, zh).match


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("新建厂房100亩", ["mu"]),
        ("3至5万亩", ["mu", "mu"]),
        ("占地1.2万余亩", ["mu"]),
        ("200公顷", ["ha"]),
        ("a 6.7-hectare plant", ["ha"]),
        ("200 to 300 hectares", ["ha", "ha"]),
        ("100 mu of land", ["mu"]),
        ("100 mugs", [""]),
        ("100家企业", [""]),
    ],
)
def test_area_units_are_marked(text: str, units: list[str]) -> None:
    assert [q.unit for q in extract_quantities(text)] == units
