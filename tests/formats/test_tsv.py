"""TSV: header variants, the aligner's output, escaping, BOM, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import FormatSuite

from tmtool.errors import EmptyInputError, FormatError
from tmtool.formats import read_units
from tmtool.formats.tsv import escape, read_blocks, unescape


class TestTsvConformance(FormatSuite):
    FORMAT = "tsv"
    SUFFIX = ".tsv"
    FIELDS = ("zh", "en", "doc", "date", "confidence", "position", "origin")
    BAD = (
        ("three fields, no header", "甲\t乙\t丙\n".encode(), r"raw\.tsv:1: expected a header"),
        ("short row", "zh\ten\tdoc\n中\tA\td\n中\tB\n".encode(), r":3: expected 3 fields, found 2"),
        ("long row", "中\tA\n中\tB\tx\n".encode(), r":2: expected 2 fields, found 3"),
        ("empty side", "zh\ten\n中文\t\n".encode(), r":2: empty en field"),
        ("confidence", "zh\ten\tconfidence\n中\tA\t1.5\n".encode(), r":2: bad confidence '1.5'"),
        ("confidence nan", "zh\ten\tconfidence\n中\tA\tabc\n".encode(), r":2: bad confidence"),
        ("date", "zh\ten\tdate\n中\tA\t2024-13-01\n".encode(), r":2: bad date '2024-13-01'"),
        ("position", "zh\ten\tposition\n中\tA\t-3\n".encode(), r":2: bad position '-3'"),
        ("origin", "zh\ten\torigin\n中\tA\tstolen\n".encode(), r":2: bad origin 'stolen'"),
        ("latin-1", "zh\ten\n中\tcaf".encode() + b"\xe9\n", r":2: not UTF-8 \(byte 0xe9"),
        ("binary", b"\x00\x01\xff\xfe\x00garbage\n", r":1: not UTF-8"),
    )


def read_text(tmp_path: Path, text: str, *, bom: bool = False) -> list:
    path = tmp_path / "in.tsv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return list(read_units(path))


@pytest.mark.parametrize(
    ("field", "escaped"),
    [
        ("a\tb", "a\\tb"),
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("a\\b", "a\\\\b"),
        ("a\\tb", "a\\\\tb"),  # a literal backslash followed by t
        ("\\", "\\\\"),
        ("plain 中文", "plain 中文"),
    ],
)
def test_escape_round_trip(field: str, escaped: str) -> None:
    assert escape(field) == escaped
    assert unescape(escaped) == field


def test_unknown_escape_keeps_the_backslash() -> None:
    assert unescape(r"C:\Users\x") == r"C:\Users\x"


@pytest.mark.parametrize("bom", [False, True])
def test_two_unnamed_columns(tmp_path: Path, bom: bool) -> None:
    units = read_text(tmp_path, "会议开始。\tThe meeting began.\n\n雨。\tRain.\n", bom=bom)
    assert [(u.zh, u.en) for u in units] == [
        ("会议开始。", "The meeting began."),
        ("雨。", "Rain."),
    ]
    assert units[0].origin == "imported" and units[0].doc is None


@pytest.mark.parametrize("bom", [False, True])
def test_header_in_any_order_and_case(tmp_path: Path, bom: bool) -> None:
    text = "EN\tDoc\tzh\tConfidence\tdate\tposition\torigin\nRain.\td1\t雨。\t0.5\t20240301T101500Z\t7\taligned\n"
    (u,) = read_text(tmp_path, text, bom=bom)
    assert (u.zh, u.en, u.doc, u.confidence, u.position, u.origin) == (
        "雨。",
        "Rain.",
        "d1",
        0.5,
        7,
        "aligned",
    )
    assert u.date == "2024-03-01T10:15:00Z"


def test_extra_named_columns_go_to_props(tmp_path: Path) -> None:
    (u,) = read_text(tmp_path, "zh\ten\tclient\n雨。\tRain.\tCQ office\n")
    assert u.props == {"client": "CQ office"}


def test_crlf_and_trailing_empty_fields(tmp_path: Path) -> None:
    units = read_text(tmp_path, "zh\ten\r\n雨。\tRain.\t\t\r\n")
    assert [(u.zh, u.en) for u in units] == [("雨。", "Rain.")]


ALIGNER = "zh\ten\tconfidence\tdocument\tbead\n雨。\tRain.\t0.93\t001\t1-1\n\tPhoto: Xinhua\t0.99\t001\t0-1\n第一。第二。\tFirst and second.\t0.71\t001\t2-1\n"


@pytest.mark.parametrize("header", [True, False])
def test_aligner_output(tmp_path: Path, header: bool) -> None:
    text = ALIGNER if header else ALIGNER.split("\n", 1)[1]
    units = read_text(tmp_path, text)
    assert [(u.zh, u.doc, u.confidence, u.props["bead"]) for u in units] == [
        ("雨。", "001", 0.93, "1-1"),
        ("第一。第二。", "001", 0.71, "2-1"),
    ]


def test_error_is_raised_while_streaming_after_good_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text("zh\ten\n甲\tA\n乙\tB\n丙\n", encoding="utf-8")
    reader = read_units(path)
    assert next(reader).zh == "甲"
    assert next(reader).zh == "乙"
    with pytest.raises(FormatError, match=r"in\.tsv:4: expected 2 fields, found 1"):
        next(reader)


def test_bom_written_on_request(tmp_path: Path) -> None:
    from tmtool.formats import write_units
    from tmtool.records import TranslationUnit

    path = tmp_path / "out.tsv"
    write_units([TranslationUnit(zh="雨。", en="Rain.")], path, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfzh\ten\t")
    assert [u.en for u in read_units(path)] == ["Rain."]


def test_unknown_format_lists_choices(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"unknown format 'xliff'; choose one of: .*tsv"):
        read_units(tmp_path / "a.tsv", format="xliff")


def test_unknown_extension_lists_choices(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"cannot tell the format from the extension '\.csv'"):
        read_units(tmp_path / "a.csv")


WHOLE_FILE_ERRORS = [
    ("empty", b"", EmptyInputError, r"in\.tsv: the file is empty"),
    ("blank lines", b"  \n\n\t\r\n", EmptyInputError, r"in\.tsv: the file is empty"),
    ("BOM only", b"\xef\xbb\xbf\n", EmptyInputError, r"in\.tsv: the file is empty"),
    ("UTF-16 LE", "zh\ten\n中\tA\n".encode("utf-16"), FormatError, r"in\.tsv:1: UTF-16"),
    ("UTF-16 BE", b"\xfe\xff" + "zh\ten\n".encode("utf-16-be"), FormatError, r"in\.tsv:1: UTF-16"),
    ("binary", bytes(range(256)) * 4, FormatError, r"in\.tsv:1: binary data"),
    ("NUL first line", b"\x00\x00\x00\x00\tELF\n", FormatError, r"in\.tsv:1: binary data"),
    ("CR line ends", "zh\ten\r中\tA\r".encode(), FormatError, r"in\.tsv:1: lines end in CR only"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "error", "message"),
    [case[1:] for case in WHOLE_FILE_ERRORS],
    ids=[case[0] for case in WHOLE_FILE_ERRORS],
)
def test_empty_binary_or_utf16_files_are_errors(tmp_path: Path, raw, error, message) -> None:
    # empty files used to import 0 units with exit 0; binary ones said "empty en field"
    path = tmp_path / "in.tsv"
    path.write_bytes(raw)
    with pytest.raises(error, match=message):
        list(read_units(path))
    with pytest.raises(error, match=message):
        for block in read_blocks(path):
            block.parse()


def test_a_header_alone_is_an_empty_table_not_an_error(tmp_path: Path) -> None:
    assert read_text(tmp_path, "zh\ten\tdoc\n") == []


# What `tmtool align --format tsv` writes: no header, beads as zh and en sentence indices.
ALIGNER_INDICES = (
    "\tHome > News\t1.00\t001\t[]:[0]\n"
    "雨。\tRain.\t0.93\t001\t[0]:[1]\n"
    "第一。第二。\tFirst and second.\t0.71\t001\t[1, 2]:[2]\n"
    "来源：重庆日报\t\t1.00\t001\t[3]:[]\n"
)


@pytest.mark.parametrize("header", [False, True])
def test_aligner_output_with_index_beads(tmp_path: Path, header: bool) -> None:
    # the aligner's own output was refused: "expected a header … found 5 field(s)"
    text = ("zh\ten\tconfidence\tdocument\tbead\n" if header else "") + ALIGNER_INDICES
    expected = [("雨。", "001", 0.93, "[0]:[1]"), ("第一。第二。", "001", 0.71, "[1, 2]:[2]")]
    units = read_text(tmp_path, text)
    assert [(u.zh, u.doc, u.confidence, u.props["bead"]) for u in units] == expected
    path = tmp_path / "in.tsv"
    parsed = [block.parse() for block in read_blocks(path)]
    assert [z for p in parsed for z in p["zh"]] == ["雨。", "第一。第二。"]


@pytest.mark.parametrize(
    "header",
    [
        "zh-CN\ten-US",
        "ZH_cn\tEN_gb",
        "zh-Hans\ten",
        "Chinese\tEnglish",
        "中文\t英文",
        "en-US\tzh-CN",
    ],
)
def test_a_header_of_language_codes_or_names_is_a_header(tmp_path: Path, header: str) -> None:
    # it was taken for a first pair: a unit "zh-CN" → "en-US" in the TM
    zh_first = header.split("\t")[0].lower().startswith(("zh", "chinese", "中"))
    row = "两江新区。\tLiangjiang New Area." if zh_first else "Liangjiang New Area.\t两江新区。"
    units = read_text(tmp_path, f"{header}\n{row}\n")
    assert [(u.zh, u.en) for u in units] == [("两江新区。", "Liangjiang New Area.")]
    path = tmp_path / "in.tsv"
    assert [z for b in read_blocks(path) for z in b.parse()["zh"]] == ["两江新区。"]


@pytest.mark.parametrize("position", ["99999999999999999999999", "9223372036854775808", "²", "¹²"])
def test_position_that_is_no_storable_whole_number(tmp_path: Path, position: str) -> None:
    # an OverflowError traceback at the SQLite insert, or int("²") raising ValueError
    path = tmp_path / "in.tsv"
    path.write_text(f"zh\ten\tposition\n雨。\tRain.\t{position}\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"in\.tsv:2: bad position"):
        list(read_units(path))
    with pytest.raises(FormatError, match=r"in\.tsv:2: bad position"):
        for block in read_blocks(path):
            block.parse()


def test_headerless_columns_in_the_wrong_order_are_an_error(tmp_path: Path) -> None:
    # English first without a header was imported as zh = English, en = Chinese
    path = tmp_path / "in.tsv"
    path.write_text("Liangjiang New Area.\t两江新区。\nRain.\t雨。\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"in\.tsv:1: .*Chinese.*header"):
        list(read_units(path))
    with pytest.raises(FormatError, match=r"in\.tsv:1: .*Chinese.*header"):
        for block in read_blocks(path):
            block.parse()
    path.write_text("en\tzh\nLiangjiang New Area.\t两江新区。\n", encoding="utf-8")
    assert [(u.zh, u.en) for u in read_units(path)] == [("两江新区。", "Liangjiang New Area.")]
    path.write_text("GDP\tGDP\n", encoding="utf-8")  # no Chinese on either side: as written
    assert [(u.zh, u.en) for u in read_units(path)] == [("GDP", "GDP")]
