"""TMX 1.4b: the strict writer, the lenient reader, inline tags, hostile and broken files."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from conformance import SAMPLE, FormatSuite
from lxml import etree

from tmtool.errors import FormatError
from tmtool.formats import read_units, write_units
from tmtool.formats.tmx import (
    INLINE_PROP,
    ZH_LANG_PROP,
    classify_lang,
    placeholder,
    strip_placeholders,
    visible,
)
from tmtool.records import TranslationUnit

FIXTURES = Path(__file__).parent / "fixtures"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def tmx(body: str, header: str = '<header srclang="zh-CN"/>', version: str = "1.4") -> str:
    return f'{HEAD}<tmx version="{version}">\n{header}\n<body>\n{body}\n</body>\n</tmx>\n'


def tu(
    *tuvs: tuple[str, str], attrs: str = "", extra: str = "", lang_attr: str = "xml:lang"
) -> str:
    inner = "".join(f'<tuv {lang_attr}="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in tuvs)
    return f"<tu{attrs}>{extra}{inner}</tu>"


def read_str(tmp_path: Path, text: str | bytes, name: str = "in.tmx") -> list[TranslationUnit]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return list(read_units(path))


BILLION_LAUGHS = HEAD + textwrap.dedent(
    """\
    <!DOCTYPE tmx [
    <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
    <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
    <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
    <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
    <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
    <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
    <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
    ]>
    <tmx version="1.4"><header srclang="zh-CN"/><body>
    <tu><tuv xml:lang="zh-CN"><seg>&h;</seg></tuv><tuv xml:lang="en-US"><seg>&h;</seg></tuv></tu>
    </body></tmx>
    """
)


class TestTmxConformance(FormatSuite):
    FORMAT = "tmx"
    SUFFIX = ".tmx"
    FIELDS = ("zh", "en", "doc", "position", "date", "origin", "confidence")
    FIELDS += ("created", "changed", "user", "props", "notes")
    BAD = (
        (
            "malformed",
            tmx("<tu><tuv xml:lang='zh'><seg>甲</tuv></tu>").encode(),
            r"raw\.tmx:5:\d+: malformed XML: .*seg",
        ),
        (
            "not TMX",
            (HEAD + "<html>\n<body/></html>").encode(),
            r"raw\.tmx:2:1: not TMX: the root element is <html>",
        ),
        (
            "xliff",
            (HEAD + '<xliff version="1.2"/>').encode(),
            r"raw\.tmx:2:1: not TMX: the root element is <xliff>",
        ),
        (
            "truncated",
            tmx(tu(("zh", "甲"), ("en", "A")))[:-40].encode(),
            r"raw\.tmx:\d+:\d+: malformed XML",
        ),
        (
            "binary",
            b"\x00\x01\x02\xff\xfe binary junk",
            r"raw\.tmx:1:1: malformed XML: .*not an XML file",
        ),
        ("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", r"raw\.tmx:1:1: malformed XML"),
        ("empty", b"", r"raw\.tmx:1:1: the file is empty"),
        (
            "latin-1",
            tmx(tu(("zh", "甲"), ("en", "caf\xe9"))).encode("utf-8").replace(b"\xc3\xa9", b"\xe9"),
            r"raw\.tmx:5:\d+: malformed XML",
        ),
        (
            "entities",
            BILLION_LAUGHS.encode(),
            r"raw\.tmx:3:1: the DOCTYPE declares entities \(a, b, c",
        ),
    )

    def test_all_fields_round_trip(self, tmp_path: Path) -> None:
        unit = TranslationUnit(
            zh="雨。",
            en="Rain.",
            doc="d",
            position=4,
            date="2024-03-01",
            origin="edited",
            confidence=0.25,
            created="2024-03-01T08:00:00Z",
            changed="2024-03-02T09:30:00Z",
            user="editor",
            props={"x-client": "CQ", "x-note": "a", "x-note#2": "b", "zh:x-tuv-prop": "z"},
            notes=("one", "two"),
            changed_by="reviewer",
        )
        (back,) = self.round_trip(tmp_path, [unit])
        assert back == unit
        (alone,) = self.round_trip(tmp_path, [replace(unit, changed_by=None)])
        assert alone.changed_by is None and alone.user == "editor"


# ---------------------------------------------------------------------------- the writer


def test_writer_header_and_units_are_strict_tmx14(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    write_units(SAMPLE, path, srclang="zh-Hans", tgtlang="en-GB")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEAD + '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">')
    root = etree.parse(str(path)).getroot()
    header = root.find("header")
    required = (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    )
    assert all(header.get(a) for a in required)
    assert header.get("srclang") == "zh-Hans"
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))
    tus = root.findall("body/tu")
    assert [t.get("tuid") for t in tus] == ["1", "2", "3", "4"]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [[v.get(lang) for v in t.findall("tuv")] for t in tus] == [["zh-Hans", "en-GB"]] * 4
    props = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert props == {
        "x-document": "2024-cq-017",
        "x-confidence": "0.875",
        "x-origin": "aligned",
        "x-position": "3",
        "x-date": "2024-04-18",
    }


def test_writer_uses_the_unit_id_as_tuid_and_utc_dates(tmp_path: Path) -> None:
    unit = TranslationUnit(
        zh="雨。", en="Rain.", id=42, created="2024-03-01T16:00:00+08:00", changed="2024-03-02"
    )
    path = tmp_path / "out.tmx"
    write_units([unit], path)
    el = etree.parse(str(path)).getroot().find("body/tu")
    assert (el.get("tuid"), el.get("creationdate"), el.get("changedate")) == (
        "42",
        "20240301T080000Z",
        "20240302T000000Z",
    )


@pytest.mark.parametrize(
    ("option", "code"), [("srclang", "en-US"), ("tgtlang", "zh-CN"), ("srclang", "fr")]
)
def test_writer_refuses_languages_of_the_wrong_side(tmp_path: Path, option: str, code: str) -> None:
    with pytest.raises(FormatError, match=f"{option} '{code}' is not a"):
        write_units(SAMPLE, tmp_path / "out.tmx", **{option: code})


def test_characters_xml_forbids_are_dropped_and_the_file_stays_readable(tmp_path: Path) -> None:
    unit = TranslationUnit(zh="控制\x00字符\x07\x1b。\ufffe", en='bell\x08 & <tag> "q" \u0085\ttab')
    path = tmp_path / "out.tmx"
    write_units([unit], path)
    etree.parse(str(path))  # well-formed
    (back,) = read_units(path)
    assert back.zh == "控制字符。"
    assert back.en == 'bell & <tag> "q" \u0085\ttab'


def test_prop_types_are_written_back_unchanged(tmp_path: Path) -> None:
    unit = TranslationUnit(
        zh="雨。", en="Rain.", props={"client": "CQ", "bead": "1-1", "x-keep": "k"}
    )
    path = tmp_path / "out.tmx"
    write_units([unit], path)
    assert '<prop type="client">CQ</prop>' in path.read_text(encoding="utf-8")
    (back,) = read_units(path)
    assert back.props == unit.props


def test_writer_streams_without_holding_units(tmp_path: Path) -> None:
    import tracemalloc

    def units(n: int):
        for i in range(n):
            yield TranslationUnit(
                zh=f"第{i}条新闻稿的句子。" * 5, en=f"Sentence {i} of a press release. " * 5
            )

    tracemalloc.start()
    write_units(units(5_000), tmp_path / "big.tmx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (tmp_path / "big.tmx").stat().st_size > 2_500_000
    assert peak < 3_000_000, peak  # holding the units alone would take more


def test_reader_clears_units_as_it_goes(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "big.tmx"
    units = (TranslationUnit(zh=f"第{i}句。" * 20, en=f"Sentence {i}. " * 20) for i in range(5_000))
    write_units(units, path)
    tracemalloc.start()
    count = sum(1 for _ in read_units(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 5_000
    # the 5,000 units alone take 4.7 MB; lxml's C tree is not traced: bench/exchange.py checks RSS
    assert peak < 3_000_000, peak


# ---------------------------------------------------------------------------- the reader


@pytest.mark.parametrize(
    ("code", "side", "traditional"),
    [
        ("zh", "zh", False),
        ("zh-CN", "zh", False),
        ("ZH-CN", "zh", False),
        ("zh_cn", "zh", False),
        ("zh-Hans", "zh", False),
        ("zh-Hans-HK", "zh", False),
        ("zh-SG", "zh", False),
        ("zh-TW", "zh", True),
        ("ZH-HK", "zh", True),
        ("zh-Hant", "zh", True),
        ("zh-Hant-HK", "zh", True),
        ("zh-MO", "zh", True),
        ("en", "en", False),
        ("EN-US", "en", False),
        ("en-GB", "en", False),
        ("en-gb", "en", False),
        ("fr-FR", None, False),
        ("", None, False),
        (None, None, False),
        ("english", None, False),
    ],
)
def test_language_codes(code: str | None, side: str | None, traditional: bool) -> None:
    assert classify_lang(code) == (side, traditional)


@pytest.mark.parametrize("zh_code", ["zh", "zh-CN", "ZH-CN", "zh-cn", "zh-Hans", "zh-SG"])
@pytest.mark.parametrize("en_code", ["en", "EN-US", "en-GB", "en-us"])
def test_any_case_and_subtag_is_read(tmp_path: Path, zh_code: str, en_code: str) -> None:
    (u,) = read_str(tmp_path, tmx(tu((zh_code, "雨。"), (en_code, "Rain."))))
    assert (u.zh, u.en) == ("雨。", "Rain.")
    assert ZH_LANG_PROP not in u.props


@pytest.mark.parametrize(
    ("declared", "codec", "prefix"),
    [("UTF-16", "utf-16", b""), ("UTF-8", "utf-8", b"\xef\xbb\xbf"), ("GB18030", "gb18030", b"")],
)
def test_declared_encodings_and_bom(
    tmp_path: Path, declared: str, codec: str, prefix: bytes
) -> None:
    text = tmx(tu(("zh", "雨。"), ("en", "Rain."))).replace(
        'encoding="UTF-8"', f'encoding="{declared}"'
    )
    (u,) = read_str(tmp_path, prefix + text.encode(codec))
    assert (u.zh, u.en) == ("雨。", "Rain.")


def test_srclang_all_tmx11_lang_and_tuvs_in_any_order(tmp_path: Path) -> None:
    body = tu(("EN-US", "Rain."), ("ZH-CN", "雨。"), lang_attr="lang")
    (u,) = read_str(
        tmp_path, tmx(body, header='<header srclang="*all*" adminlang="en"/>', version="1.1")
    )
    assert (u.zh, u.en) == ("雨。", "Rain.")


def test_header_with_no_attributes_at_all(tmp_path: Path) -> None:
    (u,) = read_str(tmp_path, tmx(tu(("zh", "雨。"), ("en", "Rain.")), header="<header/>"))
    assert u.en == "Rain."


def test_no_header_no_body_wrapper_still_reads_units(tmp_path: Path) -> None:
    text = HEAD + '<tmx version="1.4">' + tu(("zh", "雨。"), ("en", "Rain.")) + "</tmx>"
    assert [u.en for u in read_str(tmp_path, text)] == ["Rain."]


def test_many_languages_take_zh_en_and_skip_units_without_both(tmp_path: Path) -> None:
    body = "\n".join(
        [
            tu(
                ("de-DE", "Regen."),
                ("zh-TW", "雨。繁"),
                ("zh-CN", "雨。"),
                ("fr-FR", "Pluie."),
                ("en-GB", "Rain."),
            ),
            tu(("zh-CN", "风。"), ("fr-FR", "Vent.")),
            tu(("en-US", "Snow."), ("de-DE", "Schnee.")),
            tu(("zh-CN", "雪。"), ("en-US", "")),
            tu(("zh-Hant-HK", "颱風。"), ("en-US", "Typhoon.")),
        ]
    )
    units = read_str(tmp_path, tmx(body, header='<header srclang="*all*"/>'))
    assert [(u.zh, u.en) for u in units] == [("雨。", "Rain."), ("颱風。", "Typhoon.")]
    assert ZH_LANG_PROP not in units[0].props
    assert units[1].props == {ZH_LANG_PROP: "zh-Hant-HK"}


def test_traditional_unit_is_written_back_with_its_code(tmp_path: Path) -> None:
    (u,) = read_str(tmp_path, tmx(tu(("zh-TW", "颱風。"), ("en-US", "Typhoon."))))
    out = tmp_path / "out.tmx"
    write_units([u], out)
    assert '<tuv xml:lang="zh-TW">' in out.read_text(encoding="utf-8")
    assert list(read_units(out)) == [u]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20240301T101500Z", "2024-03-01T10:15:00Z"),
        ("20240301T101500", "2024-03-01T10:15:00Z"),
        ("2024-03-01T10:15:00Z", "2024-03-01T10:15:00Z"),
        ("2024-03-01T18:15:00+08:00", "2024-03-01T10:15:00Z"),
        ("2024-03-01 10:15:00", "2024-03-01T10:15:00Z"),
        ("2024-03-01", "2024-03-01"),
        ("yesterday", None),
        ("20241301T000000Z", None),
    ],
)
def test_tmx_and_iso_dates(tmp_path: Path, raw: str, expected: str | None) -> None:
    (u,) = read_str(
        tmp_path, tmx(tu(("zh", "雨。"), ("en", "Rain."), attrs=f' creationdate="{raw}"'))
    )
    assert u.created == expected
    assert u.props == ({} if expected else {"x-bad-creationdate": raw})


def test_notes_props_and_field_props(tmp_path: Path) -> None:
    extra = (
        '<note>checked</note><prop type="x-document">cq-1</prop><prop type="x-confidence">0.7</prop>'
        '<prop type="x-origin">aligned</prop><prop type="x-position">12</prop><prop type="x-date">20240301T000000Z</prop>'
        '<prop type="x-Client">CQ</prop><prop type="x-Client">Office</prop><prop type="empty"/><note>twice</note>'
    )
    (u,) = read_str(tmp_path, tmx(tu(("zh", "雨。"), ("en", "Rain."), extra=extra)))
    assert (u.doc, u.confidence, u.origin, u.position, u.date) == (
        "cq-1",
        0.7,
        "aligned",
        12,
        "2024-03-01T00:00:00Z",
    )
    assert u.props == {"x-Client": "CQ", "x-Client#2": "Office", "empty": ""}
    assert u.notes == ("checked", "twice")


@pytest.mark.parametrize(
    ("prop", "value"),
    [
        ("x-confidence", "1.5"),
        ("x-confidence", "high"),
        ("x-origin", "TM"),
        ("x-position", "-1"),
        ("x-date", "soon"),
    ],
)
def test_field_props_that_do_not_fit_stay_props(tmp_path: Path, prop: str, value: str) -> None:
    extra = f'<prop type="{prop}">{value}</prop>'
    (u,) = read_str(tmp_path, tmx(tu(("zh", "雨。"), ("en", "Rain."), extra=extra)))
    assert u.props == {prop: value}
    assert u.origin == "imported"


def test_comments_processing_instructions_and_namespaced_elements_are_harmless(
    tmp_path: Path,
) -> None:
    body = "<!-- c --><?pi x?>" + tu(("zh", "雨<!-- inner -->。"), ("en", "Ra<?pi?>in."))
    (u,) = read_str(tmp_path, tmx(body))
    assert (u.zh, u.en) == ("雨。", "Rain.")


# ---------------------------------------------------------------------------- inline tags


@pytest.mark.parametrize(
    ("seg", "text"),
    [
        ('A<bpt i="1">&lt;b&gt;</bpt>B<ept i="1">&lt;/b&gt;</ept>C', "A{1}B{/1}C"),
        ('A<ph x="1"/>B<it pos="end" x="2">&lt;/i&gt;</it>C<ut>x</ut>', "A{1/}B{2/}C{3/}"),
        ('<hi type="bold">粗<ph/>体</hi>字', "{1}粗{2/}体{/1}字"),
        ('<bpt i="7"/>x<bpt i="8"/>y<ept i="8"/>z<ept i="7"/>', "{1}x{2}y{/2}z{/1}"),
        ('<ept i="9"/>orphan end', "{/1}orphan end"),
        ('literal {1} and <ph x="1"/>', "literal {1} and {1/}"),
        ("<ph>&lt;sub&gt;<sub>footnote 脚注</sub></ph>end", "{1/}end"),
        ("<foreign>kept text</foreign>", "kept text"),
    ],
)
def test_inline_tags_become_placeholders_and_come_back(tmp_path: Path, seg: str, text: str) -> None:
    (u,) = read_str(tmp_path, tmx(tu(("zh-CN", seg), ("en-US", "Plain."))))
    assert visible(u.zh) == text
    assert placeholder("{1}") not in text
    out = tmp_path / "out.tmx"
    write_units([u], out)
    written = etree.parse(str(out)).getroot().find("body/tu/tuv/seg")
    original = etree.fromstring(f"<seg>{seg}</seg>")
    if "foreign" not in seg:
        assert _canonical(written) == _canonical(original)
    assert list(read_units(out)) == [u]


def _canonical(seg: etree._Element) -> str:
    for el in seg.iter():
        if len(el.attrib):
            items = sorted(el.attrib.items())
            el.attrib.clear()
            el.attrib.update(items)
    seg.tail = None
    return etree.tostring(seg, encoding="unicode")


def test_placeholders_are_invisible_tag_characters() -> None:
    text = (
        "记者从"
        + placeholder("{1}")
        + "市商务委"
        + placeholder("{/1}")
        + "获悉"
        + placeholder("{2/}")
        + "。"
    )
    assert placeholder("{1}") == "\U000e007b\U000e0031\U000e007d"
    assert visible(text) == "记者从{1}市商务委{/1}获悉{2/}。"
    assert strip_placeholders(text) == "记者从市商务委获悉。"
    assert strip_placeholders(placeholder("{10}") + "a" + placeholder("{/10}{11/}")) == "a"
    assert strip_placeholders("{1} {x} {} {1") == "{1} {x} {} {1"  # ASCII is text
    assert all(unicodedata.category(c) == "Cf" for c in placeholder("{12/}"))


def test_ascii_braces_are_always_text(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    write_units([TranslationUnit(zh="见{1}。", en="See {1}.")], path)
    assert "<seg>见{1}。</seg>" in path.read_text(encoding="utf-8")
    (u,) = read_units(path)
    assert (u.zh, u.props) == ("见{1}。", {})


def test_placeholders_without_a_valid_stored_tag_are_left_out(tmp_path: Path) -> None:
    tags = {"zh": {"{1/}": ["ph", {}, "<unclosed"], "{2/}": ["script", {}, ""], "{3/}": "junk"}}
    zh = (
        "a"
        + placeholder("{1/}")
        + "b"
        + placeholder("{2/}")
        + "c"
        + placeholder("{3/}")
        + placeholder("{4/}")
    )
    unit = TranslationUnit(zh=zh, en="x", props={INLINE_PROP: json.dumps(tags)})
    path = tmp_path / "out.tmx"
    write_units([unit], path)
    etree.parse(str(path))
    assert "<seg>abc</seg>" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- fixtures of CAT tools


def test_omegat_fixture(tmp_path: Path) -> None:
    units = list(read_units(FIXTURES / "omegat.tmx"))
    assert len(units) == 3  # the fourth, untranslated, has no English
    assert units[0].zh.startswith("重庆两江新区") and units[0].en.endswith("year on year.")
    assert (units[0].created, units[0].user) == ("2024-04-18T02:15:03Z", "cq-translator")
    assert visible(units[1].zh) == "记者从{1}市商务委{/1}获悉，全市社会消费品零售总额达2456亿元。"
    assert visible(units[1].en).endswith(
        "the {1}Chongqing Municipal Commission of Commerce{/1} said.{2/}"
    )
    assert units[2].props["file"] == "press/2024-031.docx"
    assert units[2].notes == ("Checked against the English release on the city portal.",)
    # created by the translator, changed by the editor: both kept
    assert (units[2].user, units[2].changed_by) == ("cq-translator", "cq-editor")
    assert units[2].changed == "2024-04-19T08:00:00Z"


def test_trados_fixture(tmp_path: Path) -> None:
    units = list(read_units(FIXTURES / "trados.tmx"))
    assert [visible(u.zh) for u in units] == [
        "副市长{1}李华{/1}出席开幕式并致辞。",
        "详见{1/}附件{2/}一。",
        "先写英文：译文单元的顺序不限。",
    ]
    first = units[0]
    assert first.props["x-Origin"] == "TM" and first.origin == "imported"
    assert first.props["x-Client:SinglePicklist"] == "Chongqing News Office"
    assert (first.created, first.changed, first.user, first.changed_by) == (
        "2024-03-01T08:15:12Z",
        "2024-03-02T10:10:10Z",
        "CQNEWS\\editor",
        "CQNEWS\\reviewer",
    )


def test_memoq_fixture(tmp_path: Path) -> None:
    units = list(read_units(FIXTURES / "memoq.tmx"))
    assert [u.doc for u in units] == ["cq-2024-0311.docx"] * 2
    assert visible(units[0].zh) == "全市{1}新能源汽车{/1}产量增长{2}40.2%{/2}。"
    assert units[0].props["client"] == "Chongqing News Office"
    assert units[0].props["x-context-pre"] == "<seg>重庆日报讯</seg>"


@pytest.mark.parametrize("name", ["omegat", "trados", "memoq"])
def test_fixture_export_keeps_text_tags_and_metadata(tmp_path: Path, name: str) -> None:
    units = list(read_units(FIXTURES / f"{name}.tmx"))
    out = tmp_path / "out.tmx"
    write_units(units, out)
    back = list(read_units(out))
    assert [u.props for u in back] == [u.props for u in units]
    strip = [
        (u.zh, u.en, u.created, u.changed, u.user, u.changed_by, u.notes, u.doc) for u in units
    ]
    assert [
        (u.zh, u.en, u.created, u.changed, u.user, u.changed_by, u.notes, u.doc) for u in back
    ] == strip

    # the native codes come back in the segments, attribute for attribute
    def codes(path: Path) -> list[str]:
        root = etree.parse(str(path)).getroot()
        return sorted(_canonical(e) for e in root.iter("bpt", "ept", "ph", "it", "hi"))

    assert codes(out) == codes(FIXTURES / f"{name}.tmx")


def test_translate_toolkit_reads_our_tmx(tmp_path: Path) -> None:
    from translate.storage import tmx as ttk_tmx

    path = tmp_path / "out.tmx"
    units = [*SAMPLE, *read_units(FIXTURES / "memoq.tmx")]
    write_units(units, path)
    store = ttk_tmx.tmxfile.parsefile(str(path))
    assert store.sourcelanguage == "zh-CN"
    got = [(u.source, u.target) for u in store.units]
    assert len(got) == len(units)
    assert got[: len(SAMPLE)] == [(u.zh, u.en) for u in SAMPLE]
    # translate-toolkit shows a tag's native code: the text around the tags is ours
    assert got[-1] == ("来福士广场位于朝天门。", "Raffles City stands at Chaotianmen.")
    assert got[-2][0] == "全市{}新能源汽车{}产量增长40.2%。"
    assert [u.getnotes() for u in store.units[:1]] == [""]


# ---------------------------------------------------------------------------- bad and hostile files


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            HEAD
            + '<tmx version="1.4">\n<body>\n<tu>\n<tuv xml:lang="zh"><seg>a</seg></tuv>\n</body>',
            "6:8",
        ),
        (
            HEAD + '<tmx version="1.4">\n  <body><tu><tuv xml:lang="zh"><seg>a &nbsp; b</seg>',
            "3:45",
        ),
        (
            HEAD
            + '<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="zh"><seg>a</seg></tuv></tu>\n<tu',
            "5:4",
        ),
    ],
)
def test_syntax_errors_give_line_and_column(tmp_path: Path, text: str, where: str) -> None:
    with pytest.raises(FormatError) as info:
        read_str(tmp_path, text)
    assert str(info.value).startswith(f"{tmp_path / 'in.tmx'}:{where}: malformed XML"), str(
        info.value
    )


def test_an_error_after_good_units_is_raised_while_streaming(tmp_path: Path) -> None:
    good = "\n".join(tu(("zh", f"第{i}句。"), ("en", f"Sentence {i}.")) for i in range(3))
    path = tmp_path / "in.tmx"
    path.write_text(tmx(good + "\n<tu><tuv xml:lang='zh'><seg>坏</tu>"), encoding="utf-8")
    reader = read_units(path)
    assert next(reader).en == "Sentence 0."
    with pytest.raises(
        FormatError, match=r"in\.tmx:8:\d+: malformed XML: Opening and ending tag mismatch"
    ):
        list(reader)


def _run_isolated(code: str, tmp_path: Path, limit_mb: int = 1024) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with an address-space limit and a generous timeout."""
    prelude = f"import resource\nresource.setrlimit(resource.RLIMIT_AS, ({limit_mb} << 20, {limit_mb} << 20))\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_billion_laughs_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    (tmp_path / "laughs.tmx").write_text(BILLION_LAUGHS, encoding="utf-8")
    code = textwrap.dedent(
        """\
        from tmtool.errors import FormatError
        from tmtool.formats import read_units
        try:
            list(read_units("laughs.tmx"))
        except FormatError as exc:
            print("refused:", exc)
        # VmHWM is this process's own peak; ru_maxrss would carry over the parent's at fork
        status = open("/proc/self/status").read()
        print("peak_kb", status.split("VmHWM:")[1].split()[0])
        """
    )
    done = _run_isolated(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "refused: laughs.tmx:3:1: the DOCTYPE declares entities" in done.stdout
    assert int(done.stdout.split("peak_kb")[1]) < 200_000


def test_entity_in_an_attribute_is_refused_too(tmp_path: Path) -> None:
    text = BILLION_LAUGHS.replace('<tmx version="1.4">', '<tmx version="1.4" x="&h;">')
    with pytest.raises(FormatError, match=r"in\.tmx:\d+:\d+: "):
        read_str(tmp_path, text)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
@pytest.mark.parametrize("kind", ["external entity", "external DTD"])
def test_no_file_is_read_through_the_doctype(tmp_path: Path, kind: str) -> None:
    # A FIFO with no writer blocks whoever opens it: if the parser touched it, the
    # child process would hang until the timeout and the test would fail.
    fifo = tmp_path / "secret.fifo"
    os.mkfifo(fifo)
    units = tu(("zh", "雨。"), ("en", "Rain."))
    if kind == "external entity":
        doctype = f'<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{fifo}">]>\n'
        units = tu(("zh", "&xxe;"), ("en", "Rain."))
    else:
        doctype = f'<!DOCTYPE tmx SYSTEM "file://{fifo}">\n'
    (tmp_path / "x.tmx").write_text(
        HEAD + doctype + tmx(units).removeprefix(HEAD), encoding="utf-8"
    )
    code = textwrap.dedent(
        """\
        from tmtool.errors import FormatError
        from tmtool.formats import read_units
        try:
            print("units:", [u.en for u in read_units("x.tmx")])
        except FormatError as exc:
            print("refused:", exc)
        """
    )
    done = _run_isolated(code, tmp_path)
    assert done.returncode == 0, done.stderr
    if kind == "external entity":
        assert "refused: x.tmx:2:" in done.stdout and "declares entities (xxe)" in done.stdout
    else:
        assert "units: ['Rain.']" in done.stdout


def test_no_network_access_for_a_dtd(tmp_path: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    port = server.getsockname()[1]
    try:
        doctype = f'<!DOCTYPE tmx SYSTEM "http://127.0.0.1:{port}/tmx14.dtd">\n'
        units = read_str(
            tmp_path, HEAD + doctype + tmx(tu(("zh", "雨。"), ("en", "Rain."))).removeprefix(HEAD)
        )
        assert [u.en for u in units] == ["Rain."]
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()


@pytest.mark.parametrize(
    ("tuvs", "found"),
    [
        ([("fr-FR", "Pluie."), ("de-DE", "Regen.")], "de-DE, fr-FR"),
        ([("zh-CN", "雨。")], "zh-CN"),
        ([("ja", "雨。"), ("en-US", "Rain.")], "en-US, ja"),
        ([("zh-CN", ""), ("en-US", "Rain.")], "en-US, zh-CN"),
        ([("", "雨。"), ("", "Rain.")], "(none)"),
    ],
)
def test_a_file_without_any_zh_en_unit_is_an_error(tmp_path: Path, tuvs, found) -> None:
    # imported 0 units, "0 skipped", exit 0: a TMX of other languages looked like success
    with pytest.raises(
        FormatError,
        match=r"in\.tmx: no unit has both a Chinese and an English"
        rf" segment \(3 unit\(s\); languages: {re.escape(found)}\)",
    ):
        read_str(tmp_path, tmx("\n".join([tu(*tuvs)] * 3)))


def test_units_without_both_sides_next_to_good_ones_are_skipped_quietly(tmp_path: Path) -> None:
    units = read_str(tmp_path, tmx(tu(("fr", "Pluie.")) + tu(("zh", "雨。"), ("en", "Rain."))))
    assert [u.en for u in units] == ["Rain."]
    assert read_str(tmp_path, tmx("")) == []  # no unit at all: an empty TM's export


@pytest.mark.parametrize("position", ["99999999999999999999999", "²", "7"])
def test_x_position_that_is_no_storable_whole_number_stays_a_prop(tmp_path: Path, position) -> None:
    extra = f'<prop type="x-position">{position}</prop>'
    [unit] = read_str(tmp_path, tmx(tu(("zh", "雨。"), ("en", "Rain."), extra=extra)))
    if position == "7":
        assert unit.position == 7
    else:
        assert unit.position is None and unit.props["x-position"] == position
