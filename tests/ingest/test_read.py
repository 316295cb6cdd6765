"""Reading text files: BOMs, UTF-8, UTF-16, GB18030, Big5, binary, empty, stdin."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tmtool.errors import EmptyInputError, EncodingError, InputError
from tmtool.ingest.read import decode_bytes, read_text

ZH = "重庆两江新区一季度地区生产总值增长8.2%。\n“我们有信心。”他说。\n"
ZH_TRAD = "重慶兩江新區一季度地區生產總值增長8.2%。\n「我們有信心。」他說。\n"
EN = 'CHONGQING (CQNEWS) -- Output rose 8.2 percent.\n"We are confident," he said.\n'


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ZH.encode("utf-8"), ZH),
        (b"\xef\xbb\xbf" + ZH.encode("utf-8"), ZH),
        (ZH.encode("utf-16"), ZH),  # BOM, native order
        (b"\xff\xfe" + ZH.encode("utf-16-le"), ZH),
        (b"\xfe\xff" + ZH.encode("utf-16-be"), ZH),
        (EN.encode("utf-16-le"), EN),  # no BOM, recognized by its NULs
        (EN.encode("utf-16-be"), EN),
        (ZH.encode("utf-32"), ZH),
        (ZH.encode("gb18030"), ZH),
        (ZH.encode("gbk"), ZH),
        (ZH_TRAD.encode("big5"), ZH_TRAD),
        (EN.encode("ascii"), EN),
        (ZH.replace("\n", "\r\n").encode("utf-8"), ZH),
        ("Café “Chongqing” — 2019\n".encode("cp1252"), "Café “Chongqing” — 2019\n"),
    ],
)
def test_decodes(data: bytes, expected: str) -> None:
    assert decode_bytes(data, "x.txt") == expected


def test_gb18030_and_big5_are_told_apart_on_news_text() -> None:
    trad = "兩江新區管委會表示，今年將繼續擴大對外開放，推動經濟高質量發展。" * 3
    simp = "两江新区管委会表示，今年将继续扩大对外开放，推动经济高质量发展。" * 3
    assert decode_bytes(trad.encode("big5")) == trad
    assert decode_bytes(simp.encode("gb18030")) == simp


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        bytes(range(256)) * 4,
        b"abc\x01\x02\x03\x04\x05\x06\x07\x08def" * 10,
    ],
)
def test_binary_is_refused_naming_the_file(data: bytes) -> None:
    with pytest.raises(EncodingError, match=r"photo\.png.*binary"):
        decode_bytes(data, "photo.png")


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n", "\ufeff".encode("utf-8"), b"\xef\xbb\xbf\n\n"]
)
def test_empty_is_refused_naming_the_file(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match=r"empty\.txt"):
        decode_bytes(data, "empty.txt")


def test_undecodable_bytes_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import tmtool.ingest.read as read

    monkeypatch.setattr(read, "_fallback", lambda data: None)
    with pytest.raises(EncodingError, match=r"odd\.txt.*UTF-8"):
        decode_bytes(b"\x80\xff\xfe\x80\xff" * 20, "odd.txt")


def test_bad_bom_is_refused() -> None:
    with pytest.raises(EncodingError, match="byte-order mark"):
        decode_bytes(b"\xef\xbb\xbf\xff\xfe\xfa", "bom.txt")


def test_read_text_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_bytes(ZH.encode("gb18030"))
    assert read_text(path) == ZH
    assert read_text(str(path)) == ZH


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_read_text_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(ZH.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert read_text("-") == ZH


def test_empty_stdin_names_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    with pytest.raises(EmptyInputError, match="standard input is empty"):
        read_text("-")


def test_a_corrupt_byte_in_utf8_is_located() -> None:
    data = ("重庆两江新区一季度经济平稳。\n" * 50).encode("utf-8")
    data = data[:300] + b"\xff" + data[300:]
    with pytest.raises(
        EncodingError, match=r"x\.txt is UTF-8 but has invalid bytes at byte 300 \(line 7\)"
    ):
        decode_bytes(data, "x.txt")
