"""load_text dispatch by extension and pair_documents naming, on the raw corpus files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tmtool.errors import FormatError, InputError
from tmtool.ingest.document import document_dates, document_format, load_text, pair_documents
from tmtool.text.normalize import fold

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "cq-press"
RAW = CORPUS / "raw"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("path", sorted((RAW / "gb18030").glob("*.zh.txt")), ids=lambda p: p.name)
def test_gb18030_reads_back_equal_to_the_source(path: Path) -> None:
    assert (
        path.read_bytes() != (CORPUS / path.name.replace(".txt", "")).read_bytes()
    )  # really re-encoded
    assert _lines(load_text(path)) == _lines(
        (CORPUS / path.name.replace(".txt", "")).read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("path", sorted((RAW / "hk").glob("*.zh.txt")), ids=lambda p: p.name)
def test_traditional_release_folds_back_to_the_source(path: Path) -> None:
    text = load_text(path)
    source = (CORPUS / path.name.replace(".txt", "")).read_text(encoding="utf-8")
    assert _lines(text) != _lines(source)  # really Traditional
    assert [fold(x) for x in _lines(text)] == [fold(x) for x in _lines(source)]


def test_raw_folders_hold_what_the_issue_asks() -> None:
    assert len(list((RAW / "html").glob("*.zh.html"))) >= 5
    assert len(list((RAW / "gb18030").glob("*.zh.txt"))) >= 2
    assert len(list((RAW / "hk").glob("*.zh.txt"))) >= 2
    assert len(list((RAW / "docx").glob("*.docx"))) >= 2


@pytest.mark.parametrize("sub", ["html", "gb18030", "hk", "docx"])
def test_every_raw_folder_pairs_and_loads(sub: str) -> None:
    pairs = pair_documents(RAW / sub)
    assert pairs
    for stem, zh, en in pairs:
        assert zh.name.startswith(f"{stem}.zh") and en.name.startswith(f"{stem}.en")
        zh_text, en_text = load_text(zh), load_text(en)
        source_zh = (CORPUS / f"{stem}.zh").read_text(encoding="utf-8")
        source_en = (CORPUS / f"{stem}.en").read_text(encoding="utf-8")
        # The same characters as the source, whatever the paragraph layout of the format.
        assert fold(zh_text).replace(" ", "") == fold(source_zh).replace(" ", "")
        assert fold(en_text).replace(" ", "") == fold(source_en).replace(" ", "")


def test_corpus_style_plain_files_pair(tmp_path: Path) -> None:
    for name in ("001.zh", "001.en"):
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    (tmp_path / "gold").mkdir()
    assert pair_documents(tmp_path) == [("001", tmp_path / "001.zh", tmp_path / "001.en")]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("001.zh", "text"), ("001.en", "text"), ("a.txt", "text"), ("README", "text"), ("a.zh.TXT", "text"),
     ("p.html", "html"), ("p.HTM", "html"), ("r.docx", "docx"), ("-", "text")],
)  # fmt: skip
def test_document_format(name: str, kind: str) -> None:
    assert document_format(name) == kind


@pytest.mark.parametrize("name", ["a.pdf", "a.doc", "a.zh.md", "tm.tmx"])
def test_unsupported_formats_are_named(name: str) -> None:
    with pytest.raises(FormatError, match="unsupported file type"):
        document_format(name)


def _write(folder: Path, names: list[str]) -> None:
    for name in names:
        path = folder / name
        if name.endswith(".docx"):
            d = docx.Document()
            d.add_paragraph("两江新区。" if ".zh." in name else "Liangjiang New Area.")
            d.save(str(path))
        elif name.endswith((".html", ".htm")):
            path.write_text(
                "<html><body><p>Liangjiang New Area grew 8.2 percent.</p></body></html>",
                encoding="utf-8",
            )
        else:
            path.write_text(
                "两江新区。\n" if ".zh" in name else "Liangjiang New Area.\n", encoding="utf-8"
            )


def test_pairing_conventions_and_mixed_formats(tmp_path: Path) -> None:
    _write(tmp_path, ["a.zh", "a.en", "b.zh.txt", "b.en.txt", "c.zh.html", "c.en.html",
                      "d.zh.docx", "d.en.docx", "e.zh.docx", "e.en.htm", "README.md", "notes.txt"])  # fmt: skip
    (tmp_path / "sub.zh").mkdir()
    pairs = pair_documents(tmp_path)
    assert [(s, z.name, e.name) for s, z, e in pairs] == [
        ("a", "a.zh", "a.en"),
        ("b", "b.zh.txt", "b.en.txt"),
        ("c", "c.zh.html", "c.en.html"),
        ("d", "d.zh.docx", "d.en.docx"),
        ("e", "e.zh.docx", "e.en.htm"),
    ]
    assert load_text(tmp_path / "e.en.htm") == "Liangjiang New Area grew 8.2 percent.\n"
    assert load_text(tmp_path / "d.zh.docx") == "两江新区。\n"


def test_unpaired_files_are_named(tmp_path: Path) -> None:
    _write(tmp_path, ["a.zh", "a.en", "b.zh.txt", "c.en.html"])
    with pytest.raises(InputError, match=r"unpaired file\(s\) b\.zh\.txt, c\.en\.html"):
        pair_documents(tmp_path)


def test_two_files_for_one_side(tmp_path: Path) -> None:
    _write(tmp_path, ["a.zh.txt", "a.zh.html", "a.en"])
    with pytest.raises(FormatError, match="two zh files for a"):
        pair_documents(tmp_path)


def test_empty_and_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no document pairs"):
        pair_documents(tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        pair_documents(tmp_path / "nope")


def test_load_text_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_text(tmp_path / "missing.html")
    with pytest.raises(FormatError, match=r"x\.html"):
        (tmp_path / "x.html").write_text(
            "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
        )
        load_text(tmp_path / "x.html")


def test_document_dates_of_the_corpus() -> None:
    dates = document_dates(CORPUS)
    assert dates["001"] == "2023-01-31" and dates["002"] == "2021-06-18"
    assert len(dates) == len(pair_documents(CORPUS))


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("stem\tdate\na\t2024-02-19\nb\t\n", {"a": "2024-02-19"}),  # empty date skipped
        ("date\tdoc\tnote\n2020-01-02\tx\tfoo\n", {"x": "2020-01-02"}),  # any column order
        ("\ufeffid\tdate\r\nc\t2022-12-31\r\n", {"c": "2022-12-31"}),  # BOM, CRLF
        ("zh\ten\n重庆\tChongqing\n", {}),  # not document metadata
        ("", {}),
    ],
)
def test_document_dates_cases(tmp_path: Path, meta: str, expected: dict[str, str]) -> None:
    (tmp_path / "meta.tsv").write_text(meta, encoding="utf-8")
    assert document_dates(tmp_path) == expected


def test_document_dates_without_meta_and_with_a_bad_date(tmp_path: Path) -> None:
    assert document_dates(tmp_path) == {}
    (tmp_path / "meta.tsv").write_text("id\tdate\na\t19 Feb 2024\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"meta\.tsv:2: date"):
        document_dates(tmp_path)


@pytest.mark.parametrize(
    "bad",
    ["2024-02-30", "2024-13-01", "２０２４-０２-１９", "2024-02-19T25:00", "2024-02-19T12:61:00Z"],
)
def test_document_dates_must_be_real_days_in_ascii_digits(tmp_path: Path, bad: str) -> None:
    (tmp_path / "meta.tsv").write_text(
        f"id\tdate\nok\t2024-02-19T08:30\na\t{bad}\n", encoding="utf-8"
    )
    with pytest.raises(FormatError, match=r"meta\.tsv:3: date"):
        document_dates(tmp_path)
