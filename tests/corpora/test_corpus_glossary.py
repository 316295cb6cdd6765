"""corpora/glossary/cq-terms.tsv parses: header, unique zh terms, no empty fields, sane variants."""

from __future__ import annotations

import re

from cq_corpus_tools import ROOT

GLOSSARY = ROOT / "glossary" / "cq-terms.tsv"


def _rows() -> list[list[str]]:
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "zh\ten\tforbidden\tnote"
    return [line.split("\t") for line in lines[1:]]


def test_shape_and_size() -> None:
    rows = _rows()
    assert len(rows) >= 200
    assert [i for i, r in enumerate(rows, 2) if len(r) != 4] == []


def test_zh_terms_are_unique_and_chinese() -> None:
    zh = [r[0] for r in _rows()]
    assert len(zh) == len(set(zh))
    assert [z for z in zh if not re.search(r"[\u3400-\u9fff]", z) and not z.isupper()] == []


def test_no_empty_fields_and_no_stray_spaces() -> None:
    for row in _rows():
        zh, en, _forbidden, note = row
        assert zh and en and note, row
        assert all(f == f.strip() for f in row), row
        assert "  " not in en, row


def test_forbidden_variants_differ_from_the_approved_rendering() -> None:
    for zh, en, forbidden, _ in _rows():
        if not forbidden:
            continue
        variants = forbidden.split("|")
        assert all(v.strip() == v and v for v in variants), zh
        assert len(set(variants)) == len(variants), zh
        for v in variants:
            assert v.lower() != en.lower(), zh
            # A QA check flags text containing a forbidden variant: the approved text must not.
            assert v.lower() not in en.lower(), zh


def test_key_terms_of_the_brief() -> None:
    approved = {r[0]: r[1] for r in _rows()}
    assert approved["两江新区"] == "Liangjiang New Area"
    assert approved["规模以上工业企业"] == "industrial enterprises above designated size"
    assert (
        approved["市经济信息委"]
        == "Chongqing Municipal Commission of Economy and Information Technology"
    )
    assert approved["成渝地区双城经济圈"] == "Chengdu-Chongqing Economic Circle"
    assert approved["西部陆海新通道"] == "New International Land-Sea Trade Corridor"
