"""The review aid corpora/tools/audit.py: pinyin names and forbidden glossary variants."""

from __future__ import annotations

import pytest
from cq_corpus_tools import ROOT, load_tool

audit = load_tool("audit")
GLOSSARY = audit.load_glossary(ROOT / "glossary" / "cq-terms.tsv")


@pytest.mark.parametrize(
    ("zh", "en", "flagged"),
    [
        ("公司总工程师苏建国说。", "said Su Jianguo, the company's chief engineer.", []),
        ("总经理曾丽说。", "Zeng Li, general manager, said.", []),  # 曾 read zeng, not ceng
        ("负责人唐劲松说。", "said Tang Jinsong.", []),  # 劲 read jin, not jing
        ("（记者 张锦辉 摄）", "(Photo by Zhang Jinhui)", []),
        ("（记者 张锦辉 摄）", "(Photo by Zhang Jinhua)", ["Zhang Jinhua"]),
        ("公司总经理许晨阳说。", "said general manager Xu Chenyang.", []),
        ("公司总经理许晨阳说。", "said general manager Xu Chengyang.", ["Xu Chengyang"]),
        ("在江津区。", "In Jiangjin District.", []),  # a place, not a name
        ("记者在现场看到。", "Chongqing Customs said.", []),  # not a surname
    ],
)
def test_name_flags(zh: str, en: str, flagged: list[str]) -> None:
    found = [f.split(" not found")[0] for f in audit.name_flags(zh, en)]
    assert found == flagged


@pytest.mark.parametrize(
    ("en", "flagged_terms"),
    [
        ("Liangjiang New Area signed 20 projects.", []),
        ("Liangjiang New District signed 20 projects.", ["两江新区"]),
        ("industrial enterprises above designated size", []),
        ("industrial enterprises above scale grew", ["规模以上工业企业"]),
        ("Visitors made 1.2 million person-times.", ["人次"]),
    ],
)
def test_glossary_flags(en: str, flagged_terms: list[str]) -> None:
    found = [f.split(" for ")[1].split(" ")[0] for f in audit.glossary_flags(en, GLOSSARY)]
    assert found == flagged_terms
