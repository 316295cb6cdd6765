"""Reading hypothesis, reference and source–hypothesis files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmtool.errors import EncodingError, FormatError, InputError
from tmtool.score import read_lines, read_source_hypothesis


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        (b"a\nb\n", ["a", "b"]),
        (b"a\nb", ["a", "b"]),
        (b"a\r\nb\r\n", ["a", "b"]),
        (b"\xef\xbb\xbfa\n\nc\n", ["a", "", "c"]),  # BOM dropped, blank line kept as a segment
        (b"", []),
    ],
)
def test_read_lines(tmp_path: Path, raw: bytes, lines: list[str]) -> None:
    path = tmp_path / "h.txt"
    path.write_bytes(raw)
    assert read_lines(path) == lines


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_bytes(b"ok\ncaf\xe9\n")
    with pytest.raises(EncodingError, match=r"h\.txt:2: not UTF-8"):
        read_lines(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_lines(tmp_path / "nope.txt")


def test_source_hypothesis_tsv(tmp_path: Path) -> None:
    path = tmp_path / "h.tsv"
    path.write_text(
        "source\thypothesis\n会议开始。\tThe meeting\\tbegan.\n\n雨。\tRain.\n", encoding="utf-8"
    )
    assert read_source_hypothesis(path) == [
        ("会议开始。", "The meeting\tbegan."),
        ("雨。", "Rain."),
    ]


def test_source_hypothesis_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "h.tsv"
    path.write_text("雨。\tRain.\n只有一列\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"h\.tsv:2: expected 2 fields"):
        read_source_hypothesis(path)
