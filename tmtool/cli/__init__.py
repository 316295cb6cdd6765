"""tmtool's command line: thin typer commands over the library.

Each command module registers itself on :data:`tmtool.cli.app.app` when imported. A
process that is only a plain ``tmtool search`` (see :mod:`tmtool.cli.lookup`) imports
neither the typer app nor the commands: :func:`main` runs the lookup directly (start-up).
"""

from __future__ import annotations

import sys

from tmtool.cli.lookup import plain_search_process


def _register() -> None:
    """Import the typer app as :data:`app` and every command module (importing registers them)."""
    global app
    from tmtool.cli.app import app

    # Command modules (one per command or command group); importing registers them.
    # Add one line per module, keep this block sorted, and import nothing heavy at module level.
    # fmt: off
    # isort: off
    # (command modules are listed here)
    from tmtool.cli import align  # noqa: F401
    from tmtool.cli import concord  # noqa: F401
    from tmtool.cli import export  # noqa: F401
    from tmtool.cli import inspect  # noqa: F401
    from tmtool.cli import score  # noqa: F401
    from tmtool.cli import search  # noqa: F401
    from tmtool.cli import segment  # noqa: F401
    from tmtool.cli import tm  # noqa: F401
    # isort: on
    # fmt: on


if not plain_search_process():
    _register()


def main() -> None:
    """Console-script entry point (a plain ``search`` skips typer's parsing: start-up)."""
    from tmtool.cli.lookup import fast_search

    if fast_search(sys.argv[1:]):
        return
    if "app" not in globals():
        _register()
    app()


__all__ = ["app", "main"]
