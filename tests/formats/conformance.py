"""The conformance suite every exchange format passes (STYLE.md §6.3).

A format's test module subclasses :class:`FormatSuite` as ``TestXxxConformance`` and
sets ``FORMAT`` (a name in ``tmtool.formats.FORMATS``), ``FIELDS`` (the unit fields the
format carries), and ``BAD`` (raw inputs that must raise FormatError at a location).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import ClassVar

import pytest

from tmtool.errors import FormatError
from tmtool.formats import FORMATS, read_units, write_units
from tmtool.records import TranslationUnit

SAMPLE = [
    TranslationUnit(
        zh="重庆两江新区今年一季度实现地区生产总值739.5亿元。",
        en="Chongqing's Liangjiang New Area posted a GDP of 73.95 billion yuan in Q1.",
        doc="2024-cq-017",
        position=3,
        date="2024-04-18",
        origin="aligned",
        confidence=0.875,
    ),
    TranslationUnit(zh="会议由市长主持。", en="The meeting was chaired by the mayor."),
    TranslationUnit(
        zh="𠀀𪚥 扩展B区汉字，全角ＡＢＣ１２３，emoji 🚄",
        en="Ext-B ideographs, full-width letters, emoji 🚄 — “quotes” & <brackets>",
        doc="文档/甲",
        origin="edited",
        confidence=0.0,
    ),
    TranslationUnit(
        zh='反斜杠 \\ 和 \\t 字面量，"引号"',
        en="a literal backslash-t \\t, a backslash \\, 'single' and \"double\" quotes",
        confidence=1.0,
        position=0,
    ),
]

TRICKY = TranslationUnit(zh="第一行\n第二行\t制表", en="line one\nline two\ttab\r\nCRLF")


class FormatSuite:
    FORMAT: ClassVar[str]
    FIELDS: ClassVar[tuple[str, ...]]
    SUFFIX: ClassVar[str]
    KEEPS_LINE_BREAKS: ClassVar[bool] = True
    BAD: ClassVar[tuple[tuple[str, bytes, str], ...]] = ()  # (id, raw bytes, regex on the message)

    def path(self, tmp_path: Path, name: str = "units") -> Path:
        return tmp_path / f"{name}{self.SUFFIX}"

    def write_raw(self, tmp_path: Path, content: bytes) -> Path:
        path = self.path(tmp_path, "raw")
        path.write_bytes(content)
        return path

    def project(self, unit: TranslationUnit) -> dict:
        """The part of a unit this format carries (origin defaults to 'imported')."""
        full = dataclasses.asdict(unit)
        return {name: full[name] for name in self.FIELDS}

    def round_trip(self, tmp_path: Path, units: list[TranslationUnit], **options) -> list:
        path = self.path(tmp_path)
        assert write_units(units, path, format=self.FORMAT, **options) == len(units)
        return list(read_units(path, format=self.FORMAT))

    def test_registered_with_reader_and_writer(self) -> None:
        fmt = FORMATS[self.FORMAT]
        assert self.SUFFIX in fmt.extensions
        assert callable(fmt.read) and callable(fmt.write)

    def test_round_trip_keeps_the_fields_of_the_format(self, tmp_path: Path) -> None:
        back = self.round_trip(tmp_path, SAMPLE)
        assert [self.project(u) for u in back] == [self.project(u) for u in SAMPLE]

    def test_non_ascii_survives_byte_for_byte(self, tmp_path: Path) -> None:
        back = self.round_trip(tmp_path, [SAMPLE[2]])
        assert back[0].zh == SAMPLE[2].zh
        assert back[0].en == SAMPLE[2].en
        assert "\U00020000" in back[0].zh

    def test_line_breaks_and_tabs_inside_a_segment(self, tmp_path: Path) -> None:
        (back,) = self.round_trip(tmp_path, [TRICKY])
        if self.KEEPS_LINE_BREAKS:
            assert (back.zh, back.en) == (TRICKY.zh, TRICKY.en)
        else:
            assert "\n" not in back.zh + back.en and "\t" not in back.zh + back.en
            assert back.zh.split() == TRICKY.zh.split()
            assert back.en.split() == TRICKY.en.split()

    def test_extension_picks_the_format(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        write_units(SAMPLE, path)
        assert [u.zh for u in read_units(path)] == [u.zh for u in SAMPLE]

    def test_units_are_streamed_from_a_generator(self, tmp_path: Path) -> None:
        consumed = []

        def gen():
            for i in range(500):
                consumed.append(i)
                yield TranslationUnit(zh=f"第{i}句。", en=f"Sentence {i}.")

        path = self.path(tmp_path)
        assert write_units(gen(), path, format=self.FORMAT) == 500
        reader = read_units(path, format=self.FORMAT)
        first = next(iter(reader))
        assert first.en == "Sentence 0."
        assert sum(1 for _ in reader) == 499

    def test_no_units_writes_a_readable_empty_file(self, tmp_path: Path) -> None:
        assert self.round_trip(tmp_path, []) == []

    def test_missing_file_is_an_input_error(self, tmp_path: Path) -> None:
        from tmtool.errors import InputError

        with pytest.raises(InputError, match="no such file"):
            list(read_units(self.path(tmp_path, "absent"), format=self.FORMAT))

    def test_bad_input_names_file_and_line(self, tmp_path: Path) -> None:
        assert self.BAD, "a format must list bad inputs"
        for case_id, raw, pattern in self.BAD:
            path = self.write_raw(tmp_path, raw)
            with pytest.raises(FormatError) as info:
                list(read_units(path, format=self.FORMAT))
            message = str(info.value)
            assert message.startswith(str(path.parent)), (case_id, message)
            assert re.search(pattern, message), (case_id, message)
