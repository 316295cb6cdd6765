"""Bad input to the TM commands: one ``error: …`` line, exit 1, and the TM (or any other
file) exactly as it was."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tmtool.cli.app import app

COMMANDS = [
    ["info"],
    ["search", "两江新区"],
    ["concord", "两江"],
    ["delete", "1"],
    ["import", "{tsv}"],
    ["export", "{out}"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_sqlite_file_of_another_program_is_refused_unchanged(runner, tmp_path: Path, command):
    other = tmp_path / "app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Liu')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    tsv = tmp_path / "in.tsv"
    tsv.write_text("zh\ten\n两江新区。\tLiangjiang New Area.\n", encoding="utf-8")
    args = [a.format(tsv=tsv, out=tmp_path / "out.tsv") for a in command]
    result = runner.invoke(app, ["--tm", str(other), *args])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "another program" in result.stderr
    assert "Traceback" not in result.output
    assert other.read_bytes() == before


def _built(runner, tm_path: Path, tmp_path: Path) -> Path:
    src = tmp_path / "in.tsv"
    src.write_text(
        "zh\ten\tdoc\tdate\n两江新区签约项目。\tLiangjiang New Area signs projects.\td\t2024-03-01\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["--tm", str(tm_path), "import", str(src)]).exit_code == 0
    return tm_path


def test_delete_an_id_beyond_sqlite_integers(runner, tm_path, tmp_path):
    _built(runner, tm_path, tmp_path)
    result = runner.invoke(app, ["--tm", str(tm_path), "delete", str(10**20), "--json"])
    assert result.exit_code == 0, result.output
    assert '"deleted": 0' in result.stdout


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("empty.tsv", b"", "the file is empty"),
        ("blank.tsv", b"\n \n", "the file is empty"),
        ("bin.tsv", bytes(range(256)) * 8, "binary data"),
        ("u16.tsv", "zh\ten\n两江\tLiangjiang\n".encode("utf-16"), "UTF-16"),
        ("gbk.tsv", "zh\ten\n两江\tLiangjiang\n".encode("gb18030"), "not UTF-8"),
    ],
)
def test_import_of_an_empty_binary_or_wrongly_encoded_file(
    runner, tm_path, tmp_path, name, raw, message
):
    _built(runner, tm_path, tmp_path)
    before = _units(tm_path)
    bad = tmp_path / name
    bad.write_bytes(raw)
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(bad)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert _units(tm_path) == before


def _units(tm_path: Path) -> list[tuple]:
    conn = sqlite3.connect(tm_path)
    try:
        return conn.execute("SELECT * FROM units ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("name", "raw"),
    [("bad.tsv", "zh\ten\n两江\tLiangjiang\n中\t\n".encode()), ("bad.tmx", b"<tmx><body><tu>")],
)
def test_failed_import_into_a_new_tm_leaves_no_tm_behind(runner, tmp_path, name, raw):
    tm_path = tmp_path / "new" / "tm.sqlite"
    bad = tmp_path / name
    bad.write_bytes(raw)
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(bad)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ")
    assert not tm_path.exists()
    assert list(tm_path.parent.glob("tm.sqlite*")) == []
    # and `info` still says there is none
    assert "no translation memory" in runner.invoke(app, ["--tm", str(tm_path), "info"]).stderr


def test_import_of_a_tmx_in_other_languages(runner, tm_path, tmp_path):
    _built(runner, tm_path, tmp_path)
    before = _units(tm_path)
    tmx = tmp_path / "frde.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="fr-FR"/>'
        '<body><tu><tuv xml:lang="fr-FR"><seg>Pluie.</seg></tuv>'
        '<tuv xml:lang="de-DE"><seg>Regen.</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(tmx)])
    assert result.exit_code == 1, result.output
    assert "languages: de-DE, fr-FR" in result.stderr and result.stderr.count("\n") == 1
    assert _units(tm_path) == before


@pytest.mark.parametrize(
    "args",
    [
        ["search", "\udcff\udcfe两江新区"],  # what Python makes of the bytes ff fe
        ["search", "--json", "--min", "0", "两江\udcc3"],
        ["search", "\ud800两江新区"],
        ["concord", "两江\udcc3"],
        ["concord", "--json", "\udced\udca0\udc80两江"],
        ["concord", "两江", "--not", "\udcff"],
        ["concord", "两江", "--doc", "\udcff"],
        ["delete", "--doc", "\udcff"],
        ["export", "{out}", "--doc", "\udcff"],
    ],
)
def test_text_arguments_that_are_not_utf8(runner, tm_path, tmp_path, args):
    # were UnicodeEncodeError tracebacks (SQLite and the output cannot take lone surrogates)
    _built(runner, tm_path, tmp_path)
    before = _units(tm_path)
    args = [a.format(out=tmp_path / "out.tsv") for a in args]
    result = runner.invoke(app, ["--tm", str(tm_path), *args])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "not UTF-8 text" in result.stderr
    assert _units(tm_path) == before
    assert not (tmp_path / "out.tsv").exists()


def test_control_characters_in_the_tm_are_shown_not_sent_to_the_terminal(runner, tm_path):
    # a unit holding ESC sequences recoloured (or retitled) the terminal of whoever searched
    from tmtool.records import TranslationUnit
    from tmtool.tm.store import TranslationMemory

    zh, en = (
        "两江新区\x1b[31m发布\x07新政策。",
        "Liangjiang\x1b]0;pwned\x07 New Area\r issues policy.",
    )
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units([TranslationUnit(zh=zh, en=en, doc="d\x1b[2J")])
    for args in (
        ["search", "两江新区发布新政策。"],
        ["concord", "两江新区"],
        ["concord", "Liangjiang"],
    ):
        result = runner.invoke(app, ["--tm", str(tm_path), *args])
        assert result.exit_code == 0, result.output
        assert not any(c in result.stdout for c in "\x1b\x07\r"), repr(result.stdout)
        assert "\u241b[31m" in result.stdout or "\u241b]0;pwned" in result.stdout
    data = runner.invoke(app, ["--tm", str(tm_path), "search", "两江新区发布新政策。", "--json"])
    assert json.loads(data.stdout)["matches"][0]["source"] == zh  # JSON keeps the text as stored


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("out", ["/proc/x.tsv", "/proc/x.tmx", "/proc/x.zh"])
def test_export_to_a_folder_that_refuses_files(runner, tm_path, tmp_path, out):
    # FileNotFoundError / PermissionError tracebacks
    _built(runner, tm_path, tmp_path)
    result = runner.invoke(app, ["--tm", str(tm_path), "export", out])
    assert result.exit_code == 1, result.output
    assert (
        result.stderr.startswith("error: cannot write /proc/") and "Traceback" not in result.output
    )


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("fmt", ["tsv", "tmx"])
def test_import_of_a_file_that_fails_to_read(runner, tm_path, tmp_path, fmt):
    # /proc/self/mem opens but reading it fails (EIO): an OSError traceback
    _built(runner, tm_path, tmp_path)
    before = _units(tm_path)
    result = runner.invoke(app, ["--tm", str(tm_path), "import", "/proc/self/mem", "-f", fmt])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and "Traceback" not in result.output
    assert _units(tm_path) == before
