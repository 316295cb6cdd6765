"""Lexical anchor keys: glosses, Latin tokens, quantities, glossary terms, Traditional input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmtool.align.features import build_sides, en_keys, zh_keys
from tmtool.align.lexicon import content_stems, get_lexicon, read_glossary, stem
from tmtool.errors import InputError


@pytest.mark.parametrize(
    ("zh", "en", "shared"),
    [
        ("工业经济增长", "industrial economy growth", {"w:indus", "w:econo"}),
        ("国内生产总值GDP增长", "GDP rose", {"l:gdp"}),
        ("C919大飞机和5G基站", "the C919 jet and 5G base stations", {"l:c919", "l:5g"}),
        ("增长6.2%", "up 6.2 percent", {"q:percent:6.2"}),
        ("达到73.9万人", "reached 739,000 people", {"q:n:739000"}),
        ("經濟增長", "economic growth", {"w:econo"}),  # Traditional characters
    ],
)
def test_shared_keys(zh: str, en: str, shared: set[str]) -> None:
    z = zh_keys(zh, get_lexicon(), None)
    e = en_keys(en, None)
    assert shared <= (z.keys() & e.keys())


def test_stems_meet_across_word_forms() -> None:
    assert stem("industries") == stem("industry") == "indus"
    assert content_stems("The city and the industry") == ["w:city", "w:indus"]


def test_glossary_terms_are_anchors(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("zh\ten\tnote\n西部陆海新通道\tNew Western Land-Sea Corridor\t\n", "utf-8")
    glossary = read_glossary(path)
    z = zh_keys("西部陆海新通道建设提速", get_lexicon(), glossary)
    e = en_keys("Work on the New Western Land-Sea Corridor sped up.", glossary)
    assert "g:new western land-sea corridor" in z.keys() & e.keys()
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one column\n", "utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:1"):
        read_glossary(bad)


def test_sides_mark_paragraph_starts_and_normalise_vectors() -> None:
    zh, en = build_sides([["甲。", "乙。"], ["丙。"]], [["A GDP.", "B."], ["C 5G."]])
    assert zh.para_start.tolist() == [False, False, True]
    assert en.para_start.tolist() == [False, False, True]
    norms = (en.lex**2).sum(axis=1)
    assert all(abs(n - 1) < 1e-5 or n == 0 for n in norms)
