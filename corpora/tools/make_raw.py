"""Generate the raw forms of corpora/cq-press/ (web pages, legacy encodings, Word files).

Usage: python corpora/tools/make_raw.py [CORPUS_DIR]

The ingestion code of tmtool must read what translators actually receive: news pages
full of navigation, share buttons and footers; Chinese text files in GB18030; Hong Kong
releases in Traditional characters; Word documents. This script builds such files from
the committed reference text (NNN.zh / NNN.en), so every raw file has a known clean
source to compare against. It is deterministic: the same text gives the same bytes
(fixed zip timestamps and Word properties, no clock, no randomness).

Output layout (under CORPUS_DIR/raw/):
  html/NNN.zh.html, html/NNN.en.html   news pages, UTF-8, both languages
  gb18030/NNN.zh.txt                    Chinese text encoded in GB18030 (CRLF for one file)
  gb18030/NNN.en.txt                    the English partner, UTF-8
  hk/NNN.zh.txt                         Chinese converted with OpenCC s2hk (Traditional, HK)
  hk/NNN.en.txt                         the English partner, UTF-8
  docx/NNN.zh.docx, docx/NNN.en.docx    Word documents (python-docx), with page header/footer
  manifest.tsv                          raw file -> source text, format, encoding
  README.md                             what the folder holds and how it is made
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import sys
import zipfile
from pathlib import Path

# The earliest documents come first; each must exist (both sides and meta line).
HTML_DOCS = ["001", "014", "028", "015", "016", "017"]
GB18030_DOCS = ["001", "014"]
HK_DOCS = ["028", "015"]
DOCX_DOCS = ["028"]

ZH_CAPTION = re.compile(r"摄[）)]\s*$")
EN_CAPTION = re.compile(r"\((?:Photo|Photos|Photographed) by [^)]*\)\s*$")
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)


def read_paragraphs(path: Path) -> list[list[str]]:
    """The reference text as paragraphs of sentence lines (blank lines separate paragraphs)."""
    paras: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            paras[-1].append(line)
        elif paras[-1]:
            paras.append([])
    return [p for p in paras if p]


def read_meta(corpus: Path, doc: str) -> dict[str, str]:
    fields = (corpus / "meta" / f"{doc}.tsv").read_text(encoding="utf-8").strip().split("\t")
    keys = ["id", "zh_title", "en_title", "date", "topic", "tricky"]
    return dict(zip(keys, fields, strict=False))


def is_caption(line: str, lang: str) -> bool:
    return bool((ZH_CAPTION if lang == "zh" else EN_CAPTION).search(line))


def blocks(paras: list[list[str]], lang: str, title: str) -> list[tuple[str, str]]:
    """Split paragraphs into page blocks: ("h1", title), ("figure", caption), ("p", text).

    Sentences of one paragraph are joined into one <p> (no space in Chinese, one space in
    English); the title line and caption lines get their own elements.
    """
    joiner = "" if lang == "zh" else " "
    out: list[tuple[str, str]] = []
    for para in paras:
        run: list[str] = []
        for line in para:
            kind = "h1" if line == title else "figure" if is_caption(line, lang) else None
            if kind is None:
                run.append(line)
                continue
            if run:
                out.append(("p", joiner.join(run)))
                run = []
            out.append((kind, line))
        if run:
            out.append(("p", joiner.join(run)))
    return out


CHROME = {
    "zh": {
        "site": "重庆市人民政府新闻办公室",
        "nav": ["首页", "要闻", "经济", "开放", "城建", "文旅", "图片", "视频", "English"],
        "crumb": "当前位置：首页 &gt; 新闻中心 &gt; 重庆要闻",
        "info": "发布时间：{date}　字号：<a href='#'>大</a> <a href='#'>中</a> <a href='#'>小</a>",
        "share": ["微信", "微博", "QQ空间", "复制链接"],
        "share_label": "分享到：",
        "related": "相关新闻",
        "hot": "热点排行",
        "hot_items": [
            "全市重点项目集中开工仪式举行",
            "主城都市区公交线网优化调整",
            "重庆发布高温橙色预警",
        ],
        "footer": [
            "主办：重庆市人民政府新闻办公室　承办：重庆新闻网络中心",
            "Copyright © {year} 重庆新闻网 版权所有 未经授权禁止转载",
            "渝ICP备19004832号-2　渝公网安备50010302001168号",
            "<a href='#'>关于我们</a> | <a href='#'>联系我们</a> | <a href='#'>网站地图</a>",
        ],
        "tools": "【打印本页】【关闭窗口】",
        "search": "请输入关键词",
    },
    "en": {
        "site": "Chongqing News Office",
        "nav": ["Home", "News", "Business", "Opening-up", "Culture", "Travel", "Photos", "中文"],
        "crumb": "Home &gt; News &gt; Latest",
        "info": "Updated: {date}　Font size: <a href='#'>A+</a> <a href='#'>A-</a>",
        "share": ["Facebook", "Twitter", "LinkedIn", "Email"],
        "share_label": "Share:",
        "related": "Related Stories",
        "hot": "Most Read",
        "hot_items": [
            "Chongqing opens new bus routes to the Science City",
            "Hot weather alert issued for central urban area",
            "Night markets return to Jiefangbei",
        ],
        "footer": [
            "Sponsored by Chongqing News Office | Run by Chongqing News Network Center",
            "Copyright © {year} Chongqing News Office. All Rights Reserved.",
            "渝ICP备19004832号-2",
            "<a href='#'>About Us</a> | <a href='#'>Contact Us</a> | <a href='#'>Sitemap</a>",
        ],
        "tools": "[Print] [Close]",
        "search": "Search",
    },
}

STYLE = """
body { font-family: "Microsoft YaHei", Arial, sans-serif; margin: 0; }
.topbar, .nav, .crumb, .footer { background: #f4f4f4; }
.nav a { padding: 0 12px; } .article h1 { font-size: 28px; }
.share a { margin-right: 8px; } figure img { width: 100%; }
"""

SCRIPT = """
var _hmt = _hmt || [];
(function () {
  var hm = document.createElement("script");
  hm.src = "/stat/hm.js?site=cqnews";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
})();
function shareTo(target) { window.open("/share?to=" + target + "&url=" + location.href); }
document.title = document.title + " | {site}";
"""


def render_html(
    doc: str,
    lang: str,
    paras: list[list[str]],
    meta: dict[str, str],
    related: list[tuple[str, str]],
) -> str:
    """A news page: header, nav, breadcrumbs, article, share bar, related links, sidebar, footer."""
    c = CHROME[lang]
    title = meta[f"{lang}_title"]
    date = meta["date"]
    year = date[:4]
    e = html.escape
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        f'<meta name="description" content="{e(title)}">',
        f"<style>{STYLE}</style>",
        f"<script>{SCRIPT.replace('{site}', c['site'])}</script>",
        "</head>",
        "<body>",
        f'<div class="topbar"><span class="logo">{e(c["site"])}</span>',
        f'<form class="search"><input type="text" placeholder="{e(c["search"])}"><button>{"搜索" if lang == "zh" else "Go"}</button></form></div>',
        '<div class="nav"><ul>'
        + "".join(f'<li><a href="/{i}/">{e(n)}</a></li>' for i, n in enumerate(c["nav"]))
        + "</ul></div>",
        f'<div class="crumb">{c["crumb"]}</div>',
        '<div class="main">',
        '<div class="article">',
        f'<div class="info">{c["info"].format(date=date)}</div>',
    ]
    n_fig = 0
    for kind, text in blocks(paras, lang, title):
        if kind == "h1":
            out.append(f"<h1>{e(text)}</h1>")
        elif kind == "figure":
            n_fig += 1
            out.append(
                f'<figure><img src="/images/{doc}/{n_fig:02d}.jpg" alt="">'
                f"<figcaption>{e(text)}</figcaption></figure>"
            )
        else:
            out.append(f"<p>{e(text)}</p>")
    out += [
        "</div>",
        '<div class="share">'
        + e(c["share_label"])
        + "".join(f"<a href=\"javascript:shareTo('{e(s)}')\">{e(s)}</a>" for s in c["share"])
        + "</div>",
        f'<div class="tools">{e(c["tools"])}</div>',
        f'<div class="related"><h3>{e(c["related"])}</h3><ul>'
        + "".join(f'<li><a href="/news/{rid}.html">{e(t)}</a></li>' for rid, t in related)
        + "</ul></div>",
        "</div>",
        f'<div class="sidebar"><h3>{e(c["hot"])}</h3><ol>'
        + "".join(
            f'<li><a href="/hot/{i}.html">{e(t)}</a></li>' for i, t in enumerate(c["hot_items"])
        )
        + "</ol></div>",
        '<div class="footer">'
        + "".join(f"<p>{f.format(year=year)}</p>" for f in c["footer"])
        + "</div>",
        '<script>document.querySelectorAll(".share a").forEach(function (a) { a.rel = "nofollow"; });</script>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def text_of(paras: list[list[str]]) -> str:
    return "\n\n".join("\n".join(p) for p in paras) + "\n"


def write_docx(path: Path, lang: str, paras: list[list[str]], meta: dict[str, str]) -> None:
    """A Word release: title paragraph, body paragraphs, captions; page header and footer."""
    import docx

    title = meta[f"{lang}_title"]
    joiner = "" if lang == "zh" else " "
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = (
        "重庆市人民政府新闻办公室 新闻通稿"
        if lang == "zh"
        else "Chongqing News Office | Press Release"
    )
    section.footer.paragraphs[0].text = (
        "内部资料 注意保存" if lang == "zh" else "For media use only"
    )
    for kind, text in blocks(paras, lang, title):
        if kind == "h1":
            d.add_heading(text, level=1)
        elif kind == "figure":
            d.add_paragraph(text, style="Caption")
        else:
            # One Word paragraph per text paragraph; the sentence break inside it is a plain join.
            d.add_paragraph(text.replace("\n", joiner))
    cp = d.core_properties
    cp.author = "cq-press corpus"
    cp.last_modified_by = "cq-press corpus"
    cp.title = title
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(fixed_zip(buf.getvalue()))


def fixed_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed member timestamps, so the bytes do not depend on the clock."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return buf.getvalue()


def hk_release(paras: list[list[str]]) -> list[list[str]]:
    """Simplified → Traditional with Hong Kong variants (OpenCC s2hk)."""
    import opencc

    conv = opencc.OpenCC("s2hk")
    return [[conv.convert(line) for line in p] for p in paras]


def main(corpus: Path) -> int:
    raw = corpus / "raw"
    wanted = sorted(set(HTML_DOCS + GB18030_DOCS + HK_DOCS + DOCX_DOCS))
    missing = [
        d
        for d in wanted
        if not all((corpus / p).exists() for p in (f"{d}.zh", f"{d}.en", f"meta/{d}.tsv"))
    ]
    if missing:
        print(f"error: source documents missing: {', '.join(missing)}", file=sys.stderr)
        return 1
    metas = {d: read_meta(corpus, d) for d in wanted}
    manifest: list[tuple[str, str, str, str]] = []
    for sub in ("html", "gb18030", "hk", "docx"):
        (raw / sub).mkdir(parents=True, exist_ok=True)

    for doc in HTML_DOCS:
        others = [d for d in HTML_DOCS if d != doc][:4]
        for lang in ("zh", "en"):
            related = [(d, metas[d][f"{lang}_title"]) for d in others]
            page = render_html(
                doc, lang, read_paragraphs(corpus / f"{doc}.{lang}"), metas[doc], related
            )
            name = f"html/{doc}.{lang}.html"
            (raw / name).write_text(page, encoding="utf-8", newline="\n")
            manifest.append((name, f"{doc}.{lang}", "html news page", "utf-8"))

    for k, doc in enumerate(GB18030_DOCS):
        newline = "\r\n" if k == 0 else "\n"
        zh = text_of(read_paragraphs(corpus / f"{doc}.zh")).replace("\n", newline)
        (raw / f"gb18030/{doc}.zh.txt").write_bytes(zh.encode("gb18030"))
        manifest.append(
            (f"gb18030/{doc}.zh.txt", f"{doc}.zh", "text" + (", CRLF" if k == 0 else ""), "gb18030")
        )
        (raw / f"gb18030/{doc}.en.txt").write_text(
            text_of(read_paragraphs(corpus / f"{doc}.en")), encoding="utf-8", newline="\n"
        )
        manifest.append((f"gb18030/{doc}.en.txt", f"{doc}.en", "text", "utf-8"))

    for doc in HK_DOCS:
        hk = text_of(hk_release(read_paragraphs(corpus / f"{doc}.zh")))
        (raw / f"hk/{doc}.zh.txt").write_text(hk, encoding="utf-8", newline="\n")
        manifest.append(
            (f"hk/{doc}.zh.txt", f"{doc}.zh", "text, Traditional Chinese (OpenCC s2hk)", "utf-8")
        )
        (raw / f"hk/{doc}.en.txt").write_text(
            text_of(read_paragraphs(corpus / f"{doc}.en")), encoding="utf-8", newline="\n"
        )
        manifest.append((f"hk/{doc}.en.txt", f"{doc}.en", "text", "utf-8"))

    for doc in DOCX_DOCS:
        for lang in ("zh", "en"):
            name = f"docx/{doc}.{lang}.docx"
            write_docx(raw / name, lang, read_paragraphs(corpus / f"{doc}.{lang}"), metas[doc])
            manifest.append((name, f"{doc}.{lang}", "Word document (python-docx)", "docx"))

    with (raw / "manifest.tsv").open("w", encoding="utf-8", newline="\n") as f:
        f.write("raw_file\tsource\tformat\tencoding\n")
        for row in manifest:
            f.write("\t".join(row) + "\n")
    (raw / "README.md").write_text(README, encoding="utf-8", newline="\n")
    print(f"wrote {len(manifest)} raw files under {raw}", file=sys.stderr)
    return 0


README = """# cq-press/raw: raw forms of the corpus for ingestion tests

Generated by `python corpora/tools/make_raw.py` from the committed reference text
(`../NNN.zh`, `../NNN.en`, `../meta/NNN.tsv`); do not edit by hand, re-run the script.
The same text always gives the same bytes. `manifest.tsv` lists which text each raw
file comes from.

| folder | what | how it relates to the source |
| --- | --- | --- |
| `html/` | news pages (UTF-8), both languages: navigation, breadcrumbs, search form, share buttons, related-links list, sidebar, footer with copyright and ICP number, `<script>`/`<style>` | the title is `<h1>`, photo captions are `<figure><figcaption>`, every other paragraph of the source is one `<p>` (sentences joined: no space in Chinese, one space in English) |
| `gb18030/` | Chinese text in GB18030 (the first file with CRLF line ends), English partner in UTF-8 | same lines and blank lines as the source |
| `hk/` | Chinese converted to Traditional characters, Hong Kong variants (OpenCC `s2hk`), English partner | same lines; folding (t2s) gives back the source |
| `docx/` | Word documents (python-docx) with a page header and footer that are not part of the text | title as Heading 1, captions in style Caption, one Word paragraph per source paragraph |

File names follow the pairing convention of `tmtool.ingest.document.pair_documents`:
`STEM.zh.EXT` / `STEM.en.EXT` in the same folder.
"""


if __name__ == "__main__":
    args = sys.argv[1:]
    corpus_dir = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "cq-press"
    sys.exit(main(corpus_dir))
