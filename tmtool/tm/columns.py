"""A batch of translation units by column: what an import hands from its readers to the store.

An import reads and prepares units in batches; by column, a batch travels between processes
cheaply (lists of strings, no record objects) and the store assembles its rows with C-level
``zip`` instead of a loop over records. A reader whose records can be parsed anywhere (TSV
lines) hands the store :class:`UnitBatch` objects instead of units: the store's worker
processes call :meth:`UnitBatch.parse`, so the parsing runs in parallel too.

A column that is ``None`` is None (or the default) for every unit of the batch, and is left
out of the rows altogether.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from tmtool.records import TranslationUnit


@dataclass
class UnitColumns:
    """The fields of a batch of units, one list per field (``None``: all None or default)."""

    zh: list[str]
    en: list[str]
    doc: list[str | None] | None = None
    position: list[int | None] | None = None
    date: list[str | None] | None = None
    origin: list[str] | None = None  # None: every unit is "imported"
    confidence: list[float | None] | None = None
    created: list[str | None] | None = None
    changed: list[str | None] | None = None
    user: list[str | None] | None = None
    changed_by: list[str | None] | None = None
    props: list[str | None] | None = None  # JSON objects, as text
    notes: list[str | None] | None = None  # JSON arrays, as text
    skipped: int = 0  # records of the source left out as holding no pair (one-sided beads)

    def __len__(self) -> int:
        return len(self.zh)

    @classmethod
    def of_units(cls, units: list[TranslationUnit]) -> UnitColumns:
        """The columns of a list of units."""

        def column(values: list[Any]) -> list[Any] | None:
            return None if values.count(None) == len(values) else values

        return cls(
            zh=[u.zh for u in units],
            en=[u.en for u in units],
            doc=column([u.doc for u in units]),
            position=column([u.position for u in units]),
            date=column([u.date for u in units]),
            origin=[u.origin for u in units],
            confidence=column([u.confidence for u in units]),
            created=column([u.created for u in units]),
            changed=column([u.changed for u in units]),
            user=column([u.user for u in units]),
            changed_by=column([u.changed_by for u in units]),
            props=column(
                [json.dumps(u.props, ensure_ascii=False) if u.props else None for u in units]
            ),
            notes=column(
                [json.dumps(list(u.notes), ensure_ascii=False) if u.notes else None for u in units]
            ),
        )


class UnitBatch(Protocol):
    """Raw records of a reader, parsed where the import prepares them (a worker process).

    Must pickle. :meth:`parse` raises the reader's error (with its file and line) for a
    bad record.
    """

    def parse(self) -> dict[str, Any]:
        """The units of the batch by column: :class:`UnitColumns`' fields by name (a reader
        cannot name the class: the stages before the TM do not import it)."""
        ...
