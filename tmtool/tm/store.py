"""The translation memory: one SQLite file (WAL) with units, documents and their index.

:class:`TranslationMemory` is the only writer of the database. Every write is one
transaction (:meth:`TranslationMemory.atomic`): an exception of any kind — a bad record, a
``KeyboardInterrupt`` — rolls it back, and a killed process leaves the previous state
because SQLite's WAL never exposes an uncommitted transaction.

A pair is stored once per normalized form (:func:`tmtool.tm.prepare.pair_key`):
importing it again counts an occurrence instead of adding a row.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import compress, repeat
from pathlib import Path
from typing import Any

import numpy as np

from tmtool.errors import StoreError
from tmtool.records import Skipped, TranslationUnit
from tmtool.text.script import lone_surrogate
from tmtool.tm import forked, index, schema
from tmtool.tm.columns import UnitBatch, UnitColumns
from tmtool.tm.prepare import PreparedChunk, keep_freed_memory, prepare_many
from tmtool.tm.terms import ChunkTerms

ORIGINS = ("aligned", "imported", "edited")
_ORIGIN_SET = frozenset(ORIGINS)
_CHUNK = 2000
_MAX_SEGMENTS = 8
PAGE_SIZE = 16384
_CACHE = -65536  # SQLite page cache: 64 MB
_MMAP = 1 << 30  # readers map the database (fast postings reads)
_IMPORT_CACHE = -49152  # 48 MB while importing (the unit indexes' hot pages)
_BULK_CACHE = -16384  # 16 MB for a bulk import (rows and postings are appended; no index)
CACHE_BYTES = 512 * 1024 * 1024
"""Upper bound of the in-process cache of decoded postings and length arrays."""

_UNIT_COLUMNS = (
    "u.id, u.zh, u.en, d.name, u.position, u.date, u.origin, u.confidence, u.created, "
    "COALESCE(u.changed, u.created), u.created_by, u.changed_by, u.props, u.notes"
)


def _foreign(path: Path, tables: list[str]) -> StoreError:
    """The error for an SQLite database of another program at ``path``."""
    shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
    return StoreError(
        f"{path}: not a tmtool translation memory but an SQLite database of "
        f"another program (tables: {shown}); give another --tm file"
    )


@dataclass
class ImportStats:
    """What an import did: new units, repeated pairs (occurrence counted), and records
    skipped as holding no pair (one-sided beads, a missing or blank side, a side empty once
    normalized)."""

    added: int = 0
    duplicates: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class TMInfo:
    """A summary of the TM."""

    path: str
    units: int
    documents: int
    size_bytes: int
    first_date: str | None
    last_date: str | None
    occurrences: int
    origins: dict[str, int]
    schema_version: int


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:
        return None


_INLINE_UNITS = 10_000
"""An import prepares this many units itself before it starts worker processes."""


def _workers(workers: int | None) -> int:
    if workers is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return workers


def _counted(
    items: Iterable[TranslationUnit | Skipped | UnitBatch], stats: ImportStats
) -> Iterator[TranslationUnit | UnitBatch]:
    """``items`` without the readers' :class:`~tmtool.records.Skipped` records, which are
    counted in ``stats.skipped``."""
    for item in items:
        if isinstance(item, Skipped):
            stats.skipped += item.count
        else:
            yield item


def _batches(
    items: Iterable[TranslationUnit | UnitBatch],
) -> Iterator[UnitColumns | UnitBatch]:
    """Units gathered into columns of up to ``_CHUNK``; raw batches passed through."""
    units: list[TranslationUnit] = []
    for item in items:
        if isinstance(item, TranslationUnit):
            units.append(item)
            if len(units) >= _CHUNK:
                yield UnitColumns.of_units(units)
                units = []
            continue
        if units:
            yield UnitColumns.of_units(units)
            units = []
        yield item
    if units:
        yield UnitColumns.of_units(units)


_SPILL: list[index.SpillFile] = []
"""In a worker process: the import's spill file (inherited; set by :func:`_worker_start`)."""


def _worker_start(spill: index.SpillFile) -> None:
    """A worker's start: SIGINT ignored (Ctrl-C is the parent's), the spill file kept, freed
    batch memory kept for the next batch (:func:`~tmtool.tm.prepare.keep_freed_memory`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    keep_freed_memory()
    _SPILL[:] = [spill]


Prepared = tuple[PreparedChunk, np.ndarray]
"""A prepared batch and where its postings went in the spill file
(:func:`tmtool.tm.index.spill_chunk`)."""


def _prepare(zh: list[str], en: list[str], spill: index.SpillFile | None = None) -> Prepared:
    """Prepare a batch and spill its postings (to this worker's spill file by default).

    The terms are not sent back: the postings and the names of their English words are in
    the file, and the writer neither receives nor sorts them.
    """
    prepared = prepare_many(list(zip(zh, en, strict=True)))
    terms = prepared.terms
    place = index.spill_chunk(spill or _SPILL[0], terms)
    return prepared._replace(terms=ChunkTerms(terms.keys[:0], terms.local[:0], {})), place


def _parse_and_prepare(
    batch: UnitBatch, spill: index.SpillFile | None = None
) -> tuple[UnitColumns, Prepared]:
    """A worker's job for raw records: parse them (errors keep their file and line), prepare."""
    columns = UnitColumns(**batch.parse())
    return columns, _prepare(columns.zh, columns.en, spill)


def _prepared_chunks(
    items: Iterable[TranslationUnit | UnitBatch], workers: int | None, spill: index.SpillFile
) -> Iterator[tuple[UnitColumns, Prepared]]:
    """(columns, prepared) per batch, in input order; past :data:`_INLINE_UNITS` units, in
    worker processes.

    A worker parses a raw batch (:class:`~tmtool.tm.columns.UnitBatch`) too, and spills the
    batch's postings to ``spill``. Workers ignore SIGINT: Ctrl-C interrupts this process,
    which rolls back and stops them.
    """
    batches = _batches(items)
    workers = _workers(workers)
    inline = 0
    for batch in batches:
        if isinstance(batch, UnitColumns):
            done = batch, _prepare(batch.zh, batch.en, spill)
        else:
            done = _parse_and_prepare(batch, spill)
        yield done
        inline += len(done[0])
        if workers >= 2 and inline >= _INLINE_UNITS:
            break
    else:
        return
    tasks = (
        (batch, _prepare, (batch.zh, batch.en))
        if isinstance(batch, UnitColumns)
        else (None, _parse_and_prepare, (batch,))
        for batch in batches
    )
    for columns, result in forked.in_order(tasks, workers, _worker_start, (spill,)):
        yield result if columns is None else (columns, result)


class _PairSet:
    """The (zh_key, en_key) → id of the units added by one import, for duplicate checks
    without an index: sorted arrays of a 64-bit mix of the two keys (a few levels, merged
    as they grow; 12 bytes a unit). A mix that matches is confirmed against the row.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.levels: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted mixes, ids)

    @staticmethod
    def _mix(zh_key: np.ndarray, en_key: np.ndarray) -> np.ndarray:
        return (zh_key.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ en_key.view(np.uint64)

    def find(self, zh_key: np.ndarray, en_key: np.ndarray) -> dict[tuple[int, int], int]:
        """{(zh_key, en_key): id} of the given pairs that were added before."""
        mix = self._mix(zh_key, en_key)
        order = np.argsort(mix)  # (sorted needles: a search starts where the last one ended)
        mix = mix[order]
        found: dict[tuple[int, int], int] = {}
        for mixes, ids in self.levels:
            left = np.searchsorted(mixes, mix)
            at = np.minimum(left, len(mixes) - 1)
            for j in np.flatnonzero(mixes[at] == mix).tolist():
                i, start = int(order[j]), int(left[j])
                end = int(np.searchsorted(mixes, mix[j], side="right"))
                pair = (int(zh_key[i]), int(en_key[i]))
                for uid in ids[start:end].tolist():
                    row = self.conn.execute(
                        "SELECT zh_key, en_key FROM units WHERE id = ?", (uid,)
                    ).fetchone()
                    if row == pair:
                        found[pair] = uid
        return found

    def add(self, zh_key: np.ndarray, en_key: np.ndarray, ids: np.ndarray) -> None:
        """Remember new units (distinct pairs, none added before)."""
        if not len(ids):
            return
        mix = self._mix(zh_key, en_key)
        order = np.argsort(mix)
        self.levels.append((mix[order], ids[order]))
        while len(self.levels) >= 2 and len(self.levels[-2][0]) <= 2 * len(self.levels[-1][0]):
            (m1, i1), (m2, i2) = self.levels.pop(), self.levels.pop()
            mix, ids = np.concatenate((m2, m1)), np.concatenate((i2, i1))
            order = np.argsort(mix, kind="stable")
            self.levels.append((mix[order], ids[order]))


def _sql_literal(value: Any) -> str | None:
    """``value`` as an SQL literal, for an integer or a string without NUL; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


class TranslationMemory:
    """A translation memory stored in one SQLite file.

    Use as a context manager (``with TranslationMemory.open(path) as tm: …``) or call
    :meth:`close`. Library errors are :class:`~tmtool.errors.StoreError`.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._cache: dict[str, Any] = {}
        self._cache_bytes = 0
        self._generation: int | None = None

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = True, read_only: bool = False
    ) -> TranslationMemory:
        """Open the TM at ``path`` (created, with its folder, when missing and ``create``).

        ``read_only``: the caller only reads, so a TM that cannot be written — in a
        read-only folder or file system, such as a shared TM on a network share — is opened
        read-only (:meth:`_open_read_only`) instead of refused.
        """
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a translation memory file")
        if not path.exists():
            if not create:
                raise StoreError(f"no translation memory at {path} (run `tmtool import` first)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the translation memory {path}: {exc.strerror} ({exc.filename})"
                ) from None
        conn: sqlite3.Connection | None = None
        try:
            new = not path.exists() or path.stat().st_size == 0
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            if not new and (tables := schema.foreign_tables(conn)):
                # Another program's database: neither migrate into it nor switch it to WAL.
                conn.close()
                raise _foreign(path, tables)
            if new:
                # Units are long rows: large pages waste less space at their ends.
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.close()
                raise StoreError(f"{path}: cannot switch the database to WAL mode ({mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA cache_size = {_CACHE}")
            conn.execute(f"PRAGMA mmap_size = {_MMAP}")
            conn.execute("PRAGMA temp_store = MEMORY")
            schema.migrate(conn)
        except sqlite3.OperationalError as exc:
            if conn is not None:
                conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"{path}: the translation memory is busy ({exc})") from None
            if read_only and not new:
                return cls._open_read_only(path, exc)
            # The file could not be opened or read as a database (I/O, a device, a folder
            # that refuses the -wal and -shm files WAL mode needs), not a foreign format.
            raise StoreError(
                f"{path}: cannot open the translation memory ({exc}); the file and its folder "
                "must be readable and writable"
            ) from None
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise StoreError(f"{path}: not a tmtool translation memory ({exc})") from None
        return cls(conn, path)

    @classmethod
    def _open_read_only(cls, path: Path, cause: sqlite3.OperationalError) -> TranslationMemory:
        """Open a TM that cannot be written, for reading (``cause``: why a writable open failed).

        WAL mode needs the ``-shm`` file even to read; in a folder that refuses it, a TM
        closed cleanly (no ``-wal`` log left) is read as an immutable file, which is what it
        is there. A TM with a log left cannot be read without it; one written by an older
        tmtool cannot be upgraded here: both are refused with a reason.
        """
        wal = path.with_name(path.name + "-wal")
        has_log = wal.exists() and wal.stat().st_size > 0
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = None
        try:
            try:
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA schema_version").fetchone()
            except sqlite3.OperationalError:
                if conn is not None:
                    conn.close()
                if has_log:
                    raise StoreError(
                        f"{path}: cannot open the translation memory ({cause}): its folder is "
                        f"read-only and it has a write-ahead log ({wal.name}) that needs a "
                        "writable folder to be read"
                    ) from None
                conn = sqlite3.connect(
                    uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False
                )
            if tables := schema.foreign_tables(conn):
                raise _foreign(path, tables)
            current = schema.version(conn)
            if current != schema.LATEST:
                raise StoreError(
                    f"{path}: the translation memory is read-only here and has schema version "
                    f"{current}, this tmtool reads version {schema.LATEST}"
                    + (
                        "; open it once with a writing command (tmtool import) where it can be "
                        "written, to upgrade it"
                        if current < schema.LATEST
                        else " (upgrade tmtool)"
                    )
                )
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute(f"PRAGMA cache_size = {_CACHE}")
            conn.execute(f"PRAGMA mmap_size = {_MMAP}")
            conn.execute("PRAGMA temp_store = MEMORY")
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise StoreError(
                f"{path}: cannot open the translation memory read-only ({exc})"
            ) from None
        return cls(conn, path)

    def close(self) -> None:
        """Close the database (a WAL checkpoint folds the log into the main file)."""
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and caches ---------------------------------------------------------------

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (a savepoint when nested); any exception rolls it back."""
        conn = self.conn
        if conn.in_transaction:
            conn.execute("SAVEPOINT tm_atomic")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK TO tm_atomic")
                conn.execute("RELEASE tm_atomic")
                raise
            conn.execute("RELEASE tm_atomic")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise (self._write_error(exc) or exc) from None
        try:
            yield conn
            conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            self._generation = None
            error = self._write_error(exc) if isinstance(exc, sqlite3.OperationalError) else None
            if error is not None:
                raise error from None
            raise
        self._generation = None

    def _write_error(self, exc: sqlite3.OperationalError) -> StoreError | None:
        """The StoreError for a write the file or its folder refused (busy, read-only, full,
        I/O), or None for any other error (a bug: let it show)."""
        code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
        text = str(exc).lower()
        if (code is not None and code & 0xFF in (5, 6)) or "locked" in text or "busy" in text:
            return StoreError(f"{self.path}: the translation memory is busy ({exc})")
        if (code is not None and code & 0xFF in (3, 8, 10, 13, 14)) or any(
            w in text
            for w in ("readonly", "read-only", "disk is full", "i/o error", "unable to open")
        ):
            return StoreError(f"{self.path}: cannot write the translation memory ({exc})")
        return None

    def refresh(self) -> None:
        """Drop cached index data if the database changed since (a write by any process).

        Readers call this once per operation; :meth:`cached` values stay valid until then.
        """
        (generation,) = self.conn.execute(
            "SELECT value FROM meta WHERE key = 'generation'"
        ).fetchone()
        if generation != self._generation:
            self._cache.clear()
            self._cache_bytes = 0
            self._generation = generation

    def cached(self, name: str, build: Callable[[], Any]) -> Any:
        """A value derived from the database, kept until the next change (see :meth:`refresh`).

        The cache is bounded: past :data:`CACHE_BYTES` of arrays it starts afresh.
        """
        try:
            return self._cache[name]
        except KeyError:
            pass
        value = build()
        size = getattr(value, "nbytes", 64)
        if self._cache_bytes + size > CACHE_BYTES:
            self._cache.clear()
            self._cache_bytes = 0
        self._cache[name] = value
        self._cache_bytes += size
        return value

    def postings(self, term: str) -> np.ndarray:
        """The sorted ids of the units holding index ``term`` (see :mod:`tmtool.tm.index`)."""
        return self.cached("p:" + term, lambda: index.read_postings(self.conn, term))

    def document_frequency(self, term: str) -> int:
        """How many units hold index ``term`` (from the segment sizes; cached)."""
        return self.cached("df:" + term, lambda: index.document_frequency(self.conn, term))

    def lengths(self, side: str) -> np.ndarray:
        """Match-token count of side ``zh``/``en`` per unit id (0 where no unit)."""

        def build() -> np.ndarray:
            row = self.conn.execute(
                "SELECT value FROM meta WHERE key = ?", (f"{side}_len",)
            ).fetchone()
            return np.frombuffer(row[0], dtype="<u2") if row else np.zeros(0, dtype="<u2")

        return self.cached("len:" + side, build)

    # -- writing -----------------------------------------------------------------------------

    def add_units(
        self,
        units: Iterable[TranslationUnit | Skipped | UnitBatch],
        *,
        origin: str | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int | None = None,
    ) -> ImportStats:
        """Add units in ONE transaction; a repeated normalized pair counts an occurrence.

        ``origin`` overrides each unit's origin. ``progress`` is called with the number of
        units read so far. A large import prepares its batches (matching forms, keys, index
        terms) in ``workers`` processes (default: one per CPU; 0 = none) while this process
        writes. Into an empty TM the key indexes are dropped and built again after the rows
        are in (a sorted build instead of random inserts), and duplicates are found in memory
        (:class:`_PairSet`); otherwise the unique index answers.
        """
        if origin is not None and origin not in ORIGINS:
            raise StoreError(f"unknown origin {origin!r} (one of {', '.join(ORIGINS)})")
        stats = ImportStats()
        now_text, user = _now(), _user()
        now = schema.encode_time(now_text)
        # The index build's sorter spills to a temporary file, not to memory (settable only
        # outside a transaction).
        spill_to_file = not self.conn.in_transaction
        if spill_to_file:
            self.conn.execute("PRAGMA temp_store = FILE")
        # Reads through the page cache, not the memory map: the index builds scan whole
        # tables, whose mapped pages would all count in this process's resident set.
        (mapped,) = self.conn.execute("PRAGMA mmap_size").fetchone()
        self.conn.execute("PRAGMA mmap_size = 0")
        buffer = index.PostingsBuffer()
        # Origins and confidences are checked in Python (:meth:`_insert_rows`): SQLite's CHECK
        # of ``origin IN (...)`` builds a temporary table for every row it inserts, half of
        # an insert's time (10.6 → 5.2 µs a row, 200k rows). (On again in ``finally``.)
        self.conn.execute("PRAGMA ignore_check_constraints = ON")
        try:
            with self.atomic() as conn:
                (next_id,) = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM units").fetchone()
                first_new = next_id
                bulk: _PairSet | None = None
                conn.execute(f"PRAGMA cache_size = {_IMPORT_CACHE if next_id > 1 else _BULK_CACHE}")
                rebuild: list[str] = []  # indexes dropped for a bulk import, built after it
                if next_id == 1:
                    bulk = _PairSet(conn)
                    for name in schema.KEY_INDEXES:
                        conn.execute(f"DROP INDEX IF EXISTS {name}")
                    # The postings rows come in hash order: inserting into the term index
                    # as they come is a random insert each (~8 µs); a sorted build is not.
                    for name, sql in conn.execute(
                        "SELECT name, sql FROM sqlite_master "
                        "WHERE type = 'index' AND tbl_name = 'postings' AND sql IS NOT NULL"
                    ).fetchall():
                        conn.execute(f"DROP INDEX {name}")
                        rebuild.append(sql)
                docs: dict[str, int] = {}
                new_ids: list[np.ndarray] = []
                new_zh_len: list[np.ndarray] = []
                new_en_len: list[np.ndarray] = []
                read = 0
                chunks = _prepared_chunks(_counted(units, stats), workers, buffer.file)
                for columns, (prepared, place) in chunks:
                    stats.skipped += columns.skipped  # (records without a pair, parsed in a worker)
                    n = len(columns)
                    start = read
                    read += n
                    zh_keys = prepared.zh_key.tolist()
                    en_keys = prepared.en_key.tolist()
                    if bulk is not None:
                        known = bulk.find(prepared.zh_key, prepared.en_key)
                    else:
                        known = self._known_pairs(conn, zh_keys)
                    pairs = list(zip(zh_keys, en_keys, strict=True))
                    mask: list[bool] | None = None  # the new units (None: all)
                    repeats: list[tuple[int]] = []
                    added = n
                    if known or len(set(pairs)) < n or not prepared.valid.all():
                        mask = [False] * n
                        added = 0
                        valid = prepared.valid.tolist()
                        for i, pair in enumerate(pairs):
                            if not valid[i]:
                                stats.skipped += 1
                                continue
                            found = known.get(pair)
                            if found is not None:
                                repeats.append((found,))
                                stats.duplicates += 1
                                continue
                            known[pair] = next_id + added  # a later repeat in the batch
                            mask[i] = True
                            added += 1
                    ids = np.arange(next_id, next_id + added, dtype=np.int64)
                    if mask is None:
                        local_ids = ids
                    else:
                        local_ids = np.full(n, -1, dtype=np.int64)
                        local_ids[np.flatnonzero(mask)] = ids
                    if added:
                        self._insert_rows(
                            conn, docs, columns, prepared, mask, next_id, start,
                            origin, now, now_text, user,
                        )  # fmt: skip
                        keep = local_ids >= 0
                        new_ids.append(ids.astype(np.uint32))
                        new_zh_len.append(np.minimum(prepared.zh_len[keep], 65535).astype("<u2"))
                        new_en_len.append(np.minimum(prepared.en_len[keep], 65535).astype("<u2"))
                        if bulk is not None:
                            bulk.add(prepared.zh_key[keep], prepared.en_key[keep], new_ids[-1])
                        next_id += added
                    buffer.add_record(place, local_ids)
                    if repeats:
                        conn.executemany(
                            "UPDATE units SET occurrences = occurrences + 1 WHERE id = ?", repeats
                        )
                    stats.added += added
                    if progress is not None:
                        progress(read)
                buffer.flush(conn, _workers(workers))
                if bulk is not None:
                    for sql in [*schema.KEY_INDEXES.values(), *rebuild]:
                        conn.execute(sql)
                if stats.added:
                    self._extend_lengths(
                        conn,
                        first_new,
                        np.concatenate(new_ids),
                        np.concatenate(new_zh_len),
                        np.concatenate(new_en_len),
                    )
                    self._compact(conn)
        finally:
            buffer.close()
            self.conn.execute("PRAGMA ignore_check_constraints = OFF")
            self.conn.execute(f"PRAGMA cache_size = {_CACHE}")
            self.conn.execute(f"PRAGMA mmap_size = {int(mapped)}")
            if spill_to_file:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("PRAGMA temp_store = MEMORY")
        return stats

    def _insert_rows(
        self,
        conn: sqlite3.Connection,
        docs: dict[str, int],
        columns: UnitColumns,
        prepared: PreparedChunk,
        mask: list[bool] | None,
        first_id: int,
        start: int,
        origin: str | None,
        now: int | str,
        now_text: str,
        user: str | None,
    ) -> None:
        """Insert the new units of a batch (``mask``: which; None: all) from ``first_id`` on.

        The rows are zipped from the columns (no loop over units in Python where a column
        needs no conversion); a column that is None for every new unit is left out.
        """

        def pick(values: list[Any]) -> list[Any]:
            return values if mask is None else list(compress(values, mask))

        count = len(columns) if mask is None else sum(mask)
        if origin is not None:
            origins: Iterable[Any] = repeat(origin)
        elif columns.origin is None:
            origins = repeat("imported")
        else:
            origins = pick(columns.origin)
            if not _ORIGIN_SET.issuperset(origins):
                i, bad = next(
                    (i, o)
                    for i, o in enumerate(columns.origin)
                    if (mask is None or mask[i]) and o not in _ORIGIN_SET
                )
                raise StoreError(f"unit {start + i + 1}: unknown origin {bad!r}")
        out: dict[str, Iterable[Any]] = {
            "id": range(first_id, first_id + count),
            "zh": pick(columns.zh),
            "en": pick(columns.en),
            "zh_m": pick(prepared.zh_stored),
            "en_m": pick(prepared.en_stored),
            "zh_len": pick(prepared.zh_len.tolist()),
            "en_len": pick(prepared.en_len.tolist()),
            "zh_key": pick(prepared.zh_key.tolist()),
            "en_key": pick(prepared.en_key.tolist()),
            "origin": origins,
        }
        if columns.confidence is not None:
            out["confidence"] = confidence = pick(columns.confidence)
            for value in confidence:
                if value is not None and not (
                    isinstance(value, (int, float)) and 0.0 <= value <= 1.0
                ):
                    raise StoreError(f"confidence {value!r} outside [0, 1]")
        dates = pick(columns.date) if columns.date is not None else None
        if columns.doc is not None:
            document = self._document
            out["doc_id"] = [
                (docs.get(name) or document(conn, docs, name, date)) if name else None
                for name, date in zip(pick(columns.doc), dates or repeat(None), strict=False)
            ]
        if dates is not None:
            out["date"] = dates
        if columns.position is not None:
            out["position"] = pick(columns.position)
        created = pick(columns.created) if columns.created is not None else None
        encode = schema.encode_time
        out["created"] = (
            [encode(c) if c else now for c in created] if created is not None else repeat(now)
        )
        if columns.user is not None:
            out["created_by"] = [u or user for u in pick(columns.user)]
        elif user is not None:
            out["created_by"] = repeat(user)
        if columns.changed is not None:
            out["changed"] = [
                encode(c) if c and c != (made or now_text) else None
                for c, made in zip(pick(columns.changed), created or repeat(None), strict=False)
            ]
        for name in ("changed_by", "props", "notes"):
            values = getattr(columns, name)
            if values is not None:
                out[name] = pick(values)
        names = [
            name
            for name, values in out.items()
            if not isinstance(values, list) or values.count(None) < len(values)
        ]
        # A value shared by every row is written into the statement (binding it costs a
        # quarter of an insert: 4.3 → 3.2 µs a row without origin and created, 200k rows).
        shared = {
            name: _sql_literal(next(values))
            for name, values in out.items()
            if name in names and isinstance(values, repeat)
        }
        bound = [name for name in names if shared.get(name) is None]
        places = ", ".join(shared.get(name) or "?" for name in names)
        conn.executemany(
            f"INSERT INTO units({', '.join(names)}) VALUES ({places})",
            zip(*(out[name] for name in bound), strict=False),  # (`id` ends it)
        )

    @staticmethod
    def _known_pairs(conn: sqlite3.Connection, zh_keys: list[int]) -> dict[tuple[int, int], int]:
        """{(zh_key, en_key): id} of the units whose zh_key is one of ``zh_keys``."""
        distinct = list(set(zh_keys))
        found: dict[tuple[int, int], int] = {}
        for start in range(0, len(distinct), 30000):
            part = distinct[start : start + 30000]
            for zk, ek, uid in conn.execute(
                f"SELECT zh_key, en_key, id FROM units WHERE zh_key IN ({','.join('?' * len(part))})",
                part,
            ):
                found[(zk, ek)] = uid
        return found

    @staticmethod
    def _document(
        conn: sqlite3.Connection, docs: dict[str, int], name: str, date: str | None
    ) -> int:
        doc_id = docs.get(name)
        if doc_id is None:
            row = conn.execute("SELECT id FROM documents WHERE name = ?", (name,)).fetchone()
            if row is None:
                doc_id = conn.execute(
                    "INSERT INTO documents(name, date) VALUES (?, ?)", (name, date)
                ).lastrowid
            else:
                doc_id = row[0]
            if len(docs) >= 10000:  # bounded: the table answers for the others
                docs.clear()
            docs[name] = doc_id
        return doc_id

    def _extend_lengths(
        self,
        conn: sqlite3.Connection,
        first_new: int,
        ids: np.ndarray,
        zh_len: np.ndarray,
        en_len: np.ndarray,
    ) -> None:
        size = int(ids[-1]) + 1
        new_ids = ids
        for side, vals in (("zh", zh_len), ("en", en_len)):
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (f"{side}_len",)).fetchone()
            old = np.frombuffer(row[0], dtype="<u2") if row else np.zeros(0, dtype="<u2")
            arr = np.zeros(size, dtype="<u2")
            arr[: min(len(old), size)] = old[:size]
            arr[new_ids] = vals
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                (f"{side}_len", arr.tobytes()),
            )

    def _compact(self, conn: sqlite3.Connection) -> None:
        """Merge the segments of terms written more than ``_MAX_SEGMENTS`` times."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'segment'").fetchone()
        seg = int(row[0]) if row else 0
        row = conn.execute("SELECT value FROM meta WHERE key = 'compacted'").fetchone()
        compacted = int(row[0]) if row else 0
        if seg - compacted <= _MAX_SEGMENTS:
            return
        crowded = [
            term
            for (term,) in conn.execute(
                "SELECT term FROM postings GROUP BY term HAVING COUNT(*) > ?", (_MAX_SEGMENTS // 2,)
            )
        ]
        index.rewrite_terms(conn, crowded)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('compacted', ?)", (seg,))

    def delete(
        self,
        *,
        ids: Iterable[int] = (),
        doc: str | None = None,
        below_confidence: float | None = None,
    ) -> int:
        """Delete units by id, by document name, or with confidence below a value; returns the count.

        The index is rewritten for the terms of the deleted units so counts stay exact.
        """
        clauses, params = [], []
        asked = {int(i) for i in ids}
        # Ids are positive 64-bit integers: others (which SQLite cannot bind) match nothing.
        id_list = sorted(i for i in asked if 0 < i < 1 << 63)
        if asked:
            clauses.append(f"id IN ({','.join('?' * len(id_list))})")
            params.extend(id_list)
        if doc is not None and lone_surrogate(doc):
            clauses.append("0")  # no document can have that name
        elif doc is not None:
            clauses.append("doc_id = (SELECT id FROM documents WHERE name = ?)")
            params.append(doc)
        if below_confidence is not None:
            clauses.append("confidence IS NOT NULL AND confidence < ?")
            params.append(below_confidence)
        if not clauses:
            raise StoreError("nothing to delete: give ids, a document or a confidence")
        with self.atomic() as conn:
            victims = conn.execute(
                f"SELECT u.id, {schema.form_sql('zh')}, u.en FROM units u "
                f"WHERE {' OR '.join(clauses)} ORDER BY u.id",
                params,
            ).fetchall()
            if not victims:
                return 0
            terms: set[str] = set()
            for _, zh_m, en in victims:
                chars, bigrams = index.zh_terms(zh_m)
                terms.update(index.ZH + t for t in chars | bigrams)
                terms.update(index.EN + w for w in index.en_terms(en))
                terms.update(index.pair_terms(en))
            removed = np.array([v[0] for v in victims], dtype=np.uint32)
            index.rewrite_terms(conn, sorted(terms), removed)
            conn.executemany("DELETE FROM units WHERE id = ?", [(v[0],) for v in victims])
            for side in ("zh", "en"):
                row = conn.execute(
                    "SELECT value FROM meta WHERE key = ?", (f"{side}_len",)
                ).fetchone()
                if row:
                    arr = np.frombuffer(row[0], dtype="<u2").copy()
                    arr[removed[removed < len(arr)]] = 0
                    conn.execute(
                        "UPDATE meta SET value = ? WHERE key = ?", (arr.tobytes(), f"{side}_len")
                    )
            conn.execute(
                "DELETE FROM documents WHERE id NOT IN (SELECT DISTINCT doc_id FROM units "
                "WHERE doc_id IS NOT NULL)"
            )
        return len(victims)

    # -- reading -----------------------------------------------------------------------------

    @staticmethod
    def _unit(row: tuple[Any, ...]) -> TranslationUnit:
        (uid, zh, en, doc, position, date, origin, conf, created, changed, user, changed_by,
         props, notes) = row  # fmt: skip
        return TranslationUnit(
            zh=zh,
            en=en,
            doc=doc,
            position=position,
            date=date,
            origin=origin,
            confidence=conf,
            created=schema.decode_time(created),
            changed=schema.decode_time(changed),
            user=user,
            changed_by=changed_by,
            props=json.loads(props) if props else {},
            notes=tuple(json.loads(notes)) if notes else (),
            id=uid,
        )

    def units(
        self, *, min_confidence: float | None = None, doc: str | None = None
    ) -> Iterator[TranslationUnit]:
        """All units in id order, streamed in batches (constant memory)."""
        if doc is not None and lone_surrogate(doc):
            return  # no document can have that name
        last = 0
        while True:
            sql = (
                f"SELECT {_UNIT_COLUMNS} FROM units u LEFT JOIN documents d ON d.id = u.doc_id "
                "WHERE u.id > ?"
            )
            params: list[Any] = [last]
            if min_confidence is not None:
                sql += " AND (u.confidence IS NULL OR u.confidence >= ?)"
                params.append(min_confidence)
            if doc is not None:
                sql += " AND d.name = ?"
                params.append(doc)
            rows = self.conn.execute(sql + " ORDER BY u.id LIMIT 1000", params).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._unit(row)
            last = rows[-1][0]

    def get(self, unit_id: int) -> TranslationUnit | None:
        """The unit with this id, or None."""
        if not -(1 << 63) <= unit_id < 1 << 63:
            return None  # (SQLite cannot bind it: no unit has it)
        row = self.conn.execute(
            f"SELECT {_UNIT_COLUMNS} FROM units u LEFT JOIN documents d ON d.id = u.doc_id "
            "WHERE u.id = ?",
            (unit_id,),
        ).fetchone()
        return self._unit(row) if row else None

    def info_units(self) -> int:
        """The number of units (cached until the next change)."""
        return self.cached(
            "units", lambda: self.conn.execute("SELECT COUNT(*) FROM units").fetchone()[0]
        )

    def occurrences(self, unit_id: int) -> int:
        """How many times the unit's normalized pair was added (0 for an unknown id)."""
        row = self.conn.execute("SELECT occurrences FROM units WHERE id = ?", (unit_id,)).fetchone()
        return int(row[0]) if row else 0

    def info(self) -> TMInfo:
        """Counts, size on disk (database + WAL) and date range."""
        conn = self.conn
        # Full scans: through the page cache, not the memory map (whose pages of a 1M-unit
        # table would all count in this process's resident set, e.g. right after an import).
        (mapped,) = conn.execute("PRAGMA mmap_size").fetchone()
        conn.execute("PRAGMA mmap_size = 0")
        try:
            units, occurrences, first, last = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(occurrences), 0), MIN(date), MAX(date) FROM units"
            ).fetchone()
            origins = dict(
                conn.execute("SELECT origin, COUNT(*) FROM units GROUP BY origin").fetchall()
            )
        finally:
            conn.execute(f"PRAGMA mmap_size = {int(mapped)}")  # as the caller had it
        (documents,) = conn.execute("SELECT COUNT(*) FROM documents").fetchone()
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return TMInfo(
            path=str(self.path),
            units=units,
            documents=documents,
            size_bytes=size,
            first_date=first,
            last_date=last,
            occurrences=occurrences,
            origins=origins,
            schema_version=schema.version(conn),
        )
