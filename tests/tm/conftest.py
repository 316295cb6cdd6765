"""A small invented TM shared by the tm tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmtool.tm.store import TranslationMemory

from .tmdata import units


@pytest.fixture
def tm(tmp_path: Path):
    with TranslationMemory.open(tmp_path / "tm.sqlite") as memory:
        memory.add_units(units())
        yield memory
