"""`tmtool search` text output: the plain writer equals rich's, TAG placeholders are shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tmtool.cli import lookup as search_cli
from tmtool.formats.tmx import placeholder
from tmtool.records import TranslationUnit
from tmtool.tm.store import TranslationMemory

TAGGED_ZH = "点击" + placeholder("{1}") + "这里" + placeholder("{/1}") + "下载2023年报告。"
TAGGED_EN = "Click " + placeholder("{1}") + "here" + placeholder("{/1}") + " for the 2023 report."
UNITS = [
    TranslationUnit(zh=TAGGED_ZH, en=TAGGED_EN, doc="doc-t", date="2024-01-02"),
    TranslationUnit(
        zh="截至2月19日，到岗员工65.2万人。",
        en="As of February 19, 652,000 employees were back at work.",
        doc="doc-d",
    ),
    TranslationUnit(
        zh="截至2月19日，到岗员工65.2万人。",
        en="By February 19, 652,000 staff had returned.",
        confidence=0.4,
    ),
    TranslationUnit(zh="果园港新开通了一条航线。", en="Guoyuan Port opened a new shipping route."),
]


@pytest.fixture
def tm_file(tmp_path: Path) -> Path:
    path = tmp_path / "tm.sqlite"
    with TranslationMemory.open(path) as tm:
        tm.add_units(UNITS)
    return path


def _run(path: Path, query: str, **kw) -> None:
    search_cli.run(
        path, query, top=kw.get("top", 5), min_score=kw.get("min", 0.0), json_=kw.get("json", False)
    )


@pytest.mark.parametrize(
    "query",
    ["截至3月5日，到岗员工73.9万人。", "点击这里下载2024年报告。", "Click here for the 2024 report.",
     "果园港新开通了一条航线。", "完全无关的一句话"],
)  # fmt: skip
def test_plain_writer_equals_rich(tm_file, capsys, monkeypatch, query):
    _run(tm_file, query, min=30.0)
    plain = capsys.readouterr()
    monkeypatch.setattr(search_cli, "_plain", lambda stream: False)
    _run(tm_file, query, min=30.0)
    rich = capsys.readouterr()
    assert plain.out == rich.out and plain.err == rich.err
    assert plain.out or "no match" in plain.err


def test_tag_placeholders_are_visible_in_text_and_faithful_in_json(tm_file, capsys):
    _run(tm_file, "点击这里下载2023年报告。")
    out = capsys.readouterr().out
    assert (
        "点击{1}这里{/1}下载2023年报告。" in out and "Click {1}here{/1} for the 2023 report." in out
    )
    assert "\U000e007b" not in out
    _run(tm_file, "点击这里下载2023年报告。", json=True)
    [hit, *_] = json.loads(capsys.readouterr().out)["matches"]
    assert hit["source"] == TAGGED_ZH and hit["target"] == TAGGED_EN


def test_highlight_spans_survive_the_visible_form(tm_file, monkeypatch, capsys):
    monkeypatch.setattr(search_cli, "_plain", lambda stream: False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    from tmtool.cli.render import out

    out.cache_clear()
    try:
        _run(tm_file, "点击这里下载2024年报告。")
        text = capsys.readouterr().out
    finally:
        out.cache_clear()
    assert "{1}" in text and "\x1b[" in text  # styled, with the placeholders shown
    assert "2023" in text
