"""The README stays true: every command is documented, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    from typer.main import get_command

    from tmtool.cli import app

    return sorted(get_command(app).commands)  # type: ignore[attr-defined]


def _quick_start_blocks() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.*?)\n```", section, flags=re.S)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_and_a_readme_section(name: str) -> None:
    from typer.main import get_command

    from tmtool.cli import app

    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert (command.help or "").strip(), f"tmtool {name} has no help text"
    assert f"tmtool {name}" in README or f"`{name}`" in README, f"README does not show {name}"


def test_quick_start_has_exactly_two_commands() -> None:
    blocks = _quick_start_blocks()
    assert len(blocks) >= 2
    assert "tmtool align" in blocks[0] and "tmtool search" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _quick_start_blocks()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines(), "the README's test command and .ci/run differ"
