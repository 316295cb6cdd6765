"""Shared fixtures: a CLI runner and TM locations that never touch the user's real TM."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner


@pytest.fixture(autouse=True)
def _isolated_tm(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default TM and user directories into a temporary folder for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("TMTOOL_TM", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    """A typer CliRunner (stderr is kept apart from stdout in typer ≥ 0.29)."""
    return CliRunner()


@pytest.fixture
def tm_path(tmp_path: Path) -> Path:
    """A TM file path in a fresh temporary folder (the file does not exist yet)."""
    return tmp_path / "tm.sqlite"
