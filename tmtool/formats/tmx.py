"""TMX 1.4b: a strict streaming writer and a lenient streaming reader.

Writing (:func:`write`) produces TMX 1.4b with the seven required header attributes,
UTC dates ``YYYYMMDDThhmmssZ``, ``xml:lang`` on every ``tuv`` (``zh-CN``/``en-US`` unless
told otherwise), a ``tuid`` per unit and tmtool's metadata as ``<prop type="x-…">``:
``x-document``, ``x-confidence``, ``x-origin``, ``x-position``, ``x-date``. Other unit
props are written back under their own type, unchanged (memoQ's ``client`` or
``project`` must stay what memoQ reads); a repeated type read as ``type#2`` is written
as ``type`` again. Units are written one by one: memory stays constant. Characters
XML 1.0 forbids (C0 controls other than tab/newline/CR, U+FFFE/U+FFFF, lone surrogates)
are dropped — no XML reader could read them back.

Reading (:func:`read`) streams with lxml ``iterparse`` and clears each ``tu`` when done.
It accepts language codes in any case and by primary subtag (``zh``, ``ZH-CN``,
``zh-Hans``, ``zh-TW``, ``zh-Hant-HK``; ``en``, ``EN-US``, ``en-GB``), TMX 1.1 ``lang``,
``srclang="*all*"``, tuvs in any order and files with more languages (the zh–en pair is
taken; a unit without both is skipped, and a file of units none of which has both raises
:class:`~tmtool.errors.FormatError` naming the languages found). Simplified is preferred when a unit has both;
a Traditional-only unit keeps its text as written and its code in the prop
``x-tmtool-zh-lang`` (the TM folds Traditional for matching; export writes the code back).
TMX or ISO dates, notes and props are kept. A DOCTYPE is ignored and its DTD never
fetched; entity declarations are refused, so neither entity expansion nor external
entities can happen. Anything that is not readable TMX raises
:class:`~tmtool.errors.FormatError` ``file:line:column: …``.

Inline tags (bpt, ept, ph, it, ut, hi) become placeholders in the text, numbered per
segment from 1:

* ``{n}`` … ``{/n}`` for a ``bpt``/``ept`` pair (matched by ``i``) and for ``hi``,
* ``{n/}`` for ``ph``, ``it`` and ``ut``,

spelled in Unicode TAG characters (U+E0000 + the ASCII code: ``{1}`` is U+E007B U+E0031
U+E007D). Tag characters are invisible, are format characters (category Cf) that the
matching form drops — so fuzzy match %, concordance and the index ignore the tags with no
special case — and never occur in news text, so a literal ``{1}`` typed in a sentence
stays text. :func:`visible` shows them as ASCII ``{1}``; :func:`strip_placeholders`
removes them. The tags themselves (name, attributes, native code) are kept in the unit's
prop ``x-tmtool-inline`` (JSON keyed by the ASCII form), from which export writes them
back exactly; a placeholder whose tag is not stored is left out of the XML.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from tmtool import __version__
from tmtool.errors import FormatError
from tmtool.formats.base import (
    ORIGINS,
    check_readable,
    located,
    now_tmx,
    parse_date,
    parse_position,
    tmx_date,
)
from tmtool.records import Skipped, TranslationUnit

log = logging.getLogger("tmtool.formats")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TO_TAG = {ord(c): 0xE0000 + ord(c) for c in "{}/0123456789"}
_FROM_TAG = {v: k for k, v in _TO_TAG.items()}
#: one inline-tag placeholder: ``{n}``, ``{/n}`` or ``{n/}`` in TAG characters
PLACEHOLDER = re.compile("\U000e007b\U000e002f?[\U000e0030-\U000e0039]+\U000e002f?\U000e007d")
INLINE_PROP = "x-tmtool-inline"
ZH_LANG_PROP = "x-tmtool-zh-lang"
#: tmtool's own props and the unit fields they carry
FIELD_PROPS = {
    "x-document": "doc",
    "x-confidence": "confidence",
    "x-origin": "origin",
    "x-position": "position",
    "x-date": "date",
}
_PAIRED = {"bpt", "ept"}
_ALONE = {"ph", "it", "ut"}
_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_blank_text": False,
}


def strip_placeholders(text: str) -> str:
    """The text without inline-tag placeholders."""
    return PLACEHOLDER.sub("", text)


def visible(text: str) -> str:
    """The text with its placeholders shown as ASCII ``{1}``, ``{/1}``, ``{2/}``."""
    return PLACEHOLDER.sub(lambda m: m.group().translate(_FROM_TAG), text)


def placeholder(token: str) -> str:
    """The placeholder for the ASCII token ``{1}``, ``{/1}`` or ``{2/}``."""
    return token.translate(_TO_TAG)


# ---------------------------------------------------------------------------- languages


@functools.cache
def classify_lang(code: str | None) -> tuple[str | None, bool]:
    """``("zh"|"en"|None, traditional)`` for a language code, by primary subtag, any case."""
    if not code:
        return None, False
    parts = code.strip().replace("_", "-").lower().split("-")
    primary = parts[0]
    if primary in ("zh", "zho", "chi", "cmn"):
        subtags = set(parts[1:])
        traditional = "hant" in subtags or (
            bool(subtags & {"tw", "hk", "mo"}) and "hans" not in subtags
        )
        return "zh", traditional
    if primary in ("en", "eng"):
        return "en", False
    return None, False


# ------------------------------------------------------------------------------ reading


def read(path: Path) -> Iterator[TranslationUnit | Skipped]:
    """Stream the zh–en units of a TMX file (see the module docstring), and a
    :class:`~tmtool.records.Skipped` for each unit without both."""
    path = Path(path)
    check_readable(path)
    return _read(path)


def _read(path: Path) -> Iterator[TranslationUnit | Skipped]:
    _check_prolog(path)
    skipped = read = 0
    langs: set[str] = set()  # of skipped units, while no unit was read
    etree.clear_error_log()
    with path.open("rb") as f:
        events = etree.iterparse(f, events=("end",), tag=("{*}tu",), **_PARSER_OPTIONS)
        try:
            for _, tu in events:
                unit = _unit(path, tu)
                if unit is None and not read and len(langs) < 10:
                    langs.update(_tuv_langs(tu))
                # free the finished unit and everything before it: constant memory
                tu.clear(keep_tail=False)
                parent = tu.getparent()
                if parent is not None:
                    while tu.getprevious() is not None:
                        del parent[0]
                if unit is None:
                    skipped += 1
                    yield Skipped()
                else:
                    read += 1
                    yield unit
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(path, exc) from None
    if skipped and not read:
        # A file of other languages (or empty segments) is not a TM with nothing new in it.
        raise located(
            path,
            None,
            f"no unit has both a Chinese and an English segment ({skipped} unit(s); "
            f"languages: {', '.join(sorted(langs)) or '(none)'})",
        )
    if skipped:
        log.info("%s: skipped %d unit(s) without both a zh and an en segment", path, skipped)


def _tuv_langs(tu: Any) -> set[str]:
    """The language codes of a unit's tuvs, as written."""
    codes = set()
    for child in tu:
        if _local(child) == "tuv":
            code = child.get(XML_LANG) or child.get("lang")
            if code:
                codes.add(code)
    return codes


def _syntax_error(path: Path, exc: etree.XMLSyntaxError) -> FormatError:
    line, column = exc.position if exc.position else (0, 0)
    message = str(getattr(exc, "msg", "") or exc)
    if path.stat().st_size == 0:
        return located(path, 1, "the file is empty: not TMX", 1)
    if line == 0:
        # with entities unresolved lxml may report a generic "no element found"; the
        # parser's log has the cause and its position
        errors = [e for e in exc.error_log if e.level >= etree.ErrorLevels.ERROR and e.line > 0]
        if errors:
            line, column, message = errors[-1].line, errors[-1].column, errors[-1].message
    message = re.sub(r",? line \d+, column \d+.*$", "", message).strip()
    if line == 0:
        line, column = 1, 1
    if message.startswith("Start tag expected") and line == 1:
        message += " (not an XML file)"
    return located(path, line, f"malformed XML: {message}", column)


def _check_prolog(path: Path) -> None:
    """Look at the root element and the DOCTYPE before streaming: TMX, and no entities."""
    etree.clear_error_log()
    with path.open("rb") as f:
        try:
            for _, root in etree.iterparse(f, events=("start",), **_PARSER_OPTIONS):
                name = etree.QName(root).localname
                if name != "tmx":
                    line = root.sourceline or 1
                    raise located(
                        path,
                        line,
                        f"not TMX: the root element is <{name}>, not <tmx>",
                        _column(path, line, f"<{root.tag}"),
                    )
                dtd = root.getroottree().docinfo.internalDTD
                entities = [e.name for e in dtd.iterentities()] if dtd is not None else []
                if entities:
                    line, column = _find(path, b"<!ENTITY")
                    raise located(
                        path,
                        line,
                        f"the DOCTYPE declares entities ({', '.join(entities[:5])}): "
                        "refused, TMX needs none and they can expand without bound or read files",
                        column,
                    )
                return
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(path, exc) from None
    raise located(path, 1, "the file is empty: not TMX", 1)


def _column(path: Path, line: int, needle: str) -> int:
    """The 1-based column of ``needle`` on ``line`` (1 when it cannot be found)."""
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            if number == line:
                text = raw.decode("utf-8", "replace")
                return text.find(needle) + 1 or 1
    return 1


def _find(path: Path, needle: bytes) -> tuple[int, int]:
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            at = raw.find(needle)
            if at >= 0:
                return number, len(raw[:at].decode("utf-8", "replace")) + 1
    return 1, 1


def _local(el: Any) -> str | None:
    return _localname(el.tag)


@functools.cache
def _localname(tag: Any) -> str | None:
    if not isinstance(tag, str):
        return None  # a comment or processing instruction
    return tag.rpartition("}")[2]


def _unit(path: Path, tu: Any) -> TranslationUnit | None:
    props: dict[str, str] = {}
    notes: list[str] = []
    # per language: (traditional, tuv, seg) — the first Simplified (or unmarked) Chinese
    # tuv wins, else the first of its language
    best: dict[str, tuple[bool, Any, Any] | None] = {"zh": None, "en": None}
    for child in tu:
        tag = child.tag
        if tag.__class__ is not str or tag[:1] == "{":
            tag = _localname(tag)
        if tag == "tuv":
            side, traditional = classify_lang(child.get(XML_LANG) or child.get("lang"))
            if side is None:
                continue
            current = best[side]
            if current is not None and (not current[0] or traditional):
                continue
            seg = _seg(child)
            if seg is not None:
                best[side] = (traditional, child, seg)
        elif tag == "prop":
            _add_prop(props, child.get("type") or "x-untyped", child.text or "")
        elif tag == "note":
            notes.append(child.text or "")
    zh_best, en_best = best["zh"], best["en"]
    if zh_best is None or en_best is None:
        return None
    inline: dict[str, dict] = {}
    texts = {}
    for side, (traditional, tuv, seg) in (("zh", zh_best), ("en", en_best)):
        if len(tuv) > 1:
            for child in tuv:
                name = _local(child)
                if name == "prop":
                    _add_prop(props, f"{side}:{child.get('type') or 'x-untyped'}", child.text or "")
                elif name == "note":
                    notes.append(child.text or "")
        tags: dict[str, list] = {}
        texts[side] = _seg_text(path, seg, tags)
        if tags:
            inline[side] = tags
        if traditional:
            props[ZH_LANG_PROP] = tuv.get(XML_LANG) or tuv.get("lang")
    zh, en = texts["zh"], texts["en"]
    if not zh.strip() or not en.strip():
        return None
    if inline:
        props[INLINE_PROP] = json.dumps(inline, ensure_ascii=False, sort_keys=True)
    fields: dict[str, Any] = {"zh": zh, "en": en}
    if props:
        for prop, field in FIELD_PROPS.items():
            if prop in props:
                value = _field_value(field, props[prop])
                if value is not None:
                    fields[field] = value
                    del props[prop]
    zh_tuv, en_tuv = zh_best[1], en_best[1]
    for field, attr in (("created", "creationdate"), ("changed", "changedate")):
        raw = tu.get(attr) or zh_tuv.get(attr) or en_tuv.get(attr)
        if raw:
            try:
                fields[field] = parse_date(raw)
            except ValueError:  # kept as a prop: nothing of the file is lost
                log.info("%s:%s: bad %s %r kept as a prop", path, tu.sourceline, attr, raw)
                _add_prop(props, f"x-bad-{attr}", raw)
    for field, attr in (("user", "creationid"), ("changed_by", "changeid")):
        who = tu.get(attr) or zh_tuv.get(attr) or en_tuv.get(attr)
        if who:
            fields[field] = who
    return TranslationUnit(**fields, props=props, notes=tuple(notes))


def _add_prop(props: dict[str, str], key: str, value: str) -> None:
    if key in props:  # a repeated type keeps every value: type, type#2, type#3 …
        n = 2
        while f"{key}#{n}" in props:
            n += 1
        key = f"{key}#{n}"
    props[key] = value


def _field_value(field: str, raw: str) -> Any:
    """A prop's value as the unit field wants it, or None to keep it as a plain prop."""
    value = raw.strip()
    try:
        if field == "confidence":
            number = float(value)
            return number if 0.0 <= number <= 1.0 else None
        if field == "position":
            return parse_position(value)
        if field == "date":
            return parse_date(value)
    except ValueError:
        return None
    if field == "origin":
        return value if value in ORIGINS else None
    return value or None


def _seg(tuv: Any) -> Any:
    for child in tuv:
        if _local(child) == "seg":
            return child
    return None


def _seg_text(path: Path, seg: Any, tags: dict[str, list]) -> str:
    """The segment's text with inline tags as placeholders; the tags go into ``tags``."""
    if len(seg) == 0:
        return seg.text or ""
    state: dict[str, Any] = {"n": 0, "bpt": {}}

    def number() -> int:
        state["n"] += 1
        return state["n"]

    def walk(el: Any, out: list[str]) -> None:
        out.append(el.text or "")
        for child in el:
            if isinstance(child, etree._Entity):
                raise located(path, child.sourceline, "entity references are refused", 1)
            name = _local(child)
            if name in _PAIRED:
                i = child.get("i")
                if name == "bpt":
                    n = number()
                    if i is not None:
                        state["bpt"][i] = n
                    token = f"{{{n}}}"
                else:
                    n = state["bpt"].pop(i, None) or number()
                    token = f"{{/{n}}}"
                tags[token] = _tag_record(child)
                out.append(placeholder(token))
            elif name in _ALONE:
                token = f"{{{number()}/}}"
                tags[token] = _tag_record(child)
                out.append(placeholder(token))
            elif name == "hi":
                n = number()
                tags[f"{{{n}}}"] = ["hi", _tag_record(child)[1], None]
                out.append(placeholder(f"{{{n}}}"))
                walk(child, out)
                out.append(placeholder(f"{{/{n}}}"))
            elif name is not None:  # an element TMX does not allow here: keep its text
                walk(child, out)
            out.append(child.tail or "")

    out: list[str] = []
    walk(seg, out)
    return "".join(out)


def _tag_record(el: Any) -> list:
    """``[name, attributes, native code as XML]`` for one inline code element."""
    inner = _escape_text(el.text or "") + "".join(
        etree.tostring(c, encoding="unicode", with_tail=True) for c in el
    )
    attrib = {}
    for key, value in el.attrib.items():
        if key.startswith("{"):
            space, _, local = key[1:].partition("}")
            if space != "http://www.w3.org/XML/1998/namespace":
                continue
            key = f"xml:{local}"
        attrib[key] = value
    return [_local(el), attrib, inner]


# ------------------------------------------------------------------------------ writing

_REPEAT = re.compile(r"#\d+$")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]')


def _escape_text(text: str) -> str:
    if not _TEXT_SPECIAL.search(text):
        return text  # the common case: one scan, no copies
    if _FORBIDDEN.search(text):
        text = _FORBIDDEN.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def _escape_attr(text: str) -> str:
    if not _ATTR_SPECIAL.search(text):
        return text
    text = _escape_text(text).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;")


def _attrs(pairs: Iterable[tuple[str, Any]]) -> str:
    return "".join(f' {k}="{_escape_attr(str(v))}"' for k, v in pairs if v is not None)


def write(
    units: Iterable[TranslationUnit],
    path: Path,
    *,
    srclang: str = "zh-CN",
    tgtlang: str = "en-US",
    adminlang: str = "en-US",
    datatype: str = "plaintext",
    segtype: str = "sentence",
) -> int:
    """Write TMX 1.4b, one unit at a time; returns the number of units written.

    ``srclang`` is the code of the Chinese side (TMX's source language), ``tgtlang``
    that of the English side.
    """
    for name, code in (("srclang", srclang), ("tgtlang", tgtlang)):
        want = "zh" if name == "srclang" else "en"
        if classify_lang(code)[0] != want:
            raise FormatError(
                f"{name} {code!r} is not a {'Chinese' if want == 'zh' else 'English'} language code"
            )
    n = 0
    with Path(path).open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        header = _attrs(
            [
                ("creationtool", "tmtool"),
                ("creationtoolversion", __version__),
                ("segtype", segtype),
                ("o-tmf", "tmtool"),
                ("adminlang", adminlang),
                ("srclang", srclang),
                ("datatype", datatype),
                ("creationdate", now_tmx()),
            ]
        )
        f.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            f'<tmx version="1.4">\n  <header{header}/>\n  <body>\n'
        )
        for unit in units:
            n += 1
            _write_unit(f, unit, n, srclang, tgtlang)
        f.write("  </body>\n</tmx>\n")
    return n


def _write_unit(f: IO[str], unit: TranslationUnit, seq: int, srclang: str, tgtlang: str) -> None:
    attrs = [
        ("tuid", unit.id if unit.id is not None else seq),
        ("creationdate", _tmx_date_or_none(unit.created)),
        ("creationid", unit.user),
        ("changedate", _tmx_date_or_none(unit.changed)),
        ("changeid", unit.changed_by),
    ]
    parts = [f"    <tu{_attrs(attrs)}>\n"]
    if unit.doc is not None:
        parts.append(f'      <prop type="x-document">{_escape_text(unit.doc)}</prop>\n')
    if unit.confidence is not None:
        parts.append(f'      <prop type="x-confidence">{float(unit.confidence)!r}</prop>\n')
    if unit.origin is not None:
        parts.append(f'      <prop type="x-origin">{_escape_text(unit.origin)}</prop>\n')
    if unit.position is not None:
        parts.append(f'      <prop type="x-position">{int(unit.position)}</prop>\n')
    if unit.date is not None:
        parts.append(f'      <prop type="x-date">{_escape_text(unit.date)}</prop>\n')
    side_props: dict[str, list[str]] = {"zh": [], "en": []}
    inline: dict[str, dict] = {}
    if unit.props:
        for key, value in unit.props.items():
            if key in (INLINE_PROP, ZH_LANG_PROP):
                continue
            side, _, rest = key.partition(":")
            if side in side_props and rest:
                side_props[side].append(_prop(rest, value, "        "))
            else:
                parts.append(_prop(key, value, "      "))
        inline = _inline_tags(unit)
    for note in unit.notes:
        parts.append(f"      <note>{_escape_text(note)}</note>\n")
    zh_lang = unit.props.get(ZH_LANG_PROP) or srclang
    for side, lang, text in (("zh", zh_lang, unit.zh), ("en", tgtlang, unit.en)):
        parts.append(f'      <tuv xml:lang="{_escape_attr(lang)}">\n')
        parts.extend(side_props[side])
        parts.append(f"        <seg>{_seg_xml(text, inline.get(side))}</seg>\n      </tuv>\n")
    parts.append("    </tu>\n")
    f.write("".join(parts))


def _prop(key: str, value: str, indent: str) -> str:
    if "#" in key:
        key = _REPEAT.sub("", key)
    return f'{indent}<prop type="{_escape_attr(key)}">{_escape_text(value)}</prop>\n'


def _tmx_date_or_none(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return tmx_date(value)
    except ValueError:
        return None


def _inline_tags(unit: TranslationUnit) -> dict[str, dict]:
    raw = unit.props.get(INLINE_PROP)
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _seg_xml(text: str, tags: dict | None) -> str:
    """The segment's XML: text escaped, placeholders with a stored tag written as that tag."""
    if "\U000e007b" not in text:
        return _escape_text(text)
    tags = tags or {}
    out: list[str] = []
    open_hi: list[str] = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        token = m.group().translate(_FROM_TAG)
        xml = ""  # a placeholder without its tag is left out
        if token.startswith("{/") and open_hi and open_hi[-1] == token[2:]:
            open_hi.pop()
            xml = "</hi>"
        elif token in tags:
            xml = _tag_xml(tags[token]) or ""
            if xml and tags[token][0] == "hi":
                open_hi.append(token[1:])
        out.append(_escape_text(text[pos : m.start()]))
        out.append(xml)
        pos = m.end()
    out.append(_escape_text(text[pos:]))
    out.extend("</hi>" for _ in open_hi)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _well_formed(inner: str) -> bool:
    """True when a stored native code is well-formed XML content (checked, not trusted)."""
    try:
        etree.fromstring(f"<x>{inner}</x>")
    except etree.XMLSyntaxError:
        return False
    return True


def _tag_xml(record: Any) -> str | None:
    """One stored inline tag as XML, or None when the record is not a valid tag."""
    try:
        name, attrib, inner = record
        if name not in _PAIRED | _ALONE | {"hi"} or not isinstance(attrib, dict):
            return None
        start = f"<{name}{_attrs(sorted(attrib.items()))}"
        if name == "hi":
            return start + ">"
        if inner:
            if not _well_formed(inner):
                return None
            return f"{start}>{inner}</{name}>"
        return f"{start}/>"
    except (ValueError, TypeError, etree.XMLSyntaxError):
        return None
