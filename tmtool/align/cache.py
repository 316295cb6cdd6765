"""Objects that are slow to build (the CC-CEDICT lexicon, the encoder's tokenizer), pickled
in the user cache directory so later processes load them instead of rebuilding them.

A missing, unreadable or foreign cache file is rebuilt; a read-only cache only costs the
build time of the next run.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_path(name: str) -> Path:
    """Where the cache file ``name`` lives (the folder is created on writing)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("tmtool", appauthor=False)) / name


def cached_pickle(name: str, kind: type[T], build: Callable[[], T]) -> T:
    """The ``kind`` object pickled in cache file ``name``, or ``build()`` (then pickled)."""
    path = cache_path(name)
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
        if isinstance(value, kind):
            return value
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return value
