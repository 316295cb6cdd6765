"""Reading Word documents: body paragraphs and tables in order, headers and footers left out."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tmtool.errors import EmptyInputError, FormatError, InputError
from tmtool.ingest.docx import docx_paragraphs, read_docx

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "cq-press"
RAW = sorted((CORPUS / "raw" / "docx").glob("*.docx"))


def _source_paragraphs(path: Path) -> list[str]:
    doc, lang = path.name.split(".")[:2]
    joiner = "" if lang == "zh" else " "
    paras, run = [], []
    for line in (CORPUS / f"{doc}.{lang}").read_text(encoding="utf-8").splitlines():
        if line.strip():
            run.append(line.strip())
        elif run:
            paras.append(run)
            run = []
    if run:
        paras.append(run)
    return [joiner.join(p) for p in paras]


def test_there_is_a_docx_pair() -> None:
    langs = {p.name.split(".")[1] for p in RAW}
    assert langs == {"zh", "en"}


@pytest.mark.parametrize("path", RAW, ids=lambda p: p.name)
def test_raw_docx_reads_back_every_sentence_in_order(path: Path) -> None:
    text = " ".join(docx_paragraphs(path))
    joined = " ".join(_source_paragraphs(path))
    # Paragraph boundaries may differ (the title and captions are Word paragraphs of their own);
    # the character sequence may not.
    assert text.replace(" ", "") == joined.replace(" ", "")
    assert "Press Release" not in text and "新闻通稿" not in text  # page header
    assert "media use only" not in text and "内部资料" not in text  # page footer


def test_tables_line_breaks_and_empty_paragraphs(tmp_path: Path) -> None:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "LETTERHEAD"
    d.add_heading("重庆外贸数据", level=1)
    d.add_paragraph("")
    p = d.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "出口"
    table.cell(0, 1).text = "3912.6亿元"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "合计 5876.3亿元"
    d.add_paragraph("Closing   paragraph.")
    path = tmp_path / "a.zh.docx"
    d.save(str(path))
    assert docx_paragraphs(path) == [
        "重庆外贸数据",
        "第一行\n第二行",
        "出口",
        "3912.6亿元",
        "合计 5876.3亿元",
        "Closing paragraph.",
    ]
    assert read_docx(path).startswith("重庆外贸数据\n\n第一行\n第二行\n\n")


def test_errors(tmp_path: Path) -> None:
    bad = tmp_path / "x.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(FormatError, match=r"x\.docx"):
        docx_paragraphs(bad)
    with pytest.raises(InputError, match="no such file"):
        docx_paragraphs(tmp_path / "missing.docx")
    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    with pytest.raises(EmptyInputError):
        docx_paragraphs(empty)
