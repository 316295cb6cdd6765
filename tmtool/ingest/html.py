"""Extract the article text of a news page, dropping navigation, share bars, footers and scripts.

Translators get press releases as saved web pages; the aligner needs only the article.
The method is a small content-density / link-density heuristic on the lxml tree, in the
spirit of Readability:

1. Remove what is never text (``script``, ``style``, forms, ``nav``/``header``/``footer``/
   ``aside``) and containers whose ``class``/``id`` names a page furniture role (share,
   breadcrumb, related, sidebar, copyright …).
2. Find the text blocks (``p``, headings, ``figcaption``, ``li``, ``blockquote``, and
   ``div``/``td`` that hold text directly), score each by its non-link text, with a
   bonus for sentence punctuation, and credit the score to the parent (and half to the
   grandparent).
3. The best-scoring container is the article; its blocks, in document order, are the
   paragraphs, except link entries (mostly link text and no sentence end). A single ``h1`` outside it (the headline) is
   put in front.

Measured on corpora/cq-press/raw/html (see tests/ingest/test_html.py): every source
sentence kept, no page furniture leaked; trafilatura dropped the photo captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from tmtool.errors import EmptyInputError, FormatError

__all__ = ["extract_article", "extract_paragraphs"]

DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "form", "button", "input", "select",
    "textarea", "svg", "canvas", "nav", "header", "footer", "aside", "head",
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "blockquote",
        "pre",
        "li",
        "dd",
        "dt",
        "td",
        "th",
        "caption",
    }
)
# Elements that make a div a container rather than a text block.
CONTAINER_TAGS = BLOCK_TAGS | {
    "div",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    "table",
    "figure",
    "tr",
    "tbody",
}
NEGATIVE = frozenset(
    """share social sns crumb crumbs breadcrumb breadcrumbs nav navbar menu footer foot header
    head topbar sidebar side aside related relate recommend rec hot rank ranking comment comments
    tool tools toolbar print info meta ad ads advert banner copyright search login qrcode logo
    pager pagination tags tag""".split()
)
POSITIVE = frozenset("article content main text body post story entry detail".split())
_TOKEN = re.compile(r"[a-z]+")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_SENTENCE_END = re.compile(r"[。！？.!?][”’\"')）]*$")
_PUNCT = re.compile(r"[，。；！？,;.!?]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


@dataclass
class _Block:
    element: etree._Element
    text: str
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def decode_html(data: bytes) -> str:
    """Bytes of a page → str: BOM, then ``<meta charset>``, then UTF-8, then GB18030.

    GB2312 and GBK pages are decoded as GB18030, their superset.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        if name in {"gb2312", "gbk", "gb18030", "x-gbk"}:
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise FormatError("the page is neither UTF-8 nor GB18030 and declares no usable charset")


def _parse(page: str | bytes) -> etree._Element:
    text = decode_html(page) if isinstance(page, bytes) else page
    # lxml refuses str input that still carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise EmptyInputError("the page is empty")
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise FormatError(f"the page could not be parsed as HTML: {exc}") from None


def _roles(el: etree._Element) -> set[str]:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return set(_TOKEN.findall(names))


def _norm(text: str) -> str:
    """Collapse runs of spaces (including no-break and ideographic spaces) to one space.

    Spaces between Chinese characters are kept: bylines write （记者 张三 摄）.
    """
    return _SPACE.sub(" ", text).strip()


def _clean(root: etree._Element) -> None:
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    for el in list(root.iter(*DROP_TAGS)):
        _remove(el)
    for el in list(root.iter()):
        if el.getparent() is None or not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        roles = _roles(el)
        if roles & NEGATIVE and not (roles & POSITIVE and len(el.text_content()) > 500):
            _remove(el)


def _remove(el: etree._Element) -> None:
    """Remove an element but keep its tail text in the tree."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_text_div(el: etree._Element) -> bool:
    if el.tag not in ("div", "span", "section", "article", "td", "font", "center"):
        return False
    if any(isinstance(d.tag, str) and d.tag in CONTAINER_TAGS for d in el.iterdescendants()):
        return False
    return bool(el.text_content().strip())


def _lines(el: etree._Element) -> list[str]:
    """The text of a block, split at <br> into lines."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [t for t in (_norm(x) for x in el.text_content().split("\n")) if t]


def _blocks(root: etree._Element) -> list[_Block]:
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in BLOCK_TAGS or _is_text_div(el):
            # A block nested in another block (li > p) is taken at the innermost level.
            if any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in el.iterdescendants()):
                continue
            text = _norm(el.text_content())
            if not text:
                continue
            links = sum(len(_norm(a.text_content())) for a in el.iter("a"))
            out.append(_Block(el, text, links))
    return out


def _is_link_block(block: _Block) -> bool:
    """A navigation or related-links entry: mostly link text, and not a sentence with a link in it."""
    if block.link_density > 0.8:
        return True
    return block.link_density > 0.5 and not _SENTENCE_END.search(block.text)


def _score(block: _Block) -> float:
    base = len(block.text) * (1.0 - block.link_density)
    return base + 10.0 * len(_PUNCT.findall(block.text))


def extract_paragraphs(page: str | bytes) -> list[str]:
    """The article of a news page as a list of paragraphs (title first when there is an h1).

    Raises :class:`FormatError` when no article text can be found, :class:`EmptyInputError`
    for an empty page.
    """
    root = _parse(page)
    headline = [h for h in root.iter("h1") if _norm(h.text_content())]
    _clean(root)
    blocks = _blocks(root)
    if not blocks:
        raise FormatError("no article text found in the page")
    scores: dict[etree._Element, float] = {}
    for b in blocks:
        s = _score(b)
        parent = b.element.getparent()
        # Captions and list items sit one level deeper (figure > figcaption): credit the container.
        if parent is not None and parent.tag in ("figure", "ul", "ol", "dl", "blockquote"):
            parent = parent.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + s
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + s / 2
    top = max(scores, key=lambda el: scores[el])
    inside = set(top.iter())
    paragraphs: list[str] = []
    for b in blocks:
        if b.element not in inside or _is_link_block(b):
            continue
        paragraphs.extend(_lines(b.element))
    if len(headline) == 1 and headline[0] not in inside:
        title = _norm(headline[0].text_content())
        if title not in paragraphs:
            paragraphs.insert(0, title)
    if not paragraphs:
        raise FormatError("no article text found in the page")
    return paragraphs


def extract_article(page: str | bytes) -> str:
    """The article of a news page as text: one paragraph per line, a blank line between them."""
    return "\n\n".join(extract_paragraphs(page)) + "\n"
