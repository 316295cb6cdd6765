"""Schema versioning: ordered migrations keyed on PRAGMA user_version."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.errors import SchemaError, StoreError
from tmtool.tm import schema
from tmtool.tm.store import TranslationMemory
from tmtool.tm.terms import chunk_terms


def test_fresh_database_is_at_latest_version_in_wal_mode(tm_path):
    with TranslationMemory.open(tm_path) as tm:
        assert schema.version(tm.conn) == schema.LATEST
        assert tm.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrate_twice_applies_nothing(tm_path):
    TranslationMemory.open(tm_path).close()
    conn = sqlite3.connect(tm_path, isolation_level=None)
    assert schema.migrate(conn) == 0
    conn.close()


def test_newer_schema_is_refused(tm_path):
    TranslationMemory.open(tm_path).close()
    conn = sqlite3.connect(tm_path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    with pytest.raises(SchemaError, match="schema version"):
        TranslationMemory.open(tm_path)


def test_not_a_database_is_a_store_error(tmp_path):
    bogus = tmp_path / "tm.sqlite"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a tmtool translation memory"):
        TranslationMemory.open(bogus)


def test_missing_tm_without_create(tm_path):
    with pytest.raises(StoreError, match="no translation memory"):
        TranslationMemory.open(tm_path, create=False)
    assert not tm_path.exists()


@pytest.mark.parametrize(
    "text",
    [
        "两江新区（重庆）：增长6.2％！",
        "“中欧班列”开行；GDP增长？",
        "张 锦辉",
        "臺灣",
        "ＧＤＰ",
        "Hello  World",
        "It’s “fine”.",
        "O'Neil said",
    ],
)
def test_forms_left_to_sql_are_rebuilt_exactly(tm_path, text):
    from tmtool.records import TranslationUnit
    from tmtool.text.normalize import fold

    with TranslationMemory.open(tm_path) as tm:
        tm.add_units([TranslationUnit(zh=text, en=text)])
        zh, en = tm.conn.execute(
            f"SELECT {schema.form_sql('zh')}, {schema.form_sql('en')} FROM units u"
        ).fetchone()
        assert zh == en == fold(text)


def test_new_tm_uses_large_pages(tm_path):
    from tmtool.tm.store import PAGE_SIZE

    with TranslationMemory.open(tm_path) as tm:
        assert tm.conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE


def _v1_file(path) -> None:
    """A database as tmtool wrote it at schema version 1 (pair_key column, text times)."""
    from tmtool.tm import index
    from tmtool.tm.prepare import key, prepare

    conn = sqlite3.connect(path, isolation_level=None)
    schema.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    p = prepare("两江新区很大。", "Liangjiang is big.")
    conn.execute(
        "INSERT INTO units(id, zh, en, zh_m, en_m, zh_len, en_len, pair_key, zh_key, en_key, "
        "origin, occurrences, created, created_by) "
        "VALUES (1, '两江新区很大。', 'Liangjiang is big.', ?, ?, ?, ?, ?, ?, ?, 'imported', 2, "
        "'2024-05-06T07:08:09Z', 'ed')",
        (p.zh_stored, p.en_stored, p.zh_len, p.en_len, key(p.zh_m + "\x00" + p.en_m),
         p.zh_key, p.en_key),
    )  # fmt: skip
    chunk = chunk_terms([p.zh_m], [p.en_words])
    buffer = index.PostingsBuffer()
    buffer.add_chunk(np.array([1]), chunk)
    buffer.flush(conn)
    conn.close()


def test_version_1_file_is_migrated_without_losing_anything(tmp_path):
    from tmtool.records import TranslationUnit
    from tmtool.tm import concordance, fuzzy

    path = tmp_path / "old.sqlite"
    _v1_file(path)
    with TranslationMemory.open(path) as tm:
        assert schema.version(tm.conn) == schema.LATEST == 2
        columns = [r[1] for r in tm.conn.execute("PRAGMA table_info(units)")]
        assert "pair_key" not in columns
        indexes = {r[1] for r in tm.conn.execute("PRAGMA index_list(units)")}
        assert set(schema.KEY_INDEXES) <= indexes
        (unit,) = tm.units()
        assert (unit.zh, unit.en, unit.created, unit.user) == (
            "两江新区很大。",
            "Liangjiang is big.",
            "2024-05-06T07:08:09Z",
            "ed",
        )
        assert tm.occurrences(1) == 2
        stats = tm.add_units([TranslationUnit(zh="两江新区很大。", en="LIANGJIANG is big.")])
        assert (stats.added, stats.duplicates) == (0, 1)
        assert tm.occurrences(1) == 3
        assert concordance.count(tm, "两江") == 1
        assert fuzzy.search(tm, "两江新区很大。")[0].score == 100.0


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2024-05-06T07:08:09Z", 1714979289),
        ("1969-12-31T23:59:59Z", -1),
        ("2024-05-06T07:08:09", "2024-05-06T07:08:09"),  # not UTC: kept as text
        ("2024-02-30T00:00:00Z", "2024-02-30T00:00:00Z"),  # not a date: kept as text
        ("2024-05-06 07:08:09Z", "2024-05-06 07:08:09Z"),
        ("yesterday", "yesterday"),
    ],
)
def test_times_are_stored_compactly_and_losslessly(text, stored):
    assert schema.encode_time(text) == stored
    assert schema.decode_time(schema.encode_time(text)) == text


def test_bulk_import_builds_the_key_indexes(tm_path):
    from tmtool.records import TranslationUnit

    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(TranslationUnit(zh=f"第{i}句。", en=f"Sentence {i}.") for i in range(50))
        indexes = {r[1] for r in tm.conn.execute("PRAGMA index_list(units)")}
        assert set(schema.KEY_INDEXES) <= indexes
        plan = " ".join(
            str(r)
            for r in tm.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM units WHERE en_key = 1")
        )
        assert "units_en_key" in plan
        with pytest.raises(sqlite3.IntegrityError):
            tm.conn.execute(
                "INSERT INTO units(zh, en, zh_len, en_len, zh_key, en_key, origin, created) "
                "SELECT zh, en, zh_len, en_len, zh_key, en_key, origin, created FROM units LIMIT 1"
            )


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("AZaz09 ，（）：；？！“”％—–‘’…。两江臺Ｇé\ud800\u00a0")),
        max_size=20,
    )
)
def test_stored_forms_match_the_sql_that_rebuilds_them(text):
    conn = sqlite3.connect(":memory:")
    zh_sql = schema.form_sql("zh").replace("u.zh_m", "NULL").replace("u.zh", "?")
    en_sql = schema.form_sql("en").replace("u.en_m", "NULL").replace("u.en", "?")
    safe = text.encode("utf-8", "replace").decode("utf-8")  # SQLite needs valid UTF-8
    zh, en = conn.execute(f"SELECT {zh_sql}, {en_sql}", (safe, safe)).fetchone()
    assert schema.stored_zh_form(safe, zh) is None
    assert schema.stored_en_form(safe, en) is None
    assert schema.stored_zh_form(safe, zh + "x") == zh + "x"


def test_an_upgraded_file_gives_back_the_space_of_the_rebuilt_table(tmp_path):
    path = tmp_path / "old.sqlite"
    _v1_file(path)
    conn = sqlite3.connect(path, isolation_level=None)
    filler = "重庆两江新区" * 200
    conn.executemany(
        "INSERT INTO units(id, zh, en, zh_len, en_len, pair_key, zh_key, en_key, origin, "
        "created) VALUES (?, ?, 'x', 1, 1, ?, ?, ?, 'imported', '2024-05-06T07:08:09Z')",
        [(i, filler + str(i), i, i, i) for i in range(2, 400)],
    )
    conn.close()
    with TranslationMemory.open(path) as tm:
        assert schema.version(tm.conn) == schema.LATEST
        (free,) = tm.conn.execute("PRAGMA freelist_count").fetchone()
        assert free == 0
        assert tm.info_units() == 399


@pytest.mark.parametrize(
    ("version", "tables"),
    [(0, ["foo"]), (0, ["units"]), (3, ["meta", "notes"]), (1, ["items", "units_fts"])],
)
def test_sqlite_file_of_another_program_is_refused_and_left_alone(tmp_path, version, tables):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other, isolation_level=None)
    for name in tables:
        conn.execute(f"CREATE TABLE {name} (x)")
        conn.execute(f"INSERT INTO {name} VALUES (1)")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    before = other.read_bytes()
    for create in (True, False):
        with pytest.raises(StoreError, match=r"not a tmtool translation memory.*another program"):
            TranslationMemory.open(other, create=create)
    assert other.read_bytes() == before  # no tmtool tables added, no switch to WAL
    assert not (tmp_path / "other.sqlite-wal").exists()
