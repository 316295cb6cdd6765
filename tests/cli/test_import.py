"""`tmtool import / info / delete`: one transaction, one error line, killed imports change nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tmtool.cli.app import app

ROWS = [
    ("两江新区今年新签约项目23个。", "Liangjiang New Area signed 23 new projects this year.", "doc-a", "2024-03-01"),
    ("果园港新开通了一条航线。", "Guoyuan Port opened a new shipping route.", "doc-b", "2023-07-15"),
    ("重庆今年引进外资项目120个。", "Chongqing attracted 120 foreign-funded projects this year.", "doc-b", "2023-07-15"),
]  # fmt: skip


def write_tsv(path: Path, rows=ROWS, header=True) -> Path:
    lines = ["zh\ten\tdoc\tdate"] if header else []
    lines += ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def info(runner, tm_path) -> dict:
    result = runner.invoke(app, ["--tm", str(tm_path), "info", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_then_info(runner, tm_path, tmp_path):
    src = write_tsv(tmp_path / "a.tsv")
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(src), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "added": 3,
        "duplicates": 0,
        "skipped": 0,
        "units": 3,
        "tm": str(tm_path),
    }
    data = info(runner, tm_path)
    assert (data["units"], data["documents"], data["first_date"], data["last_date"]) == (
        3,
        2,
        "2023-07-15",
        "2024-03-01",
    )
    assert data["size_bytes"] > 0


def test_reimport_does_not_duplicate(runner, tm_path, tmp_path):
    src = write_tsv(tmp_path / "a.tsv")
    runner.invoke(app, ["--tm", str(tm_path), "import", str(src)])
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(src), "--json"])
    assert json.loads(result.stdout)["duplicates"] == 3
    assert info(runner, tm_path)["units"] == 3
    assert info(runner, tm_path)["occurrences"] == 6


def test_two_column_file_without_header(runner, tm_path, tmp_path):
    src = write_tsv(tmp_path / "b.tsv", [r[:2] for r in ROWS], header=False)
    assert runner.invoke(app, ["--tm", str(tm_path), "import", str(src)]).exit_code == 0
    assert info(runner, tm_path)["units"] == 3


def test_bad_record_leaves_the_tm_unchanged_and_prints_one_error(runner, tm_path, tmp_path):
    good = write_tsv(tmp_path / "good.tsv")
    runner.invoke(app, ["--tm", str(tm_path), "import", str(good)])
    before = tm_path.read_bytes() if not Path(f"{tm_path}-wal").exists() else None
    rows = [(f"新句子{i}。", f"New sentence {i}.", "doc-c", "2024-01-01") for i in range(3000)]
    bad = tmp_path / "bad.tsv"
    write_tsv(bad, rows)
    with bad.open("a", encoding="utf-8") as f:
        f.write("只有一列\n")
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(good), str(bad)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "bad.tsv:3002" in lines[0]
    assert info(runner, tm_path)["units"] == 3
    if before is not None:
        assert tm_path.read_bytes() == before


def test_missing_file_is_one_error_line(runner, tm_path, tmp_path):
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_info_without_a_tm(runner, tm_path):
    result = runner.invoke(app, ["--tm", str(tm_path), "info"])
    assert result.exit_code == 1 and "no translation memory" in result.stderr


def test_delete(runner, tm_path, tmp_path):
    runner.invoke(app, ["--tm", str(tm_path), "import", str(write_tsv(tmp_path / "a.tsv"))])
    result = runner.invoke(app, ["--tm", str(tm_path), "delete", "--doc", "doc-b", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"deleted": 2}
    result = runner.invoke(app, ["--tm", str(tm_path), "delete", "1"])
    assert result.exit_code == 0
    assert info(runner, tm_path)["units"] == 0
    result = runner.invoke(app, ["--tm", str(tm_path), "delete"])
    assert result.exit_code == 1 and result.stderr.startswith("error: nothing to delete")


# -- killed and interrupted imports, in a real process ------------------------------------


def _sigint_as_at_a_terminal() -> None:
    # A test run started in the background (`cmd &` in a script) ignores SIGINT, and so
    # would the import it starts: Ctrl-C at a terminal finds the default action.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_import(tm_path: Path, fifo: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tmtool", "--tm", str(tm_path), "import", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_sigint_as_at_a_terminal,
    )


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def _feed_half(fifo: Path, proc: subprocess.Popen):
    """Write 6,000 rows into the FIFO and keep it open; return once the importer has put
    them into its open transaction and sits waiting for more (its CPU time stops moving)."""
    writer = open(fifo, "w", encoding="utf-8")  # kept open on purpose
    writer.write("zh\ten\tdoc\n")
    for i in range(6000):
        writer.write(
            f"第{i}个新项目落户两江新区。\tNew project {i} settles in Liangjiang.\tdoc-k\n"
        )
    writer.flush()
    deadline, last, still = time.time() + 30, None, 0
    while time.time() < deadline and still < 4:
        time.sleep(0.25)
        ticks = _cpu_ticks(proc.pid)
        if ticks is None:
            time.sleep(2)
            break
        still = still + 1 if ticks == last else 0
        last = ticks
    assert proc.poll() is None
    return writer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_killed_or_interrupted_import_changes_nothing(runner, tm_path, tmp_path, how):
    runner.invoke(app, ["--tm", str(tm_path), "import", str(write_tsv(tmp_path / "a.tsv"))])
    fifo = tmp_path / "stream.tsv"
    os.mkfifo(fifo)
    proc = _start_import(tm_path, fifo)
    writer = _feed_half(fifo, proc)
    proc.send_signal(signal.SIGKILL if how == "SIGKILL" else signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    try:
        writer.close()
    except BrokenPipeError:
        pass
    if how == "SIGKILL":
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 130
        assert err.decode().strip().splitlines() == ["error: interrupted; nothing was changed"]
    data = info(runner, tm_path)
    assert (data["units"], data["documents"]) == (3, 2)
    check = subprocess.run(
        [sys.executable, "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])", str(tm_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert check.stdout.strip() == "ok"
    # The TM still takes imports afterwards.
    result = runner.invoke(
        app,
        [
            "--tm",
            str(tm_path),
            "import",
            str(write_tsv(tmp_path / "c.tsv", [("新的一句。", "A new one.", "d", "2024-01-02")])),
        ],
    )
    assert result.exit_code == 0 and info(runner, tm_path)["units"] == 4


def test_import_of_the_aligners_tsv_output(runner, tm_path, tmp_path):
    corpus = Path(__file__).resolve().parents[2] / "corpora" / "cq-press"
    out = tmp_path / "001.tsv"
    args = ["align", str(corpus / "001.zh"), str(corpus / "001.en"), "--segmented"]
    aligned = runner.invoke(app, [*args, "--no-encoder", "--format", "tsv", "-o", str(out)])
    assert aligned.exit_code == 0, aligned.output
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    pairs = [r for r in rows if "[]" not in r[4]]
    assert len(pairs) < len(rows)  # the file has one-sided beads too
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["added"] + data["duplicates"] == len(pairs)
    assert data["skipped"] == len(rows) - len(pairs)  # the one-sided beads


def test_the_aligners_tsv_keeps_backslashes_and_tabs_through_an_import(runner, tm_path, tmp_path):
    """`align --format tsv` escapes as the TSV reader unescapes: a sentence holding ``\\n`` or
    a tab comes back as written (it came back with a newline for ``\\n``)."""
    from tmtool.tm.store import TranslationMemory

    zh = tmp_path / "d.zh"
    en = tmp_path / "d.en"
    zh.write_text("文件在C:\\new\\table。\n第二句\t有制表符。\n", encoding="utf-8")
    en.write_text("The file is in C:\\new\\table.\nThe second\thas a tab.\n", encoding="utf-8")
    out = tmp_path / "d.tsv"
    args = ["align", str(zh), str(en), "--segmented", "--no-encoder", "--format", "tsv"]
    assert runner.invoke(app, [*args, "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(out)])
    assert result.exit_code == 0, result.output
    with TranslationMemory.open(tm_path, create=False) as tm:
        stored = {u.zh: u.en for u in tm.units()}
    assert stored == {
        "文件在C:\\new\\table。": "The file is in C:\\new\\table.",
        "第二句\t有制表符。": "The second\thas a tab.",
    }


_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence"
 adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>两江新区。</seg></tuv><tuv xml:lang="en"><seg>Liangjiang.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>只有中文。</seg></tuv><tuv xml:lang="fr"><seg>Le chinois.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>果园港。</seg></tuv><tuv xml:lang="en"><seg></seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>重庆。</seg></tuv><tuv xml:lang="en"><seg>Chongqing.</seg></tuv></tu>
</body></tmx>
"""


@pytest.mark.parametrize("kind", ["tmx", "moses", "tsv"])
def test_the_summary_counts_the_records_left_out(runner, tm_path, tmp_path, kind):
    """A TMX unit without both languages, a Moses line pair with a blank side and a
    one-sided TSV bead hold no pair: each is one "skipped" in the import's summary."""
    if kind == "tmx":
        src = tmp_path / "a.tmx"
        src.write_text(_TMX, encoding="utf-8")
    elif kind == "moses":
        src = tmp_path / "a.zh"
        src.write_text("两江新区。\n只有中文。\n\n重庆。\n", encoding="utf-8")
        (tmp_path / "a.en").write_text(
            "Liangjiang.\n\nOnly English.\nChongqing.\n", encoding="utf-8"
        )
    else:
        src = tmp_path / "a.tsv"
        src.write_text(
            "zh\ten\tbead\n两江新区。\tLiangjiang.\t1-1\n\tCredit.\t0-1\n来源：重庆日报\t\t1-0\n"
            "重庆。\tChongqing.\t1-1\n",
            encoding="utf-8",
        )
    result = runner.invoke(app, ["--tm", str(tm_path), "import", str(src), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["added"], data["skipped"]) == (2, 2)


def test_read_units_yields_units_only(tmp_path):
    from tmtool.formats import read_units
    from tmtool.records import TranslationUnit

    src = tmp_path / "a.tmx"
    src.write_text(_TMX, encoding="utf-8")
    units = list(read_units(src))
    assert [u.zh for u in units] == ["两江新区。", "重庆。"]
    assert all(isinstance(u, TranslationUnit) for u in units)
