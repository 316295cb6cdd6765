"""The store: dedup with occurrences, streaming, delete, and all-or-nothing imports."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tmtool.errors import StoreError
from tmtool.records import TranslationUnit
from tmtool.tm import concordance as conc
from tmtool.tm.store import TranslationMemory

from .tmdata import PAIRS, units


def snapshot(tm: TranslationMemory) -> list:
    conn = tm.conn
    return [
        conn.execute("SELECT * FROM units ORDER BY id").fetchall(),
        conn.execute("SELECT * FROM documents ORDER BY id").fetchall(),
        conn.execute("SELECT term, seg, n, ids FROM postings ORDER BY term, seg").fetchall(),
        conn.execute(
            "SELECT key, value FROM meta WHERE key != 'generation' ORDER BY key"
        ).fetchall(),
    ]


def test_add_and_read_back(tm):
    info = tm.info()
    assert (info.units, info.documents) == (len(PAIRS), 5)
    assert (info.first_date, info.last_date) == ("2020-02-20", "2025-01-05")
    got = list(tm.units())
    assert [u.zh for u in got] == [p[0] for p in PAIRS]
    assert got[0].doc == "doc-a" and got[0].origin == "imported" and got[0].created
    assert tm.get(got[3].id).en == PAIRS[3][1]
    assert tm.get(10**9) is None
    assert [u.zh for u in tm.units(doc="doc-b")] == [p[0] for p in PAIRS[3:6]]


def test_info_leaves_the_memory_map_as_the_caller_set_it(tm):
    # An export turns the map off for its sequential scan (mapped pages count as resident
    # memory: a 1M-unit export peaked at 477 MB with it); info() must not turn it back on.
    (default,) = tm.conn.execute("PRAGMA mmap_size").fetchone()
    assert default > 0
    tm.conn.execute("PRAGMA mmap_size = 0")
    assert tm.info().units == len(PAIRS)
    assert tm.conn.execute("PRAGMA mmap_size").fetchone() == (0,)
    tm.conn.execute(f"PRAGMA mmap_size = {default}")
    tm.info()
    assert tm.conn.execute("PRAGMA mmap_size").fetchone() == (default,)


def test_reimport_counts_occurrences_and_normalized_duplicates(tm):
    stats = tm.add_units(units())
    assert (stats.added, stats.duplicates) == (0, len(PAIRS))
    # Full-width digits, different spacing and case are the same normalized pair.
    variant = TranslationUnit(
        zh="两江新区今年新签约项目２３个。",
        en="LIANGJIANG  New Area signed 23 new projects this year.",
    )
    stats = tm.add_units([variant, variant])
    assert (stats.added, stats.duplicates) == (0, 2)
    first = next(tm.units())
    assert tm.occurrences(first.id) == 4
    assert tm.info().units == len(PAIRS)


def test_duplicates_within_one_import(tm_path):
    with TranslationMemory.open(tm_path) as tm:
        stats = tm.add_units(units() + units())
        assert (stats.added, stats.duplicates) == (len(PAIRS), len(PAIRS))


def test_origin_and_confidence(tm_path):
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units([TranslationUnit(zh="你好。", en="Hello.", confidence=0.4)], origin="aligned")
        u = next(tm.units())
        assert (u.origin, u.confidence) == ("aligned", 0.4)
        assert [x.zh for x in tm.units(min_confidence=0.5)] == []
        with pytest.raises(StoreError, match="origin"):
            tm.add_units([TranslationUnit(zh="再见。", en="Bye.")], origin="guessed")
        with pytest.raises(StoreError, match="confidence"):
            tm.add_units([TranslationUnit(zh="再见。", en="Bye.", confidence=1.5)])
        assert tm.info().units == 1


def _failing(after: int, exc: BaseException):
    for i, u in enumerate(units() * 400):
        if i == after:
            raise exc
        yield TranslationUnit(zh=f"{u.zh}{i}", en=f"{u.en} {i}", doc=f"new-{i % 3}")


@pytest.mark.parametrize("exc", [ValueError("bad record"), KeyboardInterrupt()])
def test_failed_import_leaves_the_tm_exactly_as_it_was(tm, exc):
    before = snapshot(tm)
    with pytest.raises(type(exc)):
        tm.add_units(_failing(5000, exc), workers=0)
    assert snapshot(tm) == before
    assert tm.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_failed_parallel_import_leaves_the_tm_as_it_was(tm):
    before = snapshot(tm)
    with pytest.raises(KeyboardInterrupt):
        tm.add_units(_failing(5000, KeyboardInterrupt()), workers=2)
    assert snapshot(tm) == before


def test_parallel_and_inline_imports_store_the_same(tmp_path):
    data = list(_failing(10**9, ValueError()))[:15000]
    with (
        TranslationMemory.open(tmp_path / "a.sqlite") as a,
        TranslationMemory.open(tmp_path / "b.sqlite") as b,
    ):
        a.add_units(data, workers=0)
        b.add_units(data, workers=2)
        sa, sb = snapshot(a), snapshot(b)
        strip = lambda rows: [r[:14] for r in rows]  # noqa: E731  (times differ)
        assert strip(sa[0]) == strip(sb[0])
        assert sa[2:] == sb[2:]


@pytest.mark.parametrize(("bits", "workers"), [(1, 0), (8, 0), (8, 2)])
def test_spilled_postings_give_the_same_index(tmp_path, monkeypatch, bits, workers):
    data = list(_failing(10**9, ValueError()))[:6000]
    data += data[:50]  # duplicates across spilled runs are still counted
    with TranslationMemory.open(tmp_path / "a.sqlite") as a:
        a.add_units(data, workers=0)
        expected = snapshot(a)
    monkeypatch.setattr("tmtool.tm.store._CHUNK", 150)  # dozens of spilled chunks
    monkeypatch.setattr("tmtool.tm.store._INLINE_UNITS", 300)  # most spilled by workers
    monkeypatch.setattr("tmtool.tm.index.PARTITION_BITS", bits)
    with TranslationMemory.open(tmp_path / "b.sqlite") as b:
        stats = b.add_units(data, workers=workers)  # 2: merged and packed in forked packers
        assert stats.duplicates >= 50
        got = snapshot(b)
        strip = lambda rows: [r[:15] + r[16:] for r in rows]  # noqa: E731  (times differ)
        assert strip(got[0]) == strip(expected[0])
        assert got[2:] == expected[2:]
        assert b.conn.execute("SELECT COUNT(*) FROM sqlite_temp_master").fetchone()[0] == 0


def test_failed_import_after_spilling_leaves_the_tm_as_it_was(tm, monkeypatch):
    monkeypatch.setattr("tmtool.tm.store._CHUNK", 150)
    before = snapshot(tm)
    with pytest.raises(KeyboardInterrupt):
        tm.add_units(_failing(5000, KeyboardInterrupt()), workers=0)
    assert snapshot(tm) == before
    tm.add_units(
        list(_failing(10**9, ValueError()))[:3000], workers=0
    )  # a later import spills afresh
    assert tm.info().units > len(before[0])


def test_delete_by_id_doc_and_confidence_keeps_counts_exact(tm):
    assert conc.count(tm, "两江新区") == 5
    first = next(tm.units())
    assert tm.delete(ids=[first.id]) == 1
    assert conc.count(tm, "两江新区") == 4
    assert tm.delete(doc="doc-b") == 3
    assert conc.count(tm, "两江新区") == 2
    assert conc.count(tm, "果园港") == 1
    assert tm.info().documents == 4
    tm.add_units([TranslationUnit(zh="两江新区很大。", en="It is big.", confidence=0.2)])
    assert tm.delete(below_confidence=0.5) == 1
    assert conc.count(tm, "两江新区") == 2
    with pytest.raises(StoreError):
        tm.delete()


def test_many_small_imports_are_compacted_and_stay_correct(tm_path):
    with TranslationMemory.open(tm_path) as tm:
        for i in range(12):
            tm.add_units(
                [
                    TranslationUnit(
                        zh=f"两江新区第{i}批项目。", en=f"Batch {i} of Liangjiang projects."
                    )
                ]
            )
        segments = tm.conn.execute(
            "SELECT MAX(c) FROM (SELECT COUNT(*) c FROM postings GROUP BY term)"
        ).fetchone()[0]
        assert segments <= 8
        assert conc.count(tm, "两江新区") == 12
        assert [h.id for h in conc.find_hits(tm, "批项目", limit=3)] == [12, 11, 10]


def test_cache_sees_writes_of_another_connection(tm_path):
    with TranslationMemory.open(tm_path) as a, TranslationMemory.open(tm_path) as b:
        a.add_units(units())
        assert conc.count(b, "果园港") == 2
        a.add_units([TranslationUnit(zh="果园港很忙。", en="Guoyuan Port is busy.")])
        assert conc.count(b, "果园港") == 3


def test_readers_see_no_uncommitted_rows(tm_path):
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(units())

        def gen():
            yield TranslationUnit(zh="新句子。", en="A new sentence.")
            other = sqlite3.connect(tm_path)
            assert other.execute("SELECT COUNT(*) FROM units").fetchone()[0] == len(PAIRS)
            other.close()
            raise ValueError("stop")

        with pytest.raises(ValueError):
            tm.add_units(gen(), workers=0)


def test_failed_bulk_import_into_an_empty_tm_keeps_its_indexes(tm_path, monkeypatch):
    monkeypatch.setattr("tmtool.tm.store._CHUNK", 150)
    with TranslationMemory.open(tm_path) as tm:
        indexes = sorted(r[0] for r in tm.conn.execute("SELECT name FROM sqlite_master"))
        with pytest.raises(KeyboardInterrupt):
            tm.add_units(_failing(5000, KeyboardInterrupt()), workers=0)
        assert sorted(r[0] for r in tm.conn.execute("SELECT name FROM sqlite_master")) == indexes
        assert tm.info().units == 0
        assert tm.conn.execute("SELECT COUNT(*) FROM postings").fetchone()[0] == 0


def test_bulk_import_counts_duplicates_like_the_index(tmp_path):
    base = list(_failing(10**9, ValueError()))[:3000]
    again = base[::7] + [TranslationUnit(zh=u.zh.upper(), en=u.en.upper()) for u in base[:5]]
    data = base + again
    with (
        TranslationMemory.open(tmp_path / "a.sqlite") as a,
        TranslationMemory.open(tmp_path / "b.sqlite") as b,
    ):
        bulk = a.add_units(data, workers=0)  # empty TM: duplicates found in memory
        b.add_units(data[:1], workers=0)
        indexed = b.add_units(data[1:], workers=0)  # not empty: the unique index answers
        assert (bulk.added, bulk.duplicates) == (indexed.added + 1, indexed.duplicates)
        assert (bulk.added, bulk.duplicates) == (len(base), len(again))
        occurrences = "SELECT id, occurrences FROM units ORDER BY id"
        assert a.conn.execute(occurrences).fetchall() == b.conn.execute(occurrences).fetchall()


def test_creator_and_last_changer_are_kept_apart(tm_path):
    unit = TranslationUnit(
        zh="雨停了。",
        en="The rain stopped.",
        created="2024-03-01T08:00:00Z",
        changed="2024-03-02T09:30:00Z",
        user="translator",
        changed_by="editor",
    )
    with TranslationMemory.open(tm_path) as tm:
        tm.add_units([unit, TranslationUnit(zh="风停了。", en="The wind dropped.", user="t2")])
        first, second = tm.units()
    assert (first.user, first.changed_by, first.changed) == (
        "translator",
        "editor",
        "2024-03-02T09:30:00Z",
    )
    assert (second.user, second.changed_by) == ("t2", None)


@pytest.mark.parametrize("ids", [[2**63], [10**20, -(10**20)], [0, -1]])
def test_delete_ids_no_unit_can_have_delete_nothing(tm, ids):
    # ids beyond SQLite's 64-bit integers raised OverflowError (a traceback in the CLI)
    before = tm.info().units
    assert tm.delete(ids=ids) == 0
    first = next(tm.units())
    assert tm.delete(ids=[*ids, first.id]) == 1
    assert tm.info().units == before - 1


def test_a_document_name_with_a_lone_surrogate_names_no_document(tm):
    # SQLite cannot bind such text: UnicodeEncodeError from delete and units
    before = tm.info().units
    assert tm.delete(doc="doc-\udcff") == 0
    assert list(tm.units(doc="\ud800")) == []
    assert tm.info().units == before


@pytest.mark.parametrize("unit_id", [2**63, -(2**63) - 1, 10**30])
def test_get_of_an_id_no_unit_can_have(tm, unit_id):
    assert tm.get(unit_id) is None


def test_a_tm_that_cannot_be_written_is_a_store_error_and_unchanged(tm):
    # an immutable or read-only file: OperationalError tracebacks from import and delete
    before = snapshot(tm)
    tm.conn.execute("PRAGMA query_only = 1")  # writes fail as on a read-only file
    with pytest.raises(StoreError, match="cannot write the translation memory"):
        tm.delete(ids=[1])
    with pytest.raises(StoreError, match="cannot write the translation memory"):
        tm.add_units([TranslationUnit(zh="只读。", en="Read only.")], workers=0)
    tm.conn.execute("PRAGMA query_only = 0")
    assert snapshot(tm) == before
    assert tm.delete(ids=[1]) == 1  # usable afterwards


def test_a_tm_path_under_a_file_is_a_store_error(tmp_path):
    # the folder could not be made: FileExistsError / NotADirectoryError tracebacks
    blocker = tmp_path / "plain.txt"
    blocker.write_text("x", encoding="utf-8")
    for path in (blocker / "tm.sqlite", blocker / "sub" / "tm.sqlite"):
        with pytest.raises(StoreError, match="cannot create the translation memory"):
            TranslationMemory.open(path)
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("path", ["/proc/self/status", "/dev/null"])
def test_a_tm_file_sqlite_cannot_open_is_named_so(path):
    # said "not a tmtool translation memory (disk I/O error)": the cause is opening it
    with pytest.raises(StoreError, match="cannot open the translation memory"):
        TranslationMemory.open(Path(path), create=False)
