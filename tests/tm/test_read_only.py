"""A TM in a folder that cannot be written (a shared TM on a read-only share): the reading
commands work, the writing ones fail with one line, and nothing in the folder changes."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tmtool.errors import StoreError
from tmtool.tm import concordance, fuzzy
from tmtool.tm.store import TranslationMemory

from .tmdata import units


@pytest.fixture
def seal(tmp_path: Path) -> Iterator[Callable[[Path], Path]]:
    """``seal(folder)`` → a read-only view of ``folder`` (a read-only bind mount for root,
    whom file modes do not stop; ``chmod 555`` for anyone else). Skips where neither works."""
    mounts: list[Path] = []
    modes: list[Path] = []

    def make(folder: Path) -> Path:
        if os.geteuid() != 0:
            folder.chmod(0o555)
            modes.append(folder)
            return folder
        view = tmp_path / f"{folder.name}-ro"
        view.mkdir()
        for cmd in (
            ["mount", "--bind", str(folder), str(view)],
            ["mount", "-o", "remount,bind,ro", str(view)],
        ):
            done = subprocess.run(cmd, capture_output=True, check=False)
            if done.returncode != 0:
                if cmd[1] != "--bind":
                    subprocess.run(["umount", str(view)], check=False)
                pytest.skip("a read-only folder cannot be made here (root without mount)")
            if cmd[1] == "--bind":
                mounts.append(view)
        return view

    yield make
    for view in mounts:
        if subprocess.run(["umount", str(view)], check=False).returncode:
            subprocess.run(["umount", "-l", str(view)], check=False)  # (a file left open)
    for folder in modes:
        folder.chmod(0o755)


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A folder holding a TM closed cleanly (no -wal or -shm file left)."""
    folder = tmp_path / "share"
    folder.mkdir()
    with TranslationMemory.open(folder / "tm.sqlite") as tm:
        tm.add_units(units())
    assert sorted(p.name for p in folder.iterdir()) == ["tm.sqlite"]
    return folder


def test_reading_a_tm_in_a_read_only_folder(shared: Path, seal) -> None:
    with TranslationMemory.open(shared / "tm.sqlite") as tm:
        expected_search = [m.to_json() for m in fuzzy.search(tm, "两江新区今年新签约项目24个。")]
        expected_info = tm.info()
    folder = seal(shared)
    before = _snapshot(folder)
    with TranslationMemory.open(folder / "tm.sqlite", create=False, read_only=True) as tm:
        assert [
            m.to_json() for m in fuzzy.search(tm, "两江新区今年新签约项目24个。")
        ] == expected_search
        assert expected_search
        assert concordance.concordance(tm, "两江").total > 0
        assert tm.info().units == expected_info.units
        with pytest.raises(StoreError, match="cannot write"):
            tm.add_units(units())
    assert _snapshot(folder) == before


def test_writing_commands_refuse_a_read_only_folder_with_one_line(shared: Path, seal) -> None:
    folder = seal(shared)
    before = _snapshot(folder)
    with pytest.raises(StoreError, match="cannot open the translation memory"):
        TranslationMemory.open(folder / "tm.sqlite")
    assert _snapshot(folder) == before


def test_a_left_log_in_a_read_only_folder_is_refused_with_the_reason(tmp_path: Path, seal) -> None:
    """An immutable read would not see the transactions in the -wal log: refused."""
    live = tmp_path / "live"
    live.mkdir()
    with TranslationMemory.open(live / "tm.sqlite") as tm:
        tm.add_units(units()[:1])
    writer = sqlite3.connect(live / "tm.sqlite", isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE units SET notes = 'x'")
    folder = tmp_path / "copy"
    folder.mkdir()
    for name in ("tm.sqlite", "tm.sqlite-wal"):
        shutil.copy(live / name, folder / name)
    writer.close()
    assert (folder / "tm.sqlite-wal").stat().st_size > 0
    view = seal(folder)
    with pytest.raises(StoreError, match="write-ahead log"):
        TranslationMemory.open(view / "tm.sqlite", create=False, read_only=True)


def test_an_old_tm_in_a_read_only_folder_says_how_to_upgrade(tmp_path: Path, seal) -> None:
    from .test_schema import _v1_file

    folder = tmp_path / "old"
    folder.mkdir()
    _v1_file(folder / "tm.sqlite")
    view = seal(folder)
    with pytest.raises(StoreError, match=r"schema version 1.*upgrade"):
        TranslationMemory.open(view / "tm.sqlite", create=False, read_only=True)


def test_read_only_open_of_a_writable_tm_is_the_usual_open(shared: Path) -> None:
    with TranslationMemory.open(shared / "tm.sqlite", create=False, read_only=True) as tm:
        assert tm.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert fuzzy.search(tm, "两江新区今年新签约项目24个。")


def test_cli_reads_a_read_only_folder_and_refuses_writes(
    shared: Path, seal, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from tmtool.cli import app

    folder = seal(shared)
    before = _snapshot(folder)
    tm = ["--tm", str(folder / "tm.sqlite")]
    runner = CliRunner()
    for args in (
        ["search", "两江新区今年新签约项目24个。", "--json"],
        ["concord", "两江", "--json"],
        ["info", "--json"],
        ["export", str(tmp_path / "out.tmx")],
    ):
        result = runner.invoke(app, tm + args)
        assert result.exit_code == 0, (args, result.stderr)
    assert f'"units": {len(units())}' in runner.invoke(app, [*tm, "info", "--json"]).stdout
    assert (tmp_path / "out.tmx").stat().st_size > 0
    for args in (["delete", "1"], ["import", str(tmp_path / "out.tmx")]):
        result = runner.invoke(app, tm + args)
        assert result.exit_code == 1
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert _snapshot(folder) == before
