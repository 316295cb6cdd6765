"""`tmtool concord`: KWIC output, JSON shape, --not, --side, --doc, --since, --limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tmtool.cli.app import app

ROWS = [
    ("两江新区今年新签约项目23个。", "Liangjiang New Area signed 23 new projects this year.", "doc-a", "2024-03-01"),
    ("两江新区的汽车产量增长了12%。", "Car output in Liangjiang New Area grew 12 percent.", "doc-a", "2024-03-01"),
    ("两江新区举办了招商推介会。", "Liangjiang New District held an investment promotion fair.", "doc-b", "2021-05-10"),
    ("果园港新开通了一条航线。", "Guoyuan Port opened a new shipping route.", "doc-b", "2021-05-10"),
]  # fmt: skip


@pytest.fixture
def built(runner, tm_path: Path, tmp_path: Path) -> Path:
    src = tmp_path / "units.tsv"
    src.write_text(
        "zh\ten\tdoc\tdate\n" + "".join("\t".join(r) + "\n" for r in ROWS), encoding="utf-8"
    )
    assert runner.invoke(app, ["--tm", str(tm_path), "import", str(src)]).exit_code == 0
    return tm_path


def concord(runner, tm_path, *args, code=0):
    result = runner.invoke(app, ["--tm", str(tm_path), "concord", *args])
    assert result.exit_code == code, result.output
    return result


def test_json_shape(runner, built):
    data = json.loads(concord(runner, built, "两江", "--json").stdout)
    assert set(data) >= {"term", "total", "hits", "renderings"}
    assert (data["term"], data["total"], len(data["hits"])) == ("两江", 3, 3)
    assert all({"text", "count"} <= set(r) for r in data["renderings"])
    hit = data["hits"][0]
    start, end = hit["spans"][0]
    assert hit["source"][start:end] == "两江"


def test_kwic_lines_and_renderings(runner, built):
    result = concord(runner, built, "两江新区")
    assert "3 unit(s)" in result.stderr
    lines = result.stdout.splitlines()
    assert any("两江新区" in line and "新签约项目" in line for line in lines)
    assert any("Liangjiang New District" in line for line in lines)
    assert lines[-1].startswith("renderings: ")


def test_not(runner, built):
    data = json.loads(
        concord(runner, built, "两江新区", "--not", "Liangjiang New Area", "--json").stdout
    )
    assert data["total"] == 1 and data["hits"][0]["target"].startswith("Liangjiang New District")


def test_english_side_and_both(runner, built):
    assert json.loads(concord(runner, built, "new area", "--json").stdout)["total"] == 2
    assert json.loads(concord(runner, built, "港", "--side", "en", "--json").stdout)["total"] == 0
    assert (
        json.loads(concord(runner, built, "Port", "--side", "both", "--json").stdout)["total"] == 1
    )


def test_english_phrases_plain_and_literal(runner, built):
    # ROWS hold "Liangjiang New Area" twice and "Liangjiang New District" once.
    assert json.loads(concord(runner, built, "liangjiang new", "--json").stdout)["total"] == 3
    assert json.loads(concord(runner, built, "Liangjiang-New", "--json").stdout)["total"] == 0
    data = json.loads(concord(runner, built, "NEW AREA", "--json").stdout)
    assert data["total"] == 2
    assert {h["source"][slice(*h["spans"][0])] for h in data["hits"]} == {"New Area"}


def test_filters_and_limit(runner, built):
    assert (
        json.loads(concord(runner, built, "两江", "--doc", "doc-b", "--json").stdout)["total"] == 1
    )
    assert (
        json.loads(concord(runner, built, "两江", "--since", "2022-01-01", "--json").stdout)[
            "total"
        ]
        == 2
    )
    data = json.loads(concord(runner, built, "两江", "--limit", "1", "--json").stdout)
    assert (data["total"], len(data["hits"])) == (3, 1)
    result = concord(runner, built, "两江", "--since", "last week", code=2)
    assert "not a date" in result.stderr


@pytest.mark.parametrize(
    "term", ['"', "AND", "NOT", "两江 OR 果园", "*", "()", "\\", "😀", "x" * 10_000, "[red]x[/red]"]
)
def test_hostile_terms(runner, built, term):
    data = json.loads(concord(runner, built, term, "--json").stdout)
    assert data["total"] == 0
    concord(runner, built, term)


@pytest.mark.parametrize(
    ("args", "label"),
    [(["", "--json"], "TERM"), (["  "], "TERM"), (["两江", "--not", " "], "--not")],
)
def test_an_empty_term_is_an_error(runner, built, args, label):
    result = runner.invoke(app, ["--tm", str(built), "concord", *args])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"error: {label} is empty: give the text to look up\n"


def test_bad_side(runner, built):
    result = concord(runner, built, "两江", "--side", "left", code=1)
    assert result.stderr.startswith("error: unknown side")


def test_a_word_finds_its_possessive(runner, tm_path: Path, tmp_path: Path):
    src = tmp_path / "poss.tsv"
    src.write_text(
        "zh\ten\n重庆港货物吞吐量增长。\tChongqing's port handled more cargo.\n"
        "重庆经济增长。\tChongqing grew.\n重庆人。\tChongqings.\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["--tm", str(tm_path), "import", str(src)]).exit_code == 0
    data = json.loads(concord(runner, tm_path, "Chongqing", "--json").stdout)
    assert data["total"] == 2
    for hit in data["hits"]:
        (start, end), *_ = hit["spans"]
        assert hit["source"][start:end] == "Chongqing"


@pytest.mark.parametrize("since", ["2023-02-30", "2023-13-45", "２０２３-０１-０１", "2023-1-1"])
def test_since_must_be_a_calendar_date(runner, built, since):
    result = concord(runner, built, "两江", "--since", since, code=2)
    assert "not a date" in result.stderr
    assert "Traceback" not in result.output


def test_limit_larger_than_sqlite_integers(runner, built):
    data = json.loads(concord(runner, built, "两江", "--limit", str(10**20), "--json").stdout)
    assert (data["total"], len(data["hits"])) == (3, 3)
