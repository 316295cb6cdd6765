"""Article extraction from news pages: every sentence kept, page furniture dropped.

Runs on the generated pages of corpora/cq-press/raw/html (whose source text is known) and
on small hand-written pages in the shapes real sites use (text in <div> with <br>, GB2312
bytes, a link list inside the article).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tmtool.errors import EmptyInputError, FormatError
from tmtool.ingest.html import extract_article, extract_paragraphs

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "cq-press"
PAGES = sorted((CORPUS / "raw" / "html").glob("*.html"))
FURNITURE = [
    "当前位置", "分享到", "相关新闻", "热点排行", "渝ICP备", "版权所有", "字号", "打印本页", "关闭窗口",
    "请输入关键词", "_hmt", "font-family", "Share:", "Related Stories", "Most Read", "All Rights Reserved.",
    "Font size", "Sponsored by", "Sitemap", "shareTo", "[Print]",
]  # fmt: skip


def _make_raw():
    spec = importlib.util.spec_from_file_location(
        "make_raw", CORPUS.parent / "tools" / "make_raw.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _source(page: Path) -> tuple[str, str, list[list[str]]]:
    doc, lang = page.name.split(".")[:2]
    return doc, lang, _make_raw().read_paragraphs(CORPUS / f"{doc}.{lang}")


def test_there_are_pages() -> None:
    assert len(PAGES) >= 10  # >= 5 documents, both languages


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_source_sentence_is_kept_in_order(page: Path) -> None:
    _, _, paras = _source(page)
    text = " ".join(extract_paragraphs(page.read_bytes()))
    pos = 0
    for sentence in (s for p in paras for s in p):
        found = text.find(sentence, pos)
        assert found >= 0, sentence
        pos = found + len(sentence)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_paragraphs_match_the_page_blocks_exactly(page: Path) -> None:
    """Nothing but the article: the extracted paragraphs are the h1, captions and <p> of the source."""
    doc, lang, paras = _source(page)
    make_raw = _make_raw()
    title = make_raw.read_meta(CORPUS, doc)[f"{lang}_title"]
    expected = [text for _, text in make_raw.blocks(paras, lang, title)]
    assert extract_paragraphs(page.read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_furniture_is_dropped(page: Path) -> None:
    article = extract_article(page.read_bytes())
    leaked = [f for f in FURNITURE if f in article]
    assert leaked == []


OLD_SITE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>我市新增一批智能工厂</title><style>td {{ font-size: 14px }}</style></head><body>
<table class="top"><tr><td><a href="/">首页</a> | <a href="/a">新闻</a> | <a href="/b">政务</a></td></tr></table>
<div id="position">您现在的位置：<a href="/">首页</a> &gt; <a href="/news">重庆要闻</a></div>
<table width="960"><tr><td class="title"><h1>我市新增一批智能工厂</h1></td></tr>
<tr><td id="zoom">本报讯（记者 王明）日前，市经济信息委公布了第五批智能工厂名单，全市新增智能工厂28个。<br>
<br>“这批工厂的生产效率平均提升了36.8%。”市经济信息委相关负责人说。<br>
截至目前，全市累计建成智能工厂144个、数字化车间958个。</td></tr></table>
<div class="bshare"><a href="#">微信</a><a href="#">微博</a></div>
<div id="foot">重庆市人民政府 主办 渝ICP备05003300号</div>
<script>var x = "统计代码";</script></body></html>"""


def test_old_table_site_in_gb2312_with_br_lines() -> None:
    paras = extract_paragraphs(OLD_SITE.encode("gb18030"))
    assert paras == [
        "我市新增一批智能工厂",
        "本报讯（记者 王明）日前，市经济信息委公布了第五批智能工厂名单，全市新增智能工厂28个。",
        "“这批工厂的生产效率平均提升了36.8%。”市经济信息委相关负责人说。",
        "截至目前，全市累计建成智能工厂144个、数字化车间958个。",
    ]


LINKS_IN_ARTICLE = """<html><body><div class="wrap"><div class="text">
<p>Chongqing's foreign trade grew 4.8 percent year on year in the first ten months, customs said.</p>
<p>Exports of laptops, automobiles and motorcycles rose, while imports of chips fell slightly.</p>
<ul><li><a href="/1">Liangjiang New Area signs 20 projects</a></li><li><a href="/2">Guoyuan Port busy</a></li></ul>
<p>More trains ran on the <a href="/c">New International Land-Sea Trade Corridor</a> than a year ago.</p>
</div><div class="col"><a href="/x">Weather</a> <a href="/y">Traffic</a></div></div></body></html>"""


def test_link_lists_inside_the_article_are_dropped_but_inline_links_kept() -> None:
    assert extract_paragraphs(LINKS_IN_ARTICLE) == [
        "Chongqing's foreign trade grew 4.8 percent year on year in the first ten months, customs said.",
        "Exports of laptops, automobiles and motorcycles rose, while imports of chips fell slightly.",
        "More trains ran on the New International Land-Sea Trade Corridor than a year ago.",
    ]


@pytest.mark.parametrize(
    ("page", "error"),
    [
        ("", EmptyInputError),
        ("   \n", EmptyInputError),
        ("<html><body><script>var a = 1;</script></body></html>", FormatError),
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", FormatError),
    ],
)
def test_pages_without_article_raise(page: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        extract_paragraphs(page)


def test_utf8_page_without_charset_and_with_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?><html><body><p>两江新区一季度地区生产总值增长8.2%。</p></body></html>'
    assert extract_paragraphs(page.encode("utf-8")) == ["两江新区一季度地区生产总值增长8.2%。"]
    assert extract_paragraphs(page) == ["两江新区一季度地区生产总值增长8.2%。"]


def test_whitespace_is_collapsed_but_byline_spaces_kept() -> None:
    page = "<p>\n  工人在生产线上作业。（记者\u3000张锦辉  摄）\n</p>"
    assert extract_paragraphs(page) == ["工人在生产线上作业。（记者 张锦辉 摄）"]
    assert re.fullmatch(r"[^\n]+\n", extract_article(page))
