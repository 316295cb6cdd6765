"""Schema versioning: ordered migrations keyed on PRAGMA user_version."""

from __future__ import annotations

import sqlite3

import pytest

from tmtool.errors import SchemaError, StoreError
from tmtool.tm import schema
from tmtool.tm.store import TranslationMemory


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
