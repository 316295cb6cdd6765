"""Records shared between stages: plain frozen dataclasses, stdlib only.

A record is a value handed from one stage to the next (ingest → text → align → tm →
formats/qa/score); a stage that needs a record only it uses keeps it in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bead:
    """One alignment bead: Chinese sentence indices paired with English ones.

    Either side may be empty (a one-sided line: boilerplate, a caption, a credit).
    ``confidence`` is the aligner's probability that the bead is right, in [0, 1].
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        """The bead type as the alignment literature writes it: ``"1-1"``, ``"2-1"``, ``"0-1"`` …"""
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass(frozen=True)
class TranslationUnit:
    """A Chinese–English pair with its provenance, as stored in the TM and exchanged in files.

    ``zh`` and ``en`` are the original text; matching forms are derived, never stored here.
    ``origin`` is one of ``aligned``, ``imported``, ``edited``. ``user`` created the unit
    (TMX ``creationid``), ``changed_by`` changed it last (``changeid``), when known.
    """

    zh: str
    en: str
    doc: str | None = None
    position: int | None = None
    date: str | None = None
    origin: str = "imported"
    confidence: float | None = None
    created: str | None = None
    changed: str | None = None
    user: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    id: int | None = None
    changed_by: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A record a reader left out because it holds no zh–en pair (a TMX unit without both
    languages, a Moses line pair with a blank side, a one-sided aligner bead): readers
    yield it so an import can count it; :func:`tmtool.formats.read_units` drops it."""

    count: int = 1
