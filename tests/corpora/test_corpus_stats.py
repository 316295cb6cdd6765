"""The statistics table in corpora/README.md and meta.tsv match the files (stats.py --check)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cq_corpus_tools import CORPUS, ROOT, load_tool

stats = load_tool("stats")


def test_readme_table_and_meta_tsv_match_the_files() -> None:
    assert stats.problems(CORPUS, ROOT / "README.md") == []


def _tiny_corpus(root: Path) -> Path:
    corpus = root / "cq-press"
    (corpus / "gold").mkdir(parents=True)
    (corpus / "meta").mkdir()
    (corpus / "001.zh").write_text("标题\n\n第一句。\n第二句。\n来源：重庆日报\n", encoding="utf-8")
    (corpus / "001.en").write_text(
        "Title\n\nFirst. Second.\nMore.\nBackground.\n", encoding="utf-8"
    )
    (corpus / "gold" / "001.align").write_text(
        "[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3]:[]\n[]:[3]\n", encoding="utf-8"
    )
    (corpus / "meta" / "001.tsv").write_text(
        "001\t标题\tTitle\t2024-01-02\ttest\tnone\n", encoding="utf-8"
    )
    (corpus / "002.zh").write_text("未完成\n", encoding="utf-8")  # no .en, no gold: not counted
    (root / "README.md").write_text(
        f"# x\n\n{stats.BEGIN}\nold\n{stats.END}\ntail\n", encoding="utf-8"
    )
    return corpus


def test_counts_on_a_tiny_corpus(tmp_path: Path) -> None:
    st = stats.compute(_tiny_corpus(tmp_path))
    assert st.docs == ["001"] and st.incomplete == ["002"]
    assert (st.zh_sentences["001"], st.en_sentences["001"]) == (4, 4)
    assert dict(st.kinds) == {"1-1": 1, "1-2": 1, "1-0": 2, "0-1": 1}
    assert (st.zh_only_lines, st.en_only_lines) == (2, 1)
    table = stats.render_table(st)
    assert "| beads not 1-1 (incl. one-sided) | 4 | 80.0% |" in table
    assert "| one-sided beads (1-0, 0-1) | 3 | 60.0% |" in table
    assert "| Chinese lines without English | 2 | 50.0% |" in table
    assert "| bead 1-2 | 1 | 20.0% |" in table


def test_write_then_check_then_drift(tmp_path: Path) -> None:
    corpus = _tiny_corpus(tmp_path)
    assert len(stats.problems(corpus, tmp_path / "README.md")) == 2  # stale table, no meta.tsv
    assert stats.main([str(corpus), "--write"]) == 0
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert (
        readme.startswith("# x\n")
        and readme.endswith(f"{stats.END}\ntail\n")
        and "old" not in readme
    )
    assert (corpus / "meta.tsv").read_text(encoding="utf-8").splitlines()[
        0
    ] == "id\tzh_title\ten_title\tdate\ttopic\ttricky"
    assert stats.main([str(corpus), "--check"]) == 0
    (corpus / "gold" / "001.align").write_text(
        "[0]:[0]\n[1]:[1, 2]\n[2, 3]:[3]\n", encoding="utf-8"
    )
    assert stats.main([str(corpus), "--check"]) == 1


def test_readme_without_markers_is_reported(tmp_path: Path) -> None:
    corpus = _tiny_corpus(tmp_path)
    (tmp_path / "README.md").write_text("# no markers\n", encoding="utf-8")
    assert any("no statistics markers" in p for p in stats.problems(corpus, tmp_path / "README.md"))
    with pytest.raises(ValueError):
        stats.with_table("# no markers\n", "| a |\n")
