"""Where the TM lives: ``--tm``, else ``$TMTOOL_TM``, else the user data directory.

Kept apart from :mod:`tmtool.cli.app` so that the typer-free lookup path
(:mod:`tmtool.cli.lookup`) resolves the default TM without importing typer.
"""

from __future__ import annotations

import os
from pathlib import Path

TM_ENV = "TMTOOL_TM"
SIDE_FILES = ("-wal", "-shm", "-journal")
"""Suffixes of the files SQLite keeps next to a TM (the WAL log, its index, a rollback
journal)."""


def side_files(tm_path: Path) -> list[Path]:
    """The files SQLite may keep next to the TM at ``tm_path``."""
    return [tm_path.with_name(tm_path.name + suffix) for suffix in SIDE_FILES]


def resolve_tm_path(option: Path | None) -> Path:
    """The TM file for this run; the default one's folder is created on first use."""
    if option is not None:
        return option
    env = os.environ.get(TM_ENV)
    if env:
        return Path(env)
    import platformdirs

    folder = Path(platformdirs.user_data_dir("tmtool", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "tm.sqlite"


def is_tm_file(output: Path, tm_path: Path) -> bool:
    """Whether writing ``output`` would overwrite the TM or its WAL files (by name, through
    a symbolic link, or as a hard link)."""
    for part in (tm_path, *side_files(tm_path)):
        if output.resolve() == part.resolve():
            return True
        if output.exists() and part.exists() and os.path.samefile(output, part):
            return True
    return False
