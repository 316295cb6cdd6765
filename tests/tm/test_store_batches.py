"""Imports of raw batches (TSV blocks parsed in the workers) store what imports of units do."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from tmtool.errors import FormatError, StoreError
from tmtool.formats import read_units, tsv
from tmtool.records import TranslationUnit
from tmtool.tm import store
from tmtool.tm.store import TranslationMemory

from .test_store import snapshot
from .tmdata import units


def _data(n: int) -> list[TranslationUnit]:
    base = units()
    out = []
    for i in range(n):
        u = base[i % len(base)]
        k = i % 700  # 2,100 distinct pairs: repeats across batches
        out.append(
            TranslationUnit(
                zh=f"{u.zh}{k}",
                en=f"{u.en} {k}",
                doc=u.doc if i % 5 else None,
                date=u.date if i % 3 else None,
                position=i if i % 11 == 0 else None,
                confidence=0.5 if i % 4 == 0 else None,
                origin="aligned" if i % 9 == 0 else "imported",
            )
        )
    return out


def _same(a: list, b: list) -> None:
    strip = lambda rows: [r[:15] + r[16:] for r in rows]  # noqa: E731  (times differ)
    assert strip(a[0]) == strip(b[0])
    assert a[1:] == b[1:]


@pytest.mark.parametrize("workers", [0, 2])
def test_tsv_blocks_store_what_units_store(tmp_path, workers):
    path = tmp_path / "in.tsv"
    tsv.write(_data(4000), path)
    with (
        TranslationMemory.open(tmp_path / "a.sqlite") as a,
        TranslationMemory.open(tmp_path / "b.sqlite") as b,
    ):
        sa = a.add_units(read_units(path), workers=0)
        sb = b.add_units(tsv.read_blocks(path, 20000), workers=workers)
        assert (sa.added, sa.duplicates) == (sb.added, sb.duplicates) == (2100, 1900)
        _same(snapshot(a), snapshot(b))
        # into a TM that is not empty (the unique index answers for duplicates)
        sa = a.add_units(read_units(path), workers=0)
        sb = b.add_units(tsv.read_blocks(path, 20000), workers=workers)
        assert (sa.added, sa.duplicates) == (sb.added, sb.duplicates) == (0, 4000)
        _same(snapshot(a), snapshot(b))


def test_units_and_blocks_mix_in_one_import(tmp_path):
    path = tmp_path / "in.tsv"
    data = _data(3000)
    tsv.write(data[1000:2000], path)
    with (
        TranslationMemory.open(tmp_path / "a.sqlite") as a,
        TranslationMemory.open(tmp_path / "b.sqlite") as b,
    ):
        a.add_units(data, workers=0)
        b.add_units([*data[:1000], *tsv.read_blocks(path, 5000), *data[2000:]], workers=2)
        _same(snapshot(a), snapshot(b))


@pytest.mark.parametrize("workers", [0, 2])
def test_a_bad_line_deep_in_the_file_leaves_the_tm_as_it_was(tm, tmp_path, workers):
    path = tmp_path / "in.tsv"
    tsv.write(_data(6000), path)
    with path.open("a", encoding="utf-8") as f:
        f.write("中文\t\t\t\t\t\t\n")  # line 6002: the header and 6000 units before it
    before = snapshot(tm)
    with pytest.raises(FormatError, match=r"in\.tsv:6002: empty en field"):
        tm.add_units(tsv.read_blocks(path, 30000), workers=workers)
    assert snapshot(tm) == before


def test_a_bad_origin_names_its_unit(tm_path):
    data = [TranslationUnit(zh=f"句子{i}。", en=f"Sentence {i}.") for i in range(5)]
    data[3] = TranslationUnit(zh="坏。", en="Bad.", origin="guessed")
    with (
        TranslationMemory.open(tm_path) as tm,
        pytest.raises(StoreError, match="unit 4: unknown origin 'guessed'"),
    ):
        tm.add_units(data)


@pytest.mark.parametrize("bad", [1.5, -0.1, float("nan"), "0.9"])
def test_a_bad_confidence_is_refused_and_the_check_stays_on(tm_path, bad):
    """The import checks confidences and origins itself (SQLite's CHECK is off while it
    inserts: it costs half of each insert) and turns SQLite's CHECK back on after."""
    data = [TranslationUnit(zh=f"句子{i}。", en=f"Sentence {i}.") for i in range(5)]
    data[2] = TranslationUnit(zh="坏。", en="Bad.", confidence=bad)
    with TranslationMemory.open(tm_path) as tm:
        with pytest.raises(StoreError, match="outside"):
            tm.add_units(data)
        assert tm.add_units(data[:2]).added == 2
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            tm.conn.execute(
                "INSERT INTO units(zh, en, zh_len, en_len, zh_key, en_key, origin, created) "
                "VALUES ('a', 'b', 1, 1, 1, 2, 'guessed', 0)"
            )


@pytest.mark.parametrize("user", ["o'brien", "a\x00b", "x'); DROP TABLE units; --"])
def test_values_shared_by_every_row_are_stored_as_they_are(tm_path, monkeypatch, user):
    """The user and the origin of an import are written into its statement once; quotes,
    NUL or SQL in them are stored as text."""
    monkeypatch.setattr(store, "_user", lambda: user)
    data = [TranslationUnit(zh=f"句子{i}。", en=f"Sentence {i}.") for i in range(3)]
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(data, origin="aligned")
        rows = tm.conn.execute("SELECT created_by, origin, typeof(created) FROM units").fetchall()
    assert rows == [(user, "aligned", "integer")] * 3


def test_pairs_of_one_import_are_found_also_when_their_mixes_collide(tm_path, monkeypatch):
    """The in-memory duplicate check of an import into an empty TM finds every earlier pair
    and only those, with keys whose 64-bit mixes collide (confirmed against the rows)."""
    monkeypatch.setattr(
        store._PairSet, "_mix", staticmethod(lambda zh, en: zh.view(np.uint64) % np.uint64(3))
    )
    first = [TranslationUnit(zh=f"句子{i}。", en=f"Sentence {i}.") for i in range(40)]
    later = [*first[5:25:2], *(TranslationUnit(zh=f"新{i}。", en=f"New {i}.") for i in range(30))]
    with TranslationMemory.open(tm_path) as tm:
        stats = tm.add_units(iter([*first, *later]), workers=0)
        assert (stats.added, stats.duplicates) == (70, 10)
        counts = dict(tm.conn.execute("SELECT en, occurrences FROM units"))
    assert [e for e, n in counts.items() if n == 2] == [u.en for u in first[5:25:2]]
