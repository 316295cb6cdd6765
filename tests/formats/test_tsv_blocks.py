"""TSV blocks (an import's parallel reading): the same units and errors as the line reader."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tmtool.errors import FormatError
from tmtool.formats import read_batches
from tmtool.formats.tsv import read, read_blocks
from tmtool.records import Skipped, TranslationUnit
from tmtool.tm.columns import UnitColumns

FILES = [
    ("two columns", "中文一\tOne\n中文二\tTwo\n"),
    ("bom crlf blanks", "\ufeffzh\ten\r\n\r\n中\\t文\tA\\\\b\r\n  \n乙\tB\r\n"),
    (
        "header and props",
        "EN\tZH\tDocument\tdate\tnote\tposition\nA\t甲\td1\t2024-03-01\tx\t3\n"
        "B\t乙\t\t20240301T120000Z\t\t\nC\t丙\td2\t\tz\t12\n",
    ),
    ("trailing empty fields", "zh\ten\n甲\tA\t\t\n乙\tB\n"),
    ("aligner output", "甲\tA\t0.9\tdoc1\t1-1\n乙\tB\t0.5\tdoc1\t2-1\n丙\t\t0.1\tdoc1\t1-0\n"),
    (
        "aligner with header",
        "zh\ten\tconfidence\tdocument\tbead\n甲\tA\t0.9\td\t1-1\n\tB\t0\td\t0-1\n",
    ),
    ("origin and confidence", "zh\ten\torigin\tconfidence\n甲\tA\tedited\t1\n乙\tB\t\t\n"),
    ("no final newline", "zh\ten\n甲\tA\n乙\tB"),
    (
        "empty columns, spaces, a document",
        "zh\ten\tdoc\tdate\tposition\torigin\n 甲 \tA \t\t\t\t\n乙\t B\t d2 \t\t\t\n丙\tC\t \t\t\t\n",
    ),
    ("an empty column and a date", "zh\ten\tdoc\tdate\n甲\tA\t\t\n乙\tB\t\t2024-03-01\n"),
    ("a blank line", "zh\ten\n甲\tA\n\n乙\tB\n"),
]


def units_of(columns: UnitColumns) -> list[TranslationUnit]:
    n = len(columns)

    def col(name: str) -> list:
        values = getattr(columns, name)
        return [None] * n if values is None else values

    return [
        TranslationUnit(
            zh=zh, en=en, doc=doc, position=position, date=date, origin=origin or "imported",
            confidence=confidence, props=json.loads(props) if props else {},
        )
        for zh, en, doc, position, date, origin, confidence, props in zip(
            columns.zh, columns.en, col("doc"), col("position"), col("date"), col("origin"),
            col("confidence"), col("props"), strict=True,
        )
    ]  # fmt: skip


def block_units(path: Path, size: int) -> list[TranslationUnit]:
    return [u for block in read_blocks(path, size) for u in units_of(UnitColumns(**block.parse()))]


@pytest.mark.parametrize("size", [1, 5, 64, 1 << 19])
@pytest.mark.parametrize(("name", "text"), FILES, ids=[f[0] for f in FILES])
def test_blocks_give_the_units_of_the_line_reader(tmp_path, name, text, size):
    path = tmp_path / "in.tsv"
    path.write_bytes(text.encode("utf-8"))
    records = list(read(path))
    expected = [r for r in records if isinstance(r, TranslationUnit)]
    assert expected  # (each file has units)
    assert block_units(path, size) == expected
    # The records left out (one-sided beads) are counted alike.
    skipped = sum(UnitColumns(**block.parse()).skipped for block in read_blocks(path, size))
    assert skipped == sum(r.count for r in records if isinstance(r, Skipped))


def test_blocks_are_cut_at_line_ends_and_numbered(tmp_path):
    path = tmp_path / "in.tsv"
    path.write_text("zh\ten\n" + "".join(f"中{i}\tA {i}\n" for i in range(3000)), "utf-8")
    blocks = list(read_blocks(path, 1000))
    assert len(blocks) > 10
    assert all(b.data.endswith(b"\n") for b in blocks)
    assert blocks[0].first == 2
    for a, b in itertools.pairwise(blocks):
        assert b.first == a.first + a.data.count(b"\n")
    assert [u.en for u in block_units(path, 1000)] == [f"A {i}" for i in range(3000)]


BAD = [
    ("short row", "zh\ten\tdoc\n" + "中\tA\td\n" * 500 + "中\tB\n", r"in\.tsv:502: expected 3 fields"),
    ("empty side", "zh\ten\n" + "中\tA\n" * 700 + "中文\t \n", r"in\.tsv:702: empty en field"),
    ("date", "zh\ten\tdate\n" + "中\tA\t\n" * 300 + "中\tA\t2024-13-01\n", r":302: bad date"),
    ("latin-1", "zh\ten\n" + "中\tA\n" * 400 + "中\tcaf\udce9\n", r":402: not UTF-8 \(byte 0xe9 at column 8\)"),
    ("first line", "甲\t乙\t丙\n", r"in\.tsv:1: expected a header"),
    ("plain, empty zh", "zh\ten\tdoc\n" + "中\tA\t\n" * 30 + " \tB\t\n", r"in\.tsv:32: empty zh field"),
    ("plain, long row", "zh\ten\n" + "中\tA\n" * 30 + "中\tB\tC\n", r"in\.tsv:32: expected 2 fields"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_line_raises_with_its_line_number(tmp_path, name, text, message):
    path = tmp_path / "in.tsv"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(FormatError, match=message):
        list(read(path))
    with pytest.raises(FormatError, match=message):
        for block in read_blocks(path, 100):
            block.parse()


def test_read_batches_gives_blocks_for_tsv_only(tmp_path):
    tsv = tmp_path / "a.tsv"
    tsv.write_text("zh\ten\n甲\tA\n", "utf-8")
    (tmp_path / "a.zh").write_text("甲\n", "utf-8")
    (tmp_path / "a.en").write_text("A\n", "utf-8")
    assert [type(b).__name__ for b in read_batches(tsv)] == ["TsvBlock"]
    assert [u.zh for u in read_batches(tmp_path / "a.zh")] == ["甲"]
