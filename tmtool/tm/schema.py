"""The TM's SQLite schema and its ordered migrations, keyed on ``PRAGMA user_version``.

A database at version *n* has had migrations ``1..n`` applied; :func:`migrate` applies the
missing ones in order, each in its own transaction, and refuses a database written by a
newer tmtool (:class:`~tmtool.errors.SchemaError`) instead of guessing.

Tables
------
``units``
    One row per distinct normalized pair. ``zh``/``en`` are the original text, ``zh_m``/``en_m``
    their matching forms (:func:`tmtool.text.normalize.fold`), NULL when SQL can rebuild
    them — ``lower(en)`` after curly quotes, dashes and ellipses for most English, a few
    punctuation replacements for most Chinese —
    which saves a third of the space: read them through :func:`form_sql`), ``zh_len``/``en_len`` their
    match-token counts (the length bound of the fuzzy search). ``zh_key``/``en_key`` are 63-bit
    hashes of one side's matching form: "several translations of one source" is an index
    lookup, and the pair ``(zh_key, en_key)`` is unique (the normalized pair, without a
    second copy of the text). ``occurrences`` counts how often the pair was imported.
    ``created``/``changed`` hold a UTC time ``YYYY-MM-DDThh:mm:ssZ`` as whole seconds since
    the epoch (4 bytes instead of 20; any other text is kept as it is, see
    :func:`encode_time`); ``changed``/``changed_by`` are NULL while equal to
    ``created``/``created_by``.
``documents``
    The documents units came from (name unique, date).
``postings``
    The inverted index (see :mod:`tmtool.tm.index`): ``term`` → packed sorted unit ids, stored
    in segments (one per import that touched the term) so that small imports stay cheap.
``meta``
    Key/value pairs: the index generation (bumped by every write, invalidates caches).

Versions: 1 had a ``pair_key`` column (a third hash, of the pair) with its own unique index
and a ``zh_key`` index; 2 makes ``(zh_key, en_key)`` the unique key (the same pairs, one
hash and one index less per unit) and stores times as integers.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

from tmtool.errors import SchemaError

_V1 = """
CREATE TABLE documents (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    date    TEXT
);
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    zh          TEXT NOT NULL,
    en          TEXT NOT NULL,
    zh_m        TEXT,
    en_m        TEXT,
    zh_len      INTEGER NOT NULL,
    en_len      INTEGER NOT NULL,
    pair_key    INTEGER UNIQUE,
    zh_key      INTEGER NOT NULL,
    en_key      INTEGER NOT NULL,
    doc_id      INTEGER REFERENCES documents(id),
    position    INTEGER,
    date        TEXT,
    origin      TEXT NOT NULL CHECK (origin IN ('aligned', 'imported', 'edited')),
    confidence  REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    occurrences INTEGER NOT NULL DEFAULT 1,
    created     TEXT NOT NULL,
    created_by  TEXT,
    changed     TEXT,
    changed_by  TEXT,
    props       TEXT,
    notes       TEXT
);
CREATE INDEX units_zh_key ON units(zh_key);
CREATE INDEX units_en_key ON units(en_key);
CREATE TABLE postings (
    term    TEXT NOT NULL,
    seg     INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    ids     BLOB NOT NULL
);
CREATE UNIQUE INDEX postings_term ON postings(term, seg);
CREATE TABLE meta (
    key     TEXT PRIMARY KEY,
    value
);
INSERT INTO meta(key, value) VALUES ('generation', 0);
"""


# Full-width punctuation that Chinese text uses and the matching form folds to ASCII.
ZH_FOLDS = (("，", ","), ("（", "("), ("）", ")"), ("：", ":"), ("；", ";"), ("？", "?"),
            ("！", "!"), ("“", '"'), ("”", '"'), ("％", "%"), ("—", "-"), ("‘", "'"), ("’", "'"),
            ("…", "..."))  # fmt: skip
# The one-character marks English text uses and the matching form folds (curly quotes, en and
# em dashes, the ellipsis: the non-ASCII characters of most English rows; what
# tmtool.text.normalize.fold makes of each, on its own or between letters).
EN_FOLDS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("—", "-"), ("–", "-"),
            ("…", "..."))  # fmt: skip
_ASCII_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """SQLite's ``lower()``: ASCII letters only (UTF-8 multi-byte sequences hold no ASCII)."""
    return (
        text.encode("utf-8", "surrogatepass")
        .translate(_ASCII_LOWER)
        .decode("utf-8", "surrogatepass")
    )


def _folds_sql(column: str, folds: tuple[tuple[str, str], ...]) -> str:
    sql = column
    for a, b in folds:
        sql = f"replace({sql}, '{a}', '{b.replace(chr(39), chr(39) * 2)}')"
    return f"lower({sql})"


def form_sql(lang: str, alias: str = "u") -> str:
    """SQL for the matching form of side ``lang`` of the unit row ``alias``."""
    if lang == "en":
        return f"COALESCE({alias}.en_m, {_folds_sql(alias + '.en', EN_FOLDS)})"
    return f"COALESCE({alias}.zh_m, {_folds_sql(alias + '.zh', ZH_FOLDS)})"


def derived_en_form(en: str) -> str:
    """``form_sql("en")`` of a row whose ``en_m`` is NULL, in Python: the ``EN_FOLDS``
    replacements, then SQLite's ``lower`` (ASCII letters only)."""
    if en.isascii():
        return en.lower()
    for a, b in EN_FOLDS:
        en = en.replace(a, b)  # (C loops: faster than one str.translate here)
    return ascii_lower(en)


def stored_en_form(en: str, en_m: str) -> str | None:
    """What goes into ``units.en_m``: None when :func:`form_sql`'s replacements give it back.

    A TM written before ``EN_FOLDS`` (when NULL meant ``lower(en)``) needs no migration: a
    matching form never holds an ``EN_FOLDS`` mark (NFKC expands ``…``, the quote and dash
    folds take the others), so where ``lower(en)`` was the form ``en`` held none of them and
    the replacements leave it as it was; a form stored then is still read as it is.
    """
    return None if derived_en_form(en) == en_m else en_m


def stored_zh_form(zh: str, zh_m: str) -> str | None:
    """What goes into ``units.zh_m``: None when :func:`form_sql`'s replacements give it back."""
    simple = zh
    for a, b in ZH_FOLDS:
        simple = simple.replace(a, b)  # (C loops: faster than one str.translate here)
    return None if ascii_lower(simple) == zh_m else zh_m


_UNITS_V2 = """
CREATE TABLE units_v2 (
    id          INTEGER PRIMARY KEY,
    zh          TEXT NOT NULL,
    en          TEXT NOT NULL,
    zh_m        TEXT,
    en_m        TEXT,
    zh_len      INTEGER NOT NULL,
    en_len      INTEGER NOT NULL,
    zh_key      INTEGER NOT NULL,
    en_key      INTEGER NOT NULL,
    doc_id      INTEGER REFERENCES documents(id),
    position    INTEGER,
    date        TEXT,
    origin      TEXT NOT NULL CHECK (origin IN ('aligned', 'imported', 'edited')),
    confidence  REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    occurrences INTEGER NOT NULL DEFAULT 1,
    created     NOT NULL,
    created_by  TEXT,
    changed,
    changed_by  TEXT,
    props       TEXT,
    notes       TEXT
);
INSERT INTO units_v2
    SELECT id, zh, en, zh_m, en_m, zh_len, en_len, zh_key, en_key, doc_id, position, date,
           origin, confidence, occurrences, created, created_by, changed, changed_by, props, notes
    FROM units ORDER BY id;
DROP TABLE units;
ALTER TABLE units_v2 RENAME TO units;
CREATE UNIQUE INDEX units_pair ON units(zh_key, en_key);
CREATE INDEX units_en_key ON units(en_key);
"""
# ``created``/``changed`` have no declared type (no affinity): an integer stays an integer
# and any other text stays text.

KEY_INDEXES = {
    "units_pair": "CREATE UNIQUE INDEX units_pair ON units(zh_key, en_key)",
    "units_en_key": "CREATE INDEX units_en_key ON units(en_key)",
}
"""The unit key indexes; a bulk import into an empty TM drops and rebuilds them."""

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def encode_time(text: str) -> int | str:
    """A time as stored: ``YYYY-MM-DDThh:mm:ssZ`` → seconds since the epoch, other text as is.

    Lossless: :func:`decode_time` gives back exactly ``text``.
    """
    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
        try:
            value = datetime.fromisoformat(text[:19]).replace(tzinfo=timezone.utc)
        except ValueError:
            return text
        seconds = int(value.timestamp())
        if decode_time(seconds) == text:
            return seconds
    return text


def decode_time(value: int | str | None) -> str | None:
    """The text of a stored time (see :func:`encode_time`)."""
    if isinstance(value, int):
        return datetime.fromtimestamp(value, timezone.utc).strftime(_TIME_FORMAT)
    return value


Migration = Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Migration:
    def run(conn: sqlite3.Connection) -> None:
        for statement in sql.split(";"):
            if statement.strip():
                conn.execute(statement)

    return run


MIGRATIONS: tuple[Migration, ...] = (_script(_V1), _script(_UNITS_V2))
"""Migration ``i`` (0-based) takes a database from ``user_version`` i to i + 1. Append only."""

LATEST = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    """The database's ``PRAGMA user_version``."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of a database that is not a tmtool TM (another program's SQLite file);
    ``[]`` for a TM or an empty database.

    A TM has ``units`` and ``meta`` and a ``user_version`` of at least 1 (the first
    migration sets it with the tables, in one transaction); anything else with tables is
    someone else's data, which opening must not migrate into.
    """
    tables = sorted(
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
            "ESCAPE '\\'"
        )
    )
    if tables and (version(conn) == 0 or not {"units", "meta"} <= set(tables)):
        return tables
    return []


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to :data:`LATEST`; returns the number of migrations applied.

    Each migration runs in its own transaction together with its ``user_version`` bump, so a
    crash leaves the database at a well-defined version.
    """
    current = version(conn)
    if current > LATEST:
        raise SchemaError(
            f"the translation memory has schema version {current}; this tmtool reads up to "
            f"{LATEST} (upgrade tmtool)"
        )
    applied = 0
    for number in range(current, LATEST):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if version(conn) != number:
                conn.execute("ROLLBACK")
                return applied + migrate(conn)
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied += 1
    if applied and current >= 1:
        # A migration that rebuilt a table left the old pages free: give them back once, or
        # an upgraded 1M-unit TM would take twice its size on disk. A reader holding the
        # file open makes VACUUM fail; the space is then reused by later writes instead.
        with contextlib.suppress(sqlite3.OperationalError):
            conn.execute("VACUUM")
    return applied
