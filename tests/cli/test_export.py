"""`tmtool export`: formats, filters, languages, and export → import round trips through the TM."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from lxml import etree

from tmtool.cli.app import app
from tmtool.formats import read_units
from tmtool.formats.tmx import strip_placeholders
from tmtool.records import TranslationUnit

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"
UNITS = [
    TranslationUnit(
        zh="重庆两江新区一季度实现地区生产总值739.5亿元。",
        en="Chongqing's Liangjiang New Area posted a GDP of 73.95 billion yuan in Q1.",
        doc="cq-017",
        position=0,
        date="2024-04-18",
        origin="aligned",
        confidence=0.93,
    ),
    TranslationUnit(
        zh="会议由市长主持。",
        en="The meeting was chaired by the mayor.",
        doc="cq-017",
        position=1,
        origin="aligned",
        confidence=0.41,
    ),
    TranslationUnit(
        zh="天气晴朗，气温\t适宜。",
        en="Fine weather,\nmild temperatures.",
        doc="cq-018",
        notes=("edited twice",),
    ),
]


@pytest.fixture
def filled_tm(tm_path: Path) -> Path:
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(UNITS)
        tm.add_units(read_units(FIXTURES / "memoq.tmx"))
        tm.add_units(read_units(FIXTURES / "trados.tmx"))
    return tm_path


def tm_units(path: Path) -> list[TranslationUnit]:
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(path, create=False) as tm:
        return [dataclasses.replace(u, id=None) for u in tm.units()]


def export(runner, tm_path: Path, *args: str):
    return runner.invoke(app, ["--tm", str(tm_path), "export", *args])


def reimport(runner, tmp_path: Path, *files: Path, fmt: str | None = None) -> Path:
    fresh = tmp_path / "again.sqlite"
    args = ["--tm", str(fresh), "import", *map(str, files)]
    if fmt:
        args += ["--format", fmt]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return fresh


def test_tmx_round_trip_through_the_tm_gives_the_same_units(runner, filled_tm, tmp_path) -> None:
    out = tmp_path / "tm.tmx"
    result = export(runner, filled_tm, str(out))
    assert result.exit_code == 0, result.output
    assert "exported 8 units as tmx" in result.stderr
    again = reimport(runner, tmp_path, out)
    assert tm_units(again) == tm_units(filled_tm)
    # the inline tags of the CAT tools' files are back as tags
    text = out.read_text(encoding="utf-8")
    assert '<bpt i="1" type="bold">{}</bpt>新能源汽车<ept i="1">{}</ept>' in text
    assert '<hi type="x-italic">40.2%</hi>' in text


def test_tsv_round_trip_keeps_the_tsv_fields(runner, filled_tm, tmp_path) -> None:
    out = tmp_path / "tm.tsv"
    assert export(runner, filled_tm, str(out)).exit_code == 0
    again = reimport(runner, tmp_path, out)
    fields = ("zh", "en", "doc", "position", "date", "origin", "confidence")
    pick = lambda units: [tuple(getattr(u, f) for f in fields) for u in units]  # noqa: E731
    assert pick(tm_units(again)) == pick(tm_units(filled_tm))


def test_moses_round_trip(runner, filled_tm, tmp_path) -> None:
    out = tmp_path / "corpus.zh"
    result = export(runner, filled_tm, str(out), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {"units": 8, "format": "moses", "files": [str(out), str(tmp_path / "corpus.en")]}
    again = tm_units(reimport(runner, tmp_path, out))
    flat = lambda s: " ".join(s.split())  # noqa: E731
    words = lambda u, s: flat(strip_placeholders(s))  # noqa: E731
    assert [(u.zh, u.en) for u in again] == [
        (words(u, u.zh), words(u, u.en)) for u in tm_units(filled_tm)
    ]
    assert "新能源汽车产量增长40.2%" in (tmp_path / "corpus.zh").read_text(encoding="utf-8")


def test_filters(runner, filled_tm, tmp_path) -> None:
    out = tmp_path / "f.tmx"
    assert export(runner, filled_tm, str(out), "--doc", "cq-017").exit_code == 0
    assert [u.zh for u in read_units(out)] == [UNITS[0].zh, UNITS[1].zh]
    assert (
        export(runner, filled_tm, str(out), "--doc", "cq-017", "--min-confidence", "0.5").exit_code
        == 0
    )
    assert [u.confidence for u in read_units(out)] == [0.93]


def test_languages_are_configurable(runner, filled_tm, tmp_path) -> None:
    out = tmp_path / "l.tmx"
    assert (
        export(runner, filled_tm, str(out), "--srclang", "zh-Hans", "--tgtlang", "en-GB").exit_code
        == 0
    )
    root = etree.parse(str(out)).getroot()
    assert root.find("header").get("srclang") == "zh-Hans"
    langs = {t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in root.iter("tuv")}
    assert langs == {"zh-Hans", "en-GB"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x.csv"], "cannot tell the format from the extension '.csv'"),
        (["x.tmx", "--format", "xliff"], "unknown format 'xliff'; choose one of: moses, tmx, tsv"),
        (["x.tsv", "--srclang", "zh-TW"], "--srclang and --tgtlang apply to TMX only"),
        (["x.tmx", "--srclang", "en-US"], "srclang 'en-US' is not a Chinese language code"),
        (["missing/x.tmx"], "the folder"),
    ],
)
def test_errors(runner, filled_tm, tmp_path, args, message) -> None:
    args = [str(tmp_path / args[0]), *args[1:]]
    result = export(runner, filled_tm, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert not (tmp_path / "x.tmx").exists()
    assert not list(tmp_path.glob(".*.part"))


def test_translate_toolkit_reads_the_export(runner, filled_tm, tmp_path) -> None:
    from translate.storage import tmx

    out = tmp_path / "tm.tmx"
    assert export(runner, filled_tm, str(out)).exit_code == 0
    store = tmx.tmxfile.parsefile(str(out))
    units = tm_units(filled_tm)
    assert len(store.units) == len(units)
    assert [u.source for u in store.units][:3] == [u.zh for u in UNITS]
    assert [u.target for u in store.units][:3] == [u.en for u in UNITS]


def test_bad_tmx_imports_nothing(runner, tm_path, tmp_path) -> None:
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(UNITS)
    bad = tmp_path / "bad.tmx"
    good = "".join(
        f'<tu><tuv xml:lang="zh"><seg>第{i}句。</seg></tuv><tuv xml:lang="en"><seg>Sentence {i}.</seg></tuv></tu>\n'
        for i in range(2500)
    )
    bad.write_text(
        f'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>\n{good}<tu><tuv>\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}:2504:")
    assert len(tm_units(tm_path)) == len(UNITS)


def test_matching_ignores_inline_tags(filled_tm) -> None:
    from tmtool.tm.fuzzy import search
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(filled_tm, create=False) as tm:
        (best, *_) = search(tm, "全市新能源汽车产量增长40.2%。", top=1)
        tagged = search(tm, "副市长李华出席开幕式并致辞。", top=1)
    assert best.score >= 99
    assert strip_placeholders(best.source) == "全市新能源汽车产量增长40.2%。"
    assert tagged and tagged[0].score >= 99


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("tm.sqlite", ["--format", "tsv"]),
        ("tm.sqlite", ["--format", "tmx"]),
        ("tm.sqlite-wal", ["--format", "tsv"]),
        ("link.tsv", []),  # a symbolic link to the TM
        ("tm.zh", []),  # Moses writes tm.zh and tm.en; the TM is tm.en
    ],
)
def test_export_never_overwrites_the_tm(runner, tmp_path: Path, name, args) -> None:
    from tmtool.tm.store import TranslationMemory

    tm_path = tmp_path / ("tm.en" if name == "tm.zh" else "tm.sqlite")
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(UNITS)
    if name == "link.tsv":
        (tmp_path / name).symlink_to(tm_path)
    before = tm_path.read_bytes()
    result = runner.invoke(app, ["--tm", str(tm_path), "export", str(tmp_path / name), *args])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and "translation memory" in result.stderr
    assert tm_path.read_bytes() == before
    with TranslationMemory.open(tm_path, create=False) as tm:
        assert tm.info().units == len(UNITS)
