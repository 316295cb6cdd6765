"""The CLI frame: version, help, TM location, and the error boundary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tmtool import __version__
from tmtool.cli.app import ErrorBoundary, State, resolve_tm_path
from tmtool.errors import InputError


def test_version(runner) -> None:
    from tmtool.cli import app

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"tmtool {__version__}"


def test_help_lists_commands(runner) -> None:
    from tmtool.cli import app

    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


@pytest.mark.parametrize("command", ["search", "concord", "align", "import", "score"])
def test_command_help_paragraphs_are_reflowed(runner, command: str) -> None:
    """A docstring's hard line breaks would leave ragged short lines in an 80-column
    terminal: each paragraph is one line, wrapped by the terminal only."""
    import inspect

    from rich.text import Text

    from tmtool.cli import app

    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "2000"})
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    callback = next(
        c.callback
        for c in app.registered_commands
        if c.name == command or (c.name is None and c.callback.__name__ == command)
    )
    paragraphs = inspect.cleandoc(callback.__doc__).split("\n\n")[1:]
    assert paragraphs
    for paragraph in paragraphs:
        assert Text.from_markup(" ".join(paragraph.split())).plain in lines


def test_reflow_keeps_indented_and_marked_paragraphs() -> None:
    from tmtool.cli.app import reflow

    text = "Title.\n\nOne\nparagraph.\n\nExample:\n  tmtool x\n  tmtool y\n\n\bkeep\nlines"
    assert reflow(text) == (
        "Title.\n\nOne paragraph.\n\nExample:\n  tmtool x\n  tmtool y\n\n\bkeep\nlines"
    )


def test_tm_option_wins_over_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMTOOL_TM", str(tmp_path / "env.sqlite"))
    assert resolve_tm_path(tmp_path / "opt.sqlite") == tmp_path / "opt.sqlite"
    assert resolve_tm_path(None) == tmp_path / "env.sqlite"


def test_default_tm_in_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TMTOOL_TM", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = State().tm_path
    assert path.name == "tm.sqlite"
    assert path.parent.is_dir()
    assert str(path).startswith(str(tmp_path / "xdg"))


def _app_with_failing_command() -> typer.Typer:
    app = typer.Typer(cls=ErrorBoundary)

    @app.command()
    def boom(kind: str) -> None:
        if kind == "input":
            raise InputError("cannot read x.txt: it is empty")
        if kind == "interrupt":
            raise KeyboardInterrupt
        raise RuntimeError("a bug")

    @app.command()
    def other() -> None:
        pass

    return app


def test_library_error_is_one_line_exit_1(runner) -> None:
    result = runner.invoke(_app_with_failing_command(), ["boom", "input"])
    assert result.exit_code == 1
    assert result.stderr == "error: cannot read x.txt: it is empty\n"
    assert result.stdout == ""


def test_interrupt_exits_130(runner) -> None:
    result = runner.invoke(_app_with_failing_command(), ["boom", "interrupt"])
    assert result.exit_code == 130
    assert result.stderr.startswith("error: interrupted")


def test_bug_is_not_swallowed(runner) -> None:
    result = runner.invoke(_app_with_failing_command(), ["boom", "bug"])
    assert isinstance(result.exception, RuntimeError)


def test_usage_error_exits_2(runner) -> None:
    from tmtool.cli import app

    result = runner.invoke(app, ["--no-such-option"])
    assert result.exit_code == 2


def test_python_dash_m_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tmtool", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"tmtool {__version__}"
