"""Where the TM lives: ``--tm``, else ``$TMTOOL_TM``, else the user data directory.

Kept apart from :mod:`tmtool.cli.app` so that the typer-free lookup path
(:mod:`tmtool.cli.lookup`) resolves the default TM without importing typer.
"""

from __future__ import annotations

import os
from pathlib import Path

TM_ENV = "TMTOOL_TM"


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
