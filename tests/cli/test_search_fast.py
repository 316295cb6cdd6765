"""The start-up fast path of `tmtool search`: which command lines it takes, and that its
output and exit codes are those of the typer command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tmtool.cli.app import app
from tmtool.cli.search import parse_fast

ROWS = [
    ("截至2月19日，到岗员工65.2万人。", "As of February 19, 652,000 employees were back at work."),
    ("果园港新开通了一条航线。", "Guoyuan Port opened a new shipping route."),
]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "x"], (None, "x", 5, 50.0, False)),
        (["--tm", "a.sqlite", "search", "x", "--json"], (Path("a.sqlite"), "x", 5, 50.0, True)),
        (["--tm=a.sqlite", "search", "--top", "3", "x"], (Path("a.sqlite"), "x", 3, 50.0, False)),
        (["search", "-n", "2", "--min=70.5", "x"], (None, "x", 2, 70.5, False)),
        (["search", "--top=1", "search"], (None, "search", 1, 50.0, False)),
        (["--tm", "search", "search", "x"], (Path("search"), "x", 5, 50.0, False)),
        # Left to typer: help, other options, errors, ambiguous forms.
        (["search", "--help"], None),
        (["-v", "search", "x"], None),
        (["--version"], None),
        (["search"], None),
        (["search", "x", "y"], None),
        (["search", "--", "-x"], None),
        (["search", "-5%"], None),
        (["search", "x", "--top", "0"], None),
        (["search", "x", "--top", "two"], None),
        (["search", "x", "--top"], None),
        (["search", "x", "--min", "101"], None),
        (["search", "x", "--min", "-1"], None),
        (["search", "x", "--top", "2", "--top", "3"], None),
        (["search", "x", "-n=2"], None),
        (["--tm=", "search", "x"], None),
        (["concord", "x"], None),
        ([], None),
    ],
)
def test_parse_fast(argv, expected):
    assert parse_fast(argv) == expected


@pytest.fixture
def built(runner, tm_path: Path, tmp_path: Path) -> Path:
    src = tmp_path / "units.tsv"
    src.write_text("zh\ten\n" + "".join("\t".join(r) + "\n" for r in ROWS), encoding="utf-8")
    assert runner.invoke(app, ["--tm", str(tm_path), "import", str(src)]).exit_code == 0
    return tm_path


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tmtool", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "args",
    [
        ["截至3月5日，到岗员工73.9万人。", "--json"],
        ["Guoyuan Port opened a new route.", "--json", "--min", "10", "-n", "1"],
        ["截至3月5日，到岗员工73.9万人。"],
        ["完全无关的句子", "--json"],
    ],
)
def test_fast_path_prints_what_typer_prints(runner, built, args):
    fast = _cli("--tm", str(built), "search", *args)
    typer_run = runner.invoke(app, ["--tm", str(built), "search", *args])
    assert fast.returncode == typer_run.exit_code == 0
    assert fast.stdout == typer_run.stdout
    # `--` sends the same search through typer in a process: same output too.
    options = [a for a in args if a != args[0]]
    slow = _cli("--tm", str(built), "search", *options, "--", args[0])
    assert slow.returncode == 0 and slow.stdout == fast.stdout


def test_fast_path_error_is_one_line(tmp_path: Path):
    missing = tmp_path / "none.sqlite"
    fast = _cli("--tm", str(missing), "search", "x")
    slow = _cli("--tm", str(missing), "search", "--", "x")
    assert fast.returncode == slow.returncode == 1
    assert fast.stderr == slow.stderr
    assert fast.stderr.startswith("error: ") and fast.stderr.count("\n") == 1


def test_fast_path_empty_query_is_the_same_error(built):
    fast = _cli("--tm", str(built), "search", " ")
    slow = _cli("--tm", str(built), "search", "--", " ")
    assert fast.returncode == slow.returncode == 1
    assert fast.stderr == slow.stderr == "error: TEXT is empty: give the text to look up\n"


@pytest.fixture
def port_tm(runner, tm_path, tmp_path):
    """A TM holding one sentence about Guoyuan Port."""
    src = tmp_path / "u.tsv"
    src.write_text("zh\ten\n果园港新开通了一条航线。\tGuoyuan Port opened a new route.\n", "utf-8")
    assert runner.invoke(app, ["--tm", str(tm_path), "import", str(src)]).exit_code == 0
    return tm_path


# Runs `tmtool ARGS…` through main() in a fresh interpreter; stderr ends with the heavy
# modules the process imported (tempfile: ~5 ms that only an import's spill needs).
_PROBE = (
    "import sys\n"
    "sys.argv = ['tmtool'] + sys.argv[1:]\n"
    "from tmtool.cli import main\n"
    "main()\n"
    "print(sorted(m for m in ('typer', 'rich', 'tmtool.cli.app', 'tempfile')"
    " if m in sys.modules),"
    " file=sys.stderr)\n"
)


def _probe(*args: str, env: dict | None = None, check: bool = True):
    return subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=check, env=env
    )


def test_plain_search_process_imports_neither_typer_nor_rich(port_tm):
    for extra in ([], ["--json"]):
        done = _probe("--tm", str(port_tm), "search", "果园港新开通了两条航线。", *extra)
        assert "Guoyuan Port" in done.stdout
        assert done.stderr.strip().splitlines()[-1] == "[]"
    # Anything else loads the app as before.
    done = _probe("--tm", str(port_tm), "search", "果园港", "--verbose", check=False)
    assert "tmtool.cli.app" in done.stderr or done.returncode != 0


def test_search_in_the_default_tm_imports_no_typer_either(port_tm):
    done = _probe(
        "search", "果园港新开通了两条航线。", env={**os.environ, "TMTOOL_TM": str(port_tm)}
    )
    assert "Guoyuan Port" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"
