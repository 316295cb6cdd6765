"""meta.tsv has one well-formed row per document, matching meta/NNN.tsv and the texts."""

from __future__ import annotations

import datetime as dt

import pytest
from cq_corpus_tools import CORPUS, documents

HEADER = ["id", "zh_title", "en_title", "date", "topic", "tricky"]


def _meta() -> dict[str, list[str]]:
    lines = (CORPUS / "meta.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == HEADER
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids in meta.tsv"
    return {r[0]: r for r in rows}


def test_a_row_per_document_and_no_other() -> None:
    assert sorted(_meta()) == documents()


@pytest.mark.parametrize("doc", documents())
def test_row_is_well_formed(doc: str) -> None:
    row = _meta()[doc]
    assert len(row) == 6 and all(f.strip() for f in row), row
    date = dt.date.fromisoformat(row[3])
    assert 2019 <= date.year <= 2025
    zh = [line.strip() for line in (CORPUS / f"{doc}.zh").read_text(encoding="utf-8").splitlines()]
    en = [line.strip() for line in (CORPUS / f"{doc}.en").read_text(encoding="utf-8").splitlines()]
    assert row[1] in zh, "Chinese title is not a line of the text"
    assert row[2] in en, "English title is not a line of the text"
