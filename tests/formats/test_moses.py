"""Moses: two line-aligned files, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import FormatSuite

from tmtool.errors import FormatError
from tmtool.formats import read_units, write_units
from tmtool.formats.moses import pair_paths
from tmtool.records import TranslationUnit


class TestMosesConformance(FormatSuite):
    FORMAT = "moses"
    SUFFIX = ".zh"
    FIELDS = ("zh", "en")
    KEEPS_LINE_BREAKS = False
    BAD = (
        ("latin-1 zh", "中\n".encode() + b"caf\xe9\n", r"raw\.zh:2: not UTF-8"),
        ("unequal", "甲\n乙\n丙\n".encode(), r"raw\.zh: 3 lines, but .*raw\.en has 2"),
    )

    def write_raw(self, tmp_path: Path, content: bytes) -> Path:
        zh, en = pair_paths(tmp_path / "raw")
        zh.write_bytes(content)
        en.write_bytes(b"A\nB\n")
        return zh


@pytest.mark.parametrize("given", ["corpus.zh", "corpus.en", "corpus"])
def test_either_file_or_the_stem_finds_the_pair(tmp_path: Path, given: str) -> None:
    (tmp_path / "corpus.zh").write_text("雨。\n风。\n", encoding="utf-8")
    (tmp_path / "corpus.en").write_text("Rain.\nWind.\n", encoding="utf-8")
    units = list(read_units(tmp_path / given, format="moses"))
    assert [(u.zh, u.en) for u in units] == [("雨。", "Rain."), ("风。", "Wind.")]


def test_writes_both_files_line_aligned(tmp_path: Path) -> None:
    units = [
        TranslationUnit(zh="雨。", en="Rain."),
        TranslationUnit(zh="风\n大。", en="Strong\nwind."),
    ]
    assert write_units(units, tmp_path / "out.zh") == 2
    assert (tmp_path / "out.zh").read_text(encoding="utf-8") == "雨。\n风 大。\n"
    assert (tmp_path / "out.en").read_text(encoding="utf-8") == "Rain.\nStrong wind.\n"


def test_blank_pairs_skipped_and_missing_final_newline_counted(tmp_path: Path) -> None:
    (tmp_path / "c.zh").write_text("甲\n\n丙", encoding="utf-8")
    (tmp_path / "c.en").write_text("A\nB\nC", encoding="utf-8")
    assert [u.en for u in read_units(tmp_path / "c.zh")] == ["A", "C"]


def test_unequal_counts_fail_before_any_unit(tmp_path: Path) -> None:
    (tmp_path / "c.zh").write_text("甲\n乙\n", encoding="utf-8")
    (tmp_path / "c.en").write_text("A\n", encoding="utf-8")
    with pytest.raises(
        FormatError, match=r"c\.zh: 2 lines, but .*c\.en has 1: Moses files must be line-aligned"
    ):
        read_units(tmp_path / "c.zh")


def test_missing_partner(tmp_path: Path) -> None:
    from tmtool.errors import InputError

    (tmp_path / "c.zh").write_text("甲\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.en: no such file"):
        read_units(tmp_path / "c.zh")


def test_inline_tag_placeholders_are_left_out_but_literal_braces_stay(tmp_path: Path) -> None:
    from tmtool.formats.tmx import placeholder as ph

    units = [
        TranslationUnit(
            zh=f"全市{ph('{1}')}新能源汽车{ph('{/1}')}产量{ph('{2/}')}",
            en=f"{ph('{1}')}NEVs{ph('{/1}')} up",
        ),
        TranslationUnit(zh="公式{1}不是标签", en="formula {1} is text"),
    ]
    write_units(units, tmp_path / "t.zh")
    assert (tmp_path / "t.zh").read_text(
        encoding="utf-8"
    ) == "全市新能源汽车产量\n公式{1}不是标签\n"
    assert (tmp_path / "t.en").read_text(encoding="utf-8") == "NEVs up\nformula {1} is text\n"
