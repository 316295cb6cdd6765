"""Sentence and paragraph segmentation for Chinese and English news text.

Chinese sentences end at ``。！？``, ``……`` (and ``...``), and runs of them (``！？``,
``。”``); closing quotes and brackets (``” ’ 」 』 ） 》``) stay with the sentence they
close. A quotation followed by its attribution (``“……！”他说。``) stays one sentence, as its
English translation (``"…!" he said.``) does. ``13.21`` and ``2019.2.19`` never split because
``.`` is not a Chinese terminator; nothing splits inside ``《…》``, nor before ``，、：``.

Following the reference segmentation of our gold corpus (corpora/cq-press), ``；`` does not
end a sentence unless ``semicolons=True`` is asked for (clause-level segments); an ellipsis
that closes an enumeration (``甲、乙、丙……``) or pauses inside an open quotation does not
end one either; and a bracketed credit after a caption (``（记者 张锦辉 摄）``,
``(Photo by Zhang Jinhui)``) stays with it, as both sides of a photo caption are translated.
A ``?`` glued between two letters is a ``·`` lost to a legacy encoding (``迈克尔?格瑞斯考``).

English sentences end at ``. ! ? …`` plus closing quotes/brackets when the next word starts
a sentence (capital, digit, opening quote or bracket). After an abbreviation the rule is
stricter: titles (``Mr. Dr. St. No. 5 vs. i.e. e.g.``) never end a sentence; company and
place abbreviations, months, initials and ``a.m.``/``p.m.`` (``Co. Ltd. Inc. Corp. U.S.
Jan. J.P.``) end one only before a word that typically starts a sentence (``The``, ``In``,
``He`` …), so ``U.S. President`` and ``10 a.m. Beijing time`` stay whole while ``… at 10
a.m. The meeting …`` splits; ``etc.`` ends a sentence before any capitalised word.

Paragraphs (what a translator expects from pasted news copy):

- When the text has blank lines, blank lines separate paragraphs; inside a paragraph
  every line break is a sentence boundary, except a soft (wrapped) break, which is joined.
- When the text has no blank line at all, every line is its own paragraph (Chinese web
  copy puts one paragraph per line), again after joining soft breaks.
- A soft break: Chinese — the line ends with ``，`` ``、`` or an opening bracket/quote;
  English — the next line starts in lower case, or the line ends with ``, ; : -- —`` or
  an opening bracket; both — the next line starts with a closing quote or bracket.
- Hard-wrapped text (e-mail, PDF copy: most lines that do not end a paragraph are close to
  one width, at most 100 characters) is rejoined: a full-width line flows into the next,
  Chinese directly (a wrap may fall inside ``10,812``), English with a space, or without
  one after a compound's hyphen (``roll-`` / ``off``). A shorter line that ends a
  sentence ends its paragraph.
- Headlines, captions, bylines and boilerplate without a final stop therefore stay apart.
"""

from __future__ import annotations

import re

from tmtool.text.script import detect_lang

# --------------------------------------------------------------------------- Chinese

_ZH_CLOSERS = "”’」』）)》〉】〕］]\"'"
_ZH_END_RE = re.compile(r"(?:[。！？!?；]|…+|⋯+|\.{3,})+" + f"[{re.escape(_ZH_CLOSERS)}\\s]*")
_ZH_QUOTE_CLOSERS = frozenset("”’」』\"'")
_ZH_NO_SPLIT_BEFORE = frozenset("，,、：:")
_ZH_ATTRIBUTION_RE = re.compile(
    r"[^。！？!?；“「\"]{0,25}?"
    r"(?:说|说道|表示|介绍|指出|强调|称|告诉记者|透露|坦言|感慨|感叹|笑道|笑着说|问道|答道|回忆|"
    r"补充|解释|认为|提到|谈到|直言|呼吁|写道|谈道|补充道|动情地说|宣布|回应|笑言|表态|坦承|告诉|形容|总结|感叹道|评价)"
    r"[^。！？!?；“「\"]{0,8}?(?P<end>[。！？!?；]|[，,：:]\s*[“「\"]|[，,：:]|$)"
)
# "……。”她介绍，两大产业……": a pronoun taking up the speaker starts a sentence of its own,
# while a named speaker (……。”公司总经理蒋明亮介绍，……) attributes the quotation.
_ZH_PRONOUN_START_RE = re.compile(r"(?:他们|她们|他|她|其|该负责人)")


def _attribution(rest: str) -> bool:
    """True when ``rest`` (after a closing quote) attributes the quotation before it."""
    m = _ZH_ATTRIBUTION_RE.match(rest)
    if m is None:
        return False
    end = m.group("end")
    if end in ("，", ",", "：", ":") and _ZH_PRONOUN_START_RE.match(rest):
        return False
    return True


_ZH_OPENER_OF = {"”": "“", "’": "‘", "」": "「", "』": "『", '"': '"', "'": "'"}
_ZH_INTRODUCERS = frozenset("：:，,")


def _embedded_quote(piece: str, run_start: int) -> bool:
    """True when the quote closing at ``run_start`` was opened inside a running sentence.

    ``他们喊着“加油！”走向赛场`` goes on after the quote; ``他说：“……。”`` and a quote that
    opens the sentence end with it.
    """
    closer = piece[run_start:].lstrip("。！？!?；…⋯.").strip()[:1]
    opener = _ZH_OPENER_OF.get(closer)
    if opener is None:
        return False
    at = piece.rfind(opener, 0, run_start)
    if at <= 0:
        return False
    before = piece[:at].rstrip()
    return bool(before) and before[-1] not in _ZH_INTRODUCERS and before[-1] not in "。！？!?；"


_ZH_QUESTION_RE = re.compile(r"吗|呢|什么|怎么|怎样|为什么|为何|如何|哪|谁|多少|几|是否|难道|吧|么")


def _lost_middle_dot(text: str, at: int, piece: str) -> bool:
    """An ASCII ``?`` glued between two letters is a ``·`` lost to a legacy encoding
    (``迈克尔?格瑞斯考``), unless the clause before it asks a question."""
    if at == 0 or at + 1 >= len(text):
        return False
    if not (text[at - 1].isalpha() and text[at + 1].isalpha()):
        return False
    clause = re.split(r"[，,：:；;]", piece[:-1])[-1]
    return _ZH_QUESTION_RE.search(clause) is None


_ELLIPSIS_ONLY_RE = re.compile(r"(?:…|⋯|\.)+\s*$")


_SEMICOLON_ONLY_RE = re.compile(r"[；;]\s*$")
_CLAUSE_BREAK_RE = re.compile(r"[，,。！？!?；;：:]")


def _ends_list(piece: str) -> bool:
    """True when the clause before a trailing ellipsis enumerates (A、B、C……)."""
    clause = _CLAUSE_BREAK_RE.split(piece.rstrip("…⋯. "))[-1]
    return "、" in clause


def _open_quote(piece: str) -> bool:
    return piece.count("“") > piece.count("”") or piece.count("「") > piece.count("」")


def _split_zh(text: str, semicolons: bool = False) -> list[str]:
    sentences: list[str] = []
    start = 0
    n = len(text)
    for m in _ZH_END_RE.finditer(text):
        end = m.end()
        if end >= n:
            break
        rest = text[end:]
        if rest[0] in _ZH_NO_SPLIT_BEFORE:
            continue
        piece = text[start:end]
        if piece.count("《") > piece.count("》"):
            continue
        if m.group() == "?" and _lost_middle_dot(text, m.start(), piece):
            continue
        if not semicolons and _SEMICOLON_ONLY_RE.match(m.group()):
            continue
        if _ELLIPSIS_ONLY_RE.match(m.group()) and (_open_quote(piece) or _ends_list(piece)):
            continue  # a pause inside a quotation, or "etc." after a list: 甲、乙、丙……
        run = m.group().rstrip()
        if run and run[-1] in _ZH_QUOTE_CLOSERS:
            if _attribution(rest) or _embedded_quote(piece, len(piece) - len(run)):
                continue
        sentence = piece.strip()
        if sentence:
            sentences.append(sentence)
        start = end
    last = text[start:].strip()
    if last:
        sentences.append(last)
    return _attach_credits(_merge_bare_punctuation(sentences))


_HAS_CONTENT_RE = re.compile(r"\w")
_BRACKETED_RE = re.compile(r"^[（(][^（）()]*[）)]$")
_PHOTO_CREDIT_RE = re.compile(
    r"^[（(](?:.*摄|.*图|记者|通讯员|特约|photo|photographed|picture|image|video|pic)",
    re.IGNORECASE,
)


def _attach_credits(sentences: list[str], joiner: str = "") -> list[str]:
    """A photo credit after a caption (``（记者 张锦辉 摄）``, ``(Photo by Zhang Jinhui)``)
    stays with it, as both are translated together; other brackets, such as an
    English-only ``(Translated by …)``, stand alone."""
    merged: list[str] = []
    for sentence in sentences:
        if merged and _BRACKETED_RE.match(sentence) and _PHOTO_CREDIT_RE.match(sentence):
            merged[-1] += joiner + sentence
        else:
            merged.append(sentence)
    return merged


def _merge_bare_punctuation(sentences: list[str], joiner: str = "") -> list[str]:
    """A piece with no letter, digit or Han character (a stray ``“``) joins the one before."""
    merged: list[str] = []
    for sentence in sentences:
        if merged and not _HAS_CONTENT_RE.search(sentence):
            merged[-1] += joiner + sentence
        else:
            merged.append(sentence)
    return merged


# --------------------------------------------------------------------------- English

# Never end a sentence: titles and Latin abbreviations that always have a word after them.
_NEVER_END = frozenset(
    """Mr Mrs Ms Messrs Mmes Dr Prof Gen Sen Rep Gov Lt Col Capt Cmdr Adm Maj Sgt Brig Rev Hon
    Pres Supt Insp Amb Mt Ft St Ste Ave Blvd Rd vs v cf e.g i.e eg ie approx Fig fig Figs Vol
    vol Nos nos Art Sec Ch Eq Dept Univ Assoc Est Mme Mlle Gov't""".split()
)
# End a sentence only before a typical sentence starter.
_AMBIGUOUS = frozenset(
    """Co Ltd Inc Corp Bros Jr Sr Plc Pty Cos Mfg Intl Int'l a.m p.m A.M P.M U.S U.K U.N E.U
    U.S.A P.R.C R.O.K Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Ph.D B.A M.A M.S
    B.S""".split()
)
_SENTENCE_STARTERS = frozenset(
    """The A An This That These Those It Its He She They We I You His Her Their Our My Your
    There Here In On At By For From With Without After Before During Since Until Upon As
    According Among Amid Amidst Despite Following Over Under Through Throughout Within Against
    Along Across Around Between Beyond Toward Towards Into Onto Meanwhile However Moreover
    Furthermore Also Besides Additionally Nevertheless Nonetheless Still Yet But And Or So Thus
    Therefore Hence Now Then Today Tonight Yesterday Tomorrow Last Next Currently Previously
    Recently Earlier Later Afterwards Finally First Second Third Fourth Fifth Lastly When While
    Where What Why How Who Whom Whose Which Whether If Although Though Because Once Each Every
    All Both Some Many Most More Much Several Such Other Another Few No Not None Only Even Just
    To Of Based Compared Given Overall Together Altogether Please Let Statistics Data Figures
    Officials Experts Analysts Residents Workers Visitors Tourists Local""".split()
)
# After a.m./p.m. a capitalised word starts a sentence unless it continues the time.
_TIME_CONTEXT = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun
    January February March April May June July August September October November December Jan
    Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec GMT UTC BST CET CST EST EDT PST PDT ET PT
    Beijing""".split()
)
_CLOCK = frozenset("a.m p.m A.M P.M am pm".split())
_COMPANY = frozenset("Co Ltd Inc Corp Plc LLC Bros Cos Mfg Intl".split())
_COMPANY_GOES_ON = frozenset(
    """Limited Group Holdings Chairman Chairwoman CEO CFO CTO COO President Vice General Manager
    Director Secretary Deputy Executive Head Founder Chief Board Party Branch Plant Factory Subsidiary""".split()
)
_EN_CAND_RE = re.compile(r"(?:\.{2,}|…+|[.!?])+[\"'”’)\]]*(?=\s+\S)")
_NEXT_TOKEN_RE = re.compile(r"\s+(\S+)")
_ROMAN = frozenset(
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()
)
_OPENERS = "\"'“‘([{«「『"
_TRAIL_PUNCT = ",;:.!?\"'”’)]}»"


def _is_initials(token: str) -> bool:
    """``U.S``, ``J.P``, ``a.m``: one- or two-letter parts joined by periods."""
    parts = token.split(".")
    return len(parts) > 1 and all(p.isalpha() and len(p) <= 2 for p in parts)


def _starts_sentence(word: str) -> bool:
    core = word.lstrip(_OPENERS).rstrip(_TRAIL_PUNCT)
    return core in _SENTENCE_STARTERS or (word[:1] in _OPENERS and core[:1].isupper())


def _continues_time(text: str, pos: int, nxt: str) -> bool:
    """``Beijing time``, ``Monday``, ``New York time``: the words after a.m./p.m. go on."""
    if nxt.rstrip(_TRAIL_PUNCT) in _TIME_CONTEXT:
        return True
    following = text[pos : pos + 40].split()[:2]
    return any(w.rstrip(_TRAIL_PUNCT).lower() == "time" for w in following)


def _prev_token(text: str, end: int) -> str:
    i = end
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:end]


def _en_boundary(text: str, m: re.Match[str], start: int) -> bool:
    """Whether the terminator run ``m`` ends a sentence."""
    run = m.group()
    nxt_m = _NEXT_TOKEN_RE.match(text, m.end())
    if nxt_m is None:
        return False
    nxt = nxt_m.group(1)
    first = nxt.lstrip(_OPENERS)[:1] or nxt[:1]
    opens = nxt[:1] in _OPENERS
    if first.islower():
        return False
    starts_upper = first.isupper() or first.isdigit() or opens or not first.isascii()
    if not starts_upper:
        return first in "$€£¥#"
    core = run.rstrip("\"'”’)]")
    if core != "." or len(core) != len(run):
        # ! ? … ... or a stop closed by a quote/bracket: a real end before a capital
        return True
    prev = _prev_token(text, m.start()).lstrip(_OPENERS)
    if not prev:
        return True
    if prev in _NEVER_END:
        return False
    if prev[-1:].isdigit() and first.isdigit():
        return False  # a decimal broken by a space: "US$2. 4 trillion"
    if (prev.isdigit() and len(prev) <= 2) or (len(prev) == 1 and prev.isalpha()) or prev in _ROMAN:
        if not text[start : m.start() - len(prev)].strip():
            return False  # a list marker: "1. We must …", "A. Growth …"
    if prev in ("No", "no", "Nos", "Art", "art") and (first.isdigit() or first == "#"):
        return False
    if prev in ("etc", "al"):
        return True
    if prev in _CLOCK:
        return not _continues_time(text, nxt_m.end(), nxt)
    if prev in _COMPANY:
        # "Co., Ltd. Robotic arms …" ends; "Ltd. Chairman Liu", "Inc. CEO" go on
        word = nxt.lstrip(_OPENERS).rstrip(_TRAIL_PUNCT)
        return word not in _COMPANY_GOES_ON and word not in _COMPANY
    if prev in _AMBIGUOUS or _is_initials(prev) or (len(prev) == 1 and prev.isupper()):
        return _starts_sentence(nxt)
    return True


def _split_en(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for m in _EN_CAND_RE.finditer(text):
        if _en_boundary(text, m, start):
            sentence = text[start : m.end()].strip()
            if sentence:
                sentences.append(sentence)
            start = m.end()
    last = text[start:].strip()
    if last:
        sentences.append(last)
    return _attach_credits(_merge_bare_punctuation(sentences, " "), " ")


# --------------------------------------------------------------------------- lines, paragraphs

_CLOSERS_AT_START = frozenset("”’」』）》〉】〕")
_EN_CONTINUES = (",", ";", ":", "--", "—", "–", "(", "[", "“", "‘")
_ZH_CONTINUES = ("，", "、", ",", "（", "(", "《", "“", "「", "『")


def _soft_break(prev: str, nxt: str, lang: str) -> bool:
    if nxt[:1] in _CLOSERS_AT_START:
        return True  # no sentence starts with a closing quote or bracket
    if lang == "zh":
        return prev.endswith(_ZH_CONTINUES)
    if nxt[:1].islower():
        return True
    return prev.endswith(_EN_CONTINUES)


def _join(prev: str, nxt: str, lang: str) -> str:
    """Chinese lines join directly (a wrap may fall inside 10,812), except two Latin words."""
    if lang == "zh" and not (prev[-1:].isascii() and prev[-1:].isalpha() and nxt[:1].isalpha()):
        return prev + nxt
    if prev.endswith("-") and prev[-2:-1].isalpha() and nxt[:1].isalpha():
        return prev + nxt  # a compound wrapped at its hyphen: roll-/off
    return prev + " " + nxt


_LINE_END_RE = {
    "zh": re.compile(r"(?:[。！？!?；]|…|\.{3})[”’」』）)\"']*$|[）)]$"),
    "en": re.compile(r"[.!?…][\"'”’)\]]*$|[:)]$"),
}


def _wrap_width(blocks: list[list[str]]) -> int:
    """The width a hard-wrapped text is wrapped at, or 0 when it is not wrapped.

    Wrapped text (e-mail, PDF copy) has most lines that are not the last of their
    paragraph close to one width; web copy with one paragraph per line has lines of every
    length, and lines longer than 100 characters are never wrapped ones.
    """
    widths = [len(line) for block in blocks for line in block[:-1]]
    if len(widths) < 2:
        return 0
    width = max(widths)
    if not 20 <= width <= 100:
        return 0
    full = sum(1 for w in widths if w >= 0.75 * width)
    return width if full >= 2 and full >= 0.6 * len(widths) else 0


def _logical_lines(lines: list[str], lang: str, width: int = 0) -> list[str]:
    """Join soft breaks: full-width lines of wrapped text, and what :func:`_soft_break` sees."""
    line_end = _LINE_END_RE[lang]
    units: list[str] = []
    prev_line = ""
    for line in lines:
        # in wrapped text a full line flows on (the sentence split finds any end in it);
        # a shorter line that ends a sentence ends its paragraph
        wrapped = width and (
            len(prev_line) >= 0.9 * width
            or (len(prev_line) >= 0.75 * width and not line_end.search(prev_line))
        )
        if units and (wrapped or _soft_break(units[-1], line, lang)):
            units[-1] = _join(units[-1], line, lang)
        else:
            units.append(line)
        prev_line = line
    return units


def _lang_of(text: str, lang: str) -> str:
    if lang == "auto":
        return detect_lang(text)
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}: choose zh, en or auto")
    return lang


def sentences_of_line(line: str, lang: str = "auto", *, semicolons: bool = False) -> list[str]:
    """The sentences of one line (no line breaks are considered)."""
    lang = _lang_of(line, lang)
    return _split_zh(line, semicolons) if lang == "zh" else _split_en(line)


def split_paragraphs(text: str, lang: str = "auto", *, semicolons: bool = False) -> list[list[str]]:
    """Paragraphs, each a list of sentences (see the module docstring for the rules).

    ``lang`` is ``"zh"``, ``"en"`` or ``"auto"`` (decided per paragraph block by script).
    ``semicolons=True`` also ends Chinese sentences at ``；`` (clause-level segments).
    Empty paragraphs are left out.
    """
    _lang_of("", lang)  # validate early
    blocks: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    line_per_paragraph = len(blocks) == 1
    width = _wrap_width(blocks)
    paragraphs: list[list[str]] = []
    for block in blocks:
        block_lang = _lang_of("\n".join(block), lang)
        units = _logical_lines(block, block_lang, width)
        if line_per_paragraph:
            for unit in units:
                sentences = sentences_of_line(unit, block_lang, semicolons=semicolons)
                if sentences:
                    paragraphs.append(sentences)
        else:
            sentences = [
                s
                for unit in units
                for s in sentences_of_line(unit, block_lang, semicolons=semicolons)
            ]
            if sentences:
                paragraphs.append(sentences)
    return paragraphs


def split_sentences(text: str, lang: str = "auto", *, semicolons: bool = False) -> list[str]:
    """All sentences of ``text`` in order, across its paragraphs."""
    return [
        s for paragraph in split_paragraphs(text, lang, semicolons=semicolons) for s in paragraph
    ]
