"""Invented bilingual sentences shared by the tm tests (written for the tests)."""

from __future__ import annotations

from tmtool.records import TranslationUnit

PAIRS = [
    ("两江新区今年新签约项目23个。", "Liangjiang New Area signed 23 new projects this year.", "doc-a", "2024-03-01"),
    ("两江新区的汽车产量增长了12%。", "Car output in Liangjiang New Area grew 12 percent.", "doc-a", "2024-03-01"),
    ("两江新区将建设三座新工厂。", "Liangjiang New Area will build three new factories.", "doc-a", "2024-03-01"),
    ("两江新区举办了招商推介会。", "Liangjiang New District held an investment promotion fair.", "doc-b", "2021-05-10"),
    ("两江新区企业复工率达到95%。", "Liangjiang New District firms have a resumption rate of 95 percent.", "doc-b", "2021-05-10"),
    ("果园港的集装箱吞吐量创新高。", "Container throughput at Guoyuan Port hit a record.", "doc-b", "2021-05-10"),
    ("果园港新开通了一条航线。", "Guoyuan Port opened a new shipping route.", "doc-c", "2023-07-15"),
    ("1至10月，全市外贸进出口总值同比增长6.2%。",
     "From January to October, the city's foreign trade grew 6.2 percent year on year.", "doc-c", "2023-07-15"),
    ("全市规模以上工业企业达到7300家。", "The city has 7,300 industrial enterprises above designated size.", "doc-c", "2023-07-15"),
    ("截至2月19日，到岗员工65.2万人。", "As of February 19, 652,000 employees were back at work.", "doc-d", "2020-02-20"),
    ("重庆今年引进外资项目120个。", "Chongqing attracted 120 foreign-funded projects this year.", "doc-d", "2020-02-20"),
    ("西部科学城正在建设一批新型研发机构。", "The Western Science City is building a group of new research institutions.", "doc-d", "2020-02-20"),
    ("新能源汽车销量持续增长。", "Sales of new-energy vehicles keep growing.", "doc-e", "2025-01-05"),
    ("中欧班列今年开行超过5000列。", "The China-Europe Railway Express ran more than 5,000 trips this year.", "doc-e", "2025-01-05"),
    ("市经济信息委相关负责人介绍了上述情况。", "An official of the municipal economy and information commission gave the details.", "doc-e", "2025-01-05"),
]  # fmt: skip


def units(pairs=PAIRS) -> list[TranslationUnit]:
    return [TranslationUnit(zh=z, en=e, doc=d, date=t) for z, e, d, t in pairs]
