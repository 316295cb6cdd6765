"""Forked worker processes whose results come back in submission order, a few at a time.

An import runs two such pools (preparing batches, packing postings): each keeps at most
``2 × workers`` tasks in flight so memory stays bounded, and stops its workers when the
caller stops reading (an error, Ctrl-C, a closed generator).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

Tag = TypeVar("Tag")


def in_order(
    tasks: Iterable[tuple[Tag, Callable[..., Any], tuple[Any, ...]]],
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
) -> Iterator[tuple[Tag, Any]]:
    """``(tag, fn(*args))`` for each ``(tag, fn, args)`` of ``tasks``, in their order, run in
    ``workers`` forked processes started with ``initializer(*initargs)``."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=initializer,
        initargs=initargs,
    )
    try:
        pending: deque = deque()
        for tag, fn, args in tasks:
            pending.append((tag, pool.submit(fn, *args)))
            if len(pending) > 2 * workers:
                tag, future = pending.popleft()
                yield tag, future.result()
        while pending:
            tag, future = pending.popleft()
            yield tag, future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
