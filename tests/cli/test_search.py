"""`tmtool search`: JSON shape, direction, adapted targets, hostile strings, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tmtool.cli.app import app

ROWS = [
    ("截至2月19日，到岗员工65.2万人。", "As of February 19, 652,000 employees were back at work.", "doc-d", "2020-02-20"),
    ("果园港新开通了一条航线。", "Guoyuan Port opened a new shipping route.", "doc-b", "2023-07-15"),
    ("两江新区今年新签约项目23个。", "Liangjiang New Area signed 23 new projects this year.", "doc-a", "2024-03-01"),
    ("Apple Vision Pro Chongqing Store开业", "Apple Vision Pro store opens in Chongqing", "doc-e", "2024-06-01"),
]  # fmt: skip


@pytest.fixture
def built(runner, tm_path: Path, tmp_path: Path) -> Path:
    src = tmp_path / "units.tsv"
    src.write_text(
        "zh\ten\tdoc\tdate\n" + "".join("\t".join(r) + "\n" for r in ROWS), encoding="utf-8"
    )
    assert runner.invoke(app, ["--tm", str(tm_path), "import", str(src)]).exit_code == 0
    return tm_path


def search(runner, tm_path, *args):
    result = runner.invoke(app, ["--tm", str(tm_path), "search", *args])
    assert result.exit_code == 0, result.output
    return result


def test_json_shape_and_adapted_target(runner, built):
    query = "截至3月5日，到岗员工73.9万人。"
    data = json.loads(search(runner, built, query, "--json").stdout)
    assert data["query"] == query
    [m] = data["matches"]
    assert set(m) >= {"score", "source", "target", "id", "doc", "adapted_target"}
    assert m["source"] == ROWS[0][0] and m["target"] == ROWS[0][1] and m["doc"] == "doc-d"
    assert 50 <= m["score"] < 100
    assert m["adapted_target"] == "As of March 5, 739,000 employees were back at work."


def test_exact_match_and_direction(runner, built):
    data = json.loads(search(runner, built, ROWS[1][0], "--json").stdout)
    assert data["matches"][0]["score"] == 100.0 and data["matches"][0]["target"] == ROWS[1][1]
    data = json.loads(search(runner, built, ROWS[1][1], "--json").stdout)
    assert data["matches"][0]["score"] == 100.0 and data["matches"][0]["target"] == ROWS[1][0]
    assert data["matches"][0]["adapted_target"] is None


def test_lang_says_the_side_of_a_mostly_latin_chinese_sentence(runner, built):
    query = "Apple Vision Pro Chongqing Store开业了"  # (by its script: English)
    data = json.loads(search(runner, built, query, "--json").stdout)
    assert all(m["source_lang"] == "en" for m in data["matches"])
    assert ROWS[3][0] not in [m["source"] for m in data["matches"]]
    data = json.loads(search(runner, built, query, "--lang", "zh", "--json").stdout)
    [m] = data["matches"]
    assert (m["source"], m["target"], m["source_lang"]) == (ROWS[3][0], ROWS[3][1], "zh")
    result = runner.invoke(app, ["--tm", str(built), "search", query, "--lang", "fr"])
    assert result.exit_code == 1 and result.stderr.startswith("error: unknown query language")


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("果园港", "tmtool concord 果园港"),
        ("Guoyuan Port", 'tmtool concord "Guoyuan Port"'),
        ("[red]港", 'tmtool concord "[red]港"'),  # (no rich markup, quoted for a shell)
        ("$5港", "tmtool concord '$5港'"),  # (what a shell would expand: single quotes)
        ("这是一个记忆库里完全没有的很长的句子。", None),
    ],
)
def test_no_match_of_a_term_points_to_concordance(runner, built, query, hint):
    """A term scores low against every sentence; its renderings are what concord shows."""
    result = search(runner, built, query)
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith("no match of 50% or more")
    assert (hint in first) if hint else ("concord" not in first)


def test_text_output_shows_score_source_target_doc_and_date(runner, built):
    out = search(runner, built, "果园港新开通了两条航线。").stdout
    assert (
        "%" in out
        and ROWS[1][0] in out
        and ROWS[1][1] in out
        and "doc-b" in out
        and "2023-07-15" in out
    )


def test_top_and_min(runner, built):
    data = json.loads(
        search(runner, built, "果园港今年新签约项目。", "--json", "--min", "0", "--top", "2").stdout
    )
    assert len(data["matches"]) == 2
    data = json.loads(search(runner, built, "完全无关的一句话", "--json").stdout)
    assert data["matches"] == []
    result = search(runner, built, "完全无关的一句话")
    assert result.stdout == "" and "no match" in result.stderr


@pytest.mark.parametrize(
    "query",
    ['"', "AND", "a OR b", "NOT 果园港", "NEAR(x, y)", "*", "果园*", "((", "\\", "\\\\", "😀🇨🇳", "x" * 10_000,
     "果园港" * 3000, "' OR 1=1 --", "[bold]markup[/bold]", "\u200b"],
)  # fmt: skip
def test_hostile_queries(runner, built, query):
    result = search(runner, built, query, "--json")
    data = json.loads(result.stdout)
    assert data["query"] == query
    text = search(runner, built, query)
    assert text.exit_code == 0


def test_no_tm_is_one_error_line(runner, tm_path):
    result = runner.invoke(app, ["--tm", str(tm_path), "search", "你好"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("query", ["", "   ", "\u3000\t", "\x00"])
def test_an_empty_query_is_an_error(runner, built, query):
    result = runner.invoke(app, ["--tm", str(built), "search", query, "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "error: TEXT is empty: give the text to look up\n"
