"""Sentence and paragraph segmentation, table-driven, in Chinese and English news style."""

from __future__ import annotations

import pytest

from tmtool.text.segment import split_paragraphs, split_sentences

ZH_CASES: list[tuple[str, list[str]]] = [
    # plain terminators
    ("重庆今年经济平稳。全市工业增长较快。", ["重庆今年经济平稳。", "全市工业增长较快。"]),
    ("你准备好了吗？我们出发吧！", ["你准备好了吗？", "我们出发吧！"]),
    ("加油！重庆造！", ["加油！", "重庆造！"]),
    ("这是真的吗？！记者再次核实。", ["这是真的吗？！", "记者再次核实。"]),
    ("难道不是吗？？答案是肯定的。", ["难道不是吗？？", "答案是肯定的。"]),
    # ； keeps the sentence whole (the corpus convention); semicolons=True splits clauses
    ("一是稳投资；二是促消费；三是扩开放。", ["一是稳投资；二是促消费；三是扩开放。"]),
    ("生产线全面恢复……工人们忙碌起来。", ["生产线全面恢复……", "工人们忙碌起来。"]),
    ("时间一分一秒过去...大家都在等待。", ["时间一分一秒过去...", "大家都在等待。"]),
    ("机器轰鸣……！车间里热火朝天。", ["机器轰鸣……！", "车间里热火朝天。"]),
    # closing quotes and brackets stay with their sentence
    ("他说：“我们有信心。”随后参观了车间。", ["他说：“我们有信心。”", "随后参观了车间。"]),
    (
        "市民纷纷点赞：“太方便了！”新线开通后客流大增。",
        ["市民纷纷点赞：“太方便了！”", "新线开通后客流大增。"],
    ),
    ("他问：‘这是哪里？’没有人回答。", ["他问：‘这是哪里？’", "没有人回答。"]),
    ("她说：「明年再来。」大家都笑了。", ["她说：「明年再来。」", "大家都笑了。"]),
    ("工人正在焊接钢筋。（记者 张锦辉 摄）", ["工人正在焊接钢筋。（记者 张锦辉 摄）"]),
    ("（本报记者 李华。）下面是正文。", ["（本报记者 李华。）", "下面是正文。"]),
    ("他称之为“重庆速度”。这一速度令人惊叹。", ["他称之为“重庆速度”。", "这一速度令人惊叹。"]),
    (
        "据悉，该片名为《山城》。影片将于明年上映。",
        ["据悉，该片名为《山城》。", "影片将于明年上映。"],
    ),
    # quotation followed by its attribution stays one sentence
    ("“加油！”他说。", ["“加油！”他说。"]),
    (
        "“我们初六就开工了，比往年提前两天。”公司经理黄振宇说。",
        ["“我们初六就开工了，比往年提前两天。”公司经理黄振宇说。"],
    ),
    (
        "“今年订单已经排满！”该企业负责人表示。新厂房正在建设。",
        ["“今年订单已经排满！”该企业负责人表示。", "新厂房正在建设。"],
    ),
    (
        "“复工进度明显加快。”市经济信息委相关负责人介绍，全市复工率超过九成。",
        ["“复工进度明显加快。”市经济信息委相关负责人介绍，全市复工率超过九成。"],
    ),
    ("“真的吗？”她笑着问道。", ["“真的吗？”她笑着问道。"]),
    ("“项目正式开工！”市政府负责人宣布。", ["“项目正式开工！”市政府负责人宣布。"]),
    ("“这是第一步。这是第二步。”他强调。", ["“这是第一步。", "这是第二步。”他强调。"]),
    ("“太好了！”他说，“我们明年再扩产。”", ["“太好了！”他说，“我们明年再扩产。”"]),
    (
        "“我们准备好了。”记者走进车间，看到一派繁忙景象。",
        ["“我们准备好了。”", "记者走进车间，看到一派繁忙景象。"],
    ),
    # decimals, dates, numbers never split
    (
        "全市地区生产总值达13.21万亿元。同比增长6.3%。",
        ["全市地区生产总值达13.21万亿元。", "同比增长6.3%。"],
    ),
    ("活动将于2019.2.19举行。欢迎参加。", ["活动将于2019.2.19举行。", "欢迎参加。"]),
    ("价格为3.5元/斤，比上周下降0.2元。", ["价格为3.5元/斤，比上周下降0.2元。"]),
    ("版本号为V2.0.1。", ["版本号为V2.0.1。"]),
    # no split before a comma or an enumeration comma, nor inside book titles
    ("苹果、梨……，应有尽有。", ["苹果、梨……，应有尽有。"]),
    ("他读过《你好！重庆》这本书。", ["他读过《你好！重庆》这本书。"]),
    ("他们喊着“加油！”、“冲啊！”走向赛场。", ["他们喊着“加油！”、“冲啊！”走向赛场。"]),
    # whitespace
    ("第一句。  第二句。", ["第一句。", "第二句。"]),
    ("  只有一句  ", ["只有一句"]),
    ("没有句号的标题", ["没有句号的标题"]),
    ("", []),
    # mixed script inside Chinese
    ("重庆GDP增长6.3%。iPhone销量上升。", ["重庆GDP增长6.3%。", "iPhone销量上升。"]),
    ("据CQNEWS报道，重庆造汽车远销海外。", ["据CQNEWS报道，重庆造汽车远销海外。"]),
    (
        "2月19日，川仪自动化股份有限公司生产线有序运转。返岗工人约130人。",
        ["2月19日，川仪自动化股份有限公司生产线有序运转。", "返岗工人约130人。"],
    ),
    (
        "本报讯（记者 周思远）春节假期刚过，企业陆续开工。",
        ["本报讯（记者 周思远）春节假期刚过，企业陆续开工。"],
    ),
    (
        "截至2月底，全市复工率达93.6%；到岗员工112.4万人。",
        ["截至2月底，全市复工率达93.6%；到岗员工112.4万人。"],
    ),
    ("新线开通啦！！市民排队体验。", ["新线开通啦！！", "市民排队体验。"]),
    ("来源：重庆日报", ["来源：重庆日报"]),
]

EN_CASES: list[tuple[str, list[str]]] = [
    ("Output rose. Exports fell.", ["Output rose.", "Exports fell."]),
    ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
    # company abbreviations
    (
        "Chongqing Chuanyi Automation Co., Ltd. operated in an orderly manner. Workers returned.",
        [
            "Chongqing Chuanyi Automation Co., Ltd. operated in an orderly manner.",
            "Workers returned.",
        ],
    ),
    (
        "The plant of Changan Co. Ltd. reopened on Monday.",
        ["The plant of Changan Co. Ltd. reopened on Monday."],
    ),
    (
        "He joined Apple Inc. in 2010. He left in 2015.",
        ["He joined Apple Inc. in 2010.", "He left in 2015."],
    ),
    ("Shares of Foxconn Corp. Chairman Liu rose.", ["Shares of Foxconn Corp. Chairman Liu rose."]),
    (
        "The deal went to Boeing Corp. The rival lost.",
        ["The deal went to Boeing Corp.", "The rival lost."],
    ),
    (
        "It was signed by Lifan Industry Co. Ltd. The plant opens soon.",
        ["It was signed by Lifan Industry Co. Ltd.", "The plant opens soon."],
    ),
    # titles and numbers
    ("Mr. Zhang and Mrs. Li met Dr. Wang.", ["Mr. Zhang and Mrs. Li met Dr. Wang."]),
    (
        "The store is on St. Paul Road. It opens daily.",
        ["The store is on St. Paul Road.", "It opens daily."],
    ),
    (
        "Line No. 3 opened today. Line No. 10 follows.",
        ["Line No. 3 opened today.", "Line No. 10 follows."],
    ),
    ("He said no. The talks ended.", ["He said no.", "The talks ended."]),
    ("It was Chongqing vs. Chengdu in the final.", ["It was Chongqing vs. Chengdu in the final."]),
    # places
    (
        "U.S. President Biden spoke. The U.K. Prime Minister agreed.",
        ["U.S. President Biden spoke.", "The U.K. Prime Minister agreed."],
    ),
    ("Exports to the U.S. rose sharply.", ["Exports to the U.S. rose sharply."]),
    (
        "Exports to the U.S. rose. Imports from the U.K. fell.",
        ["Exports to the U.S. rose.", "Imports from the U.K. fell."],
    ),
    (
        "Trade with the U.S. In contrast, trade with Europe grew.",
        ["Trade with the U.S.", "In contrast, trade with Europe grew."],
    ),
    # times and dates
    ("The meeting began at 10 a.m. Beijing time.", ["The meeting began at 10 a.m. Beijing time."]),
    (
        "The meeting began at 10 a.m. The mayor spoke first.",
        ["The meeting began at 10 a.m.", "The mayor spoke first."],
    ),
    ("It ended at 3:30 p.m. on Friday.", ["It ended at 3:30 p.m. on Friday."]),
    (
        "Trains leave at 7 p.m. Passengers should arrive early.",
        ["Trains leave at 7 p.m.", "Passengers should arrive early."],
    ),
    ("On Feb. 19, the line reopened.", ["On Feb. 19, the line reopened."]),
    (
        "From Jan. 1 to Dec. 31, output grew. Sales rose too.",
        ["From Jan. 1 to Dec. 31, output grew.", "Sales rose too."],
    ),
    (
        "CHONGQING, Sept. 5 (CQNEWS) -- A new bridge opened.",
        ["CHONGQING, Sept. 5 (CQNEWS) -- A new bridge opened."],
    ),
    # Latin abbreviations
    (
        "Key sectors, i.e. autos and electronics, recovered.",
        ["Key sectors, i.e. autos and electronics, recovered."],
    ),
    ("Some sectors, e.g. Autos, grew fast.", ["Some sectors, e.g. Autos, grew fast."]),
    (
        "They make phones, tablets, etc. and sell them abroad.",
        ["They make phones, tablets, etc. and sell them abroad."],
    ),
    (
        "They make phones, tablets, etc. Most are exported.",
        ["They make phones, tablets, etc.", "Most are exported."],
    ),
    (
        "It covers autos, electronics, etc. Chongqing leads in both.",
        ["It covers autos, electronics, etc.", "Chongqing leads in both."],
    ),
    # initials
    ("J.P. Morgan raised its forecast.", ["J.P. Morgan raised its forecast."]),
    (
        "J. P. Morgan raised its forecast. Others followed.",
        ["J. P. Morgan raised its forecast.", "Others followed."],
    ),
    ("The author is George R. Martin.", ["The author is George R. Martin."]),
    # decimals and amounts
    (
        "Investment reached $4.3 billion. That is a record.",
        ["Investment reached $4.3 billion.", "That is a record."],
    ),
    (
        "GDP hit 13.21 trillion yuan, up 6.1 percent.",
        ["GDP hit 13.21 trillion yuan, up 6.1 percent."],
    ),
    (
        "The rate was 93.6 percent. 8,236 firms resumed work.",
        ["The rate was 93.6 percent.", "8,236 firms resumed work."],
    ),
    # ellipses
    ("The line kept moving... Then it stopped.", ["The line kept moving...", "Then it stopped."]),
    ("Wait… what happened?", ["Wait… what happened?"]),
    ("Growth slowed … but recovered.", ["Growth slowed … but recovered."]),
    # quotes
    (
        'He said, "We will forge ahead." Next, the city will build more lines.',
        ['He said, "We will forge ahead."', "Next, the city will build more lines."],
    ),
    ("“Come on!” he said.", ["“Come on!” he said."]),
    ('"Why not?" she asked. "We are ready."', ['"Why not?" she asked.', '"We are ready."']),
    (
        "He called it “Chongqing speed”. It was fast.",
        ["He called it “Chongqing speed”.", "It was fast."],
    ),
    ("It reopened (see photo.) Workers cheered.", ["It reopened (see photo.)", "Workers cheered."]),
    # datelines and captions
    (
        "CHONGQING (CQNEWS) -- Auto parts moved along the line. Robots shuttled.",
        ["CHONGQING (CQNEWS) -- Auto parts moved along the line.", "Robots shuttled."],
    ),
    (
        "Workers weld steel bars. (Photographed by Cui Li)",
        ["Workers weld steel bars. (Photographed by Cui Li)"],
    ),
    (
        "Work resumed at Libo Co., Ltd. (Photo by Luo Guojia)",
        ["Work resumed at Libo Co., Ltd. (Photo by Luo Guojia)"],
    ),
    (
        "The firm, Libo Co., Ltd. (hereinafter Libo), reopened.",
        ["The firm, Libo Co., Ltd. (hereinafter Libo), reopened."],
    ),
    ("", []),
    ("A headline without a stop", ["A headline without a stop"]),
]


@pytest.mark.parametrize(("text", "expected"), ZH_CASES)
def test_zh_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_en_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_case_counts() -> None:
    assert len(ZH_CASES) >= 40
    assert len(EN_CASES) >= 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blank lines separate paragraphs; each Chinese line is a sentence boundary
        (
            "标题\n\n第一段第一句。\n第一段第二句\n\n第二段。",
            [["标题"], ["第一段第一句。", "第一段第二句"], ["第二段。"]],
        ),
        # no blank line at all: one paragraph per line (Chinese web copy)
        (
            "第一段。\n第二段。第二句。\n来源：重庆日报",
            [["第一段。"], ["第二段。", "第二句。"], ["来源：重庆日报"]],
        ),
        # a Chinese line ending in a comma continues on the next line
        ("全市经济稳中向好，\n工业增长较快。", [["全市经济稳中向好，工业增长较快。"]]),
        # English: a wrapped line (next starts lower case) is joined
        (
            "The number of workers was about 130, and\nthe weekly production reached 2,800 units.\n\nNext paragraph.",
            [
                [
                    "The number of workers was about 130, and the weekly production reached 2,800 units."
                ],
                ["Next paragraph."],
            ],
        ),
        # English headline lines stay apart
        (
            "Home > News > Latest\nChongqing factories back at full speed\n\nWorkers returned.",
            [
                ["Home > News > Latest", "Chongqing factories back at full speed"],
                ["Workers returned."],
            ],
        ),
        # a dateline on its own line joins its sentence
        (
            "CHONGQING (CQNEWS) --\nAuto parts moved.\n\nEnd.",
            [["CHONGQING (CQNEWS) -- Auto parts moved."], ["End."]],
        ),
        # Windows newlines and whitespace-only lines
        ("First one.\r\n   \r\nSecond one.", [["First one."], ["Second one."]]),
        ("", []),
    ],
)
def test_paragraphs(text: str, expected: list[list[str]]) -> None:
    assert split_paragraphs(text) == expected


def test_auto_detects_language_per_block() -> None:
    text = "重庆经济增长。工业向好。\n\nOutput rose. Mr. Li said so."
    assert split_paragraphs(text) == [
        ["重庆经济增长。", "工业向好。"],
        ["Output rose.", "Mr. Li said so."],
    ]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        split_sentences("x", "fr")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a "·" lost to a legacy encoding is not a question mark
        (
            "正如迈克尔?格瑞斯考在杂志上所写的那样。",
            "zh",
            ["正如迈克尔?格瑞斯考在杂志上所写的那样。"],
        ),
        ("你去吗?我去。", "zh", ["你去吗?", "我去。"]),
        # a decimal broken by a space, list markers
        (
            "It will add US$2. 4 trillion to the economy.",
            "en",
            ["It will add US$2. 4 trillion to the economy."],
        ),
        ("1. We must act. 2. We must act fast.", "en", ["1. We must act.", "2. We must act fast."]),
        ("Yes. The plan works.", "en", ["Yes.", "The plan works."]),
    ],
)
def test_damaged_and_listed_text(text: str, lang: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # an ellipsis inside an open quotation is a pause, not an end
        (
            "“很难想象那些言辞......竟然是这样说出来的，”她说。",
            "zh",
            ["“很难想象那些言辞......竟然是这样说出来的，”她说。"],
        ),
        # a stray mark never makes a sentence of its own
        ("它们会大量出现。“", "zh", ["它们会大量出现。“"]),
        ('It rose. "', "en", ['It rose. "']),
    ],
)
def test_pauses_and_stray_marks(text: str, lang: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一是稳投资；二是促消费；三是扩开放。", ["一是稳投资；", "二是促消费；", "三是扩开放。"]),
        (
            "截至2月底，复工率达93.6%；到岗员工112.4万人。",
            ["截至2月底，复工率达93.6%；", "到岗员工112.4万人。"],
        ),
    ],
)
def test_semicolons_on_request(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh", semicolons=True) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # an ellipsis that closes an enumeration is "etc.", not an end
        (
            "智能音箱、新能源汽车、5G医疗设备……不少产品都是首次亮相。",
            "zh",
            ["智能音箱、新能源汽车、5G医疗设备……不少产品都是首次亮相。"],
        ),
        # a credit stays with its caption; a bracket that opens a sentence does not
        ("工人正在作业。（特约摄影 黄立新 摄）", "zh", ["工人正在作业。（特约摄影 黄立新 摄）"]),
        ("（本报记者）第一句。第二句。", "zh", ["（本报记者）第一句。", "第二句。"]),
        (
            "Trucks queue on May 22. (Photo by Su Si)",
            "en",
            ["Trucks queue on May 22. (Photo by Su Si)"],
        ),
        # Roman list markers
        ("II. Main targets for 2025", "en", ["II. Main targets for 2025"]),
    ],
)
def test_corpus_conventions(text: str, lang: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The roar filled the workshop of Sailichi Auto Parts Co., Ltd. Robotic arms fed steel sheets.",
            [
                "The roar filled the workshop of Sailichi Auto Parts Co., Ltd.",
                "Robotic arms fed steel sheets.",
            ],
        ),
        ("Lifan Co. Ltd. Chairman Yin spoke.", ["Lifan Co. Ltd. Chairman Yin spoke."]),
        ("Apple Inc. CEO Tim Cook visited.", ["Apple Inc. CEO Tim Cook visited."]),
        (
            "It joined Changan Corp. Workers cheered.",
            ["It joined Changan Corp.", "Workers cheered."],
        ),
    ],
)
def test_company_abbreviations(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_a_translator_credit_stands_alone() -> None:
    text = "Chongqing is forging ahead. (Translated by Luo Juan, Chongqing News Office)"
    assert split_sentences(text, "en") == [
        "Chongqing is forging ahead.",
        "(Translated by Luo Juan, Chongqing News Office)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pronoun with reported content after a quotation starts a new sentence
        (
            "“企业复工快、达产快。”她介绍，两大产业合计拉动增长3.9个百分点。",
            ["“企业复工快、达产快。”", "她介绍，两大产业合计拉动增长3.9个百分点。"],
        ),
        # a named speaker attributes it; a pronoun that closes the sentence does too
        (
            "“匈牙利是重要节点。”物流公司总经理蒋明亮介绍，近年来货物往来日益频繁。",
            ["“匈牙利是重要节点。”物流公司总经理蒋明亮介绍，近年来货物往来日益频繁。"],
        ),
        ("“我们准备好了。”他说。", ["“我们准备好了。”他说。"]),
        (
            "“十万辆是新起点。”他说，“明年推出新车型。”",
            ["“十万辆是新起点。”他说，“明年推出新车型。”"],
        ),
    ],
)
def test_quotation_and_speaker(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


def test_hard_wrapped_english_is_joined() -> None:
    text = (
        "On February 19, the PDS transmitter production line of Chongqing\n"
        "Chuanyi Automation Co., Ltd. operated in an orderly manner. About 130\n"
        "workers were back, and weekly output reached 2,800 units, with 55\n"
        "percent of capacity restored.\n"
        "Spring is coming.\n"
    )
    assert split_paragraphs(text) == [
        [
            "On February 19, the PDS transmitter production line of Chongqing Chuanyi "
            "Automation Co., Ltd. operated in an orderly manner.",
            "About 130 workers were back, and weekly output reached 2,800 units, with 55 "
            "percent of capacity restored.",
        ],
        ["Spring is coming."],
    ]


def test_hard_wrapped_chinese_is_joined() -> None:
    text = "据市经济信息委数据，截至1月31日，全市已有8236家规模\n以上工业企业复工，复工率达到93.6%，到岗员工112.4万\n人。其中，重点行业龙头企业复工率已达100%。\n"
    assert split_sentences(text) == [
        "据市经济信息委数据，截至1月31日，全市已有8236家规模以上工业企业复工，复工率达到93.6%，到岗员工112.4万人。",
        "其中，重点行业龙头企业复工率已达100%。",
    ]


def test_a_compound_wrapped_at_its_hyphen_is_rejoined() -> None:
    text = (
        "Every step of the journey from stamping to roll-\n"
        "off can be traced through data, said the director\n"
        "of production at the plant in Liangjiang New Area.\n"
    )
    assert split_sentences(text, "en") == [
        "Every step of the journey from stamping to roll-off can be traced through data, "
        "said the director of production at the plant in Liangjiang New Area."
    ]
