"""Every gold file covers each sentence of both files exactly once and in order."""

from __future__ import annotations

import re

import pytest
from cq_corpus_tools import CORPUS, documents, load_tool

stats = load_tool("stats")
BEAD = re.compile(r"^\[(\d+(, \d+)*)?\]:\[(\d+(, \d+)*)?\]$")


def test_the_corpus_has_documents() -> None:
    assert len(documents()) >= 5


@pytest.mark.parametrize("doc", documents())
def test_gold_covers_both_sides_once_in_order(doc: str) -> None:
    zh, en, gold = CORPUS / f"{doc}.zh", CORPUS / f"{doc}.en", CORPUS / "gold" / f"{doc}.align"
    assert zh.exists() and en.exists() and gold.exists(), f"{doc}: a file is missing"
    lines = [line for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    bad = [line for line in lines if not BEAD.match(line.strip())]
    assert bad == [], f"{doc}: lines not in [i, j]:[k] form"
    beads = stats.read_beads(gold)
    assert all(z or e for z, e in beads), f"{doc}: empty bead"
    assert [i for z, _ in beads for i in z] == list(range(len(stats.sentences(zh))))
    assert [j for _, e in beads for j in e] == list(range(len(stats.sentences(en))))


@pytest.mark.parametrize("doc", documents())
def test_text_files_are_utf8_without_bom(doc: str) -> None:
    for lang in ("zh", "en"):
        data = (CORPUS / f"{doc}.{lang}").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8")
