"""The typer application, its global options, and the error boundary.

Command modules import :data:`app` and register themselves; they import the library
inside the command function so that ``tmtool --help`` stays fast.
"""

from __future__ import annotations

import inspect
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tmtool import __version__
from tmtool.cli.paths import TM_ENV, resolve_tm_path
from tmtool.errors import TmtoolError

__all__ = ["TM_ENV", "State", "app", "resolve_tm_path"]


@dataclass
class State:
    """Global options, kept in ``ctx.obj`` for the commands."""

    tm_option: Path | None = None
    verbose: bool = False

    @property
    def tm_path(self) -> Path:
        """Where the TM lives: ``--tm``, else ``$TMTOOL_TM``, else the user data directory."""
        return resolve_tm_path(self.tm_option)


def print_error(message: str) -> None:
    """One ``error: …`` line on stderr."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


def exit_code_for(exc: BaseException) -> int | None:
    """Report an exception the CLI turns into an exit code and return that code; None for
    any other exception (a bug: let it show its traceback)."""
    if isinstance(exc, TmtoolError):
        print_error(str(exc))
        return 1
    if isinstance(exc, KeyboardInterrupt):
        print_error("interrupted; nothing was changed")
        return 130
    if isinstance(exc, BrokenPipeError):
        # The reader (head, less) went away: not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    return None


def reflow(help_text: str) -> str:
    """A command's help with each paragraph on one line, so the terminal wraps it.

    Typer's rich help keeps the line breaks of a docstring's later paragraphs: in a
    terminal narrower than the source lines (80 columns) each line then wraps again and
    leaves a ragged short line behind. Indented lines and paragraphs marked ``\\b`` keep
    their breaks.
    """
    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(
        p if p.startswith("\b") or "\n " in p else " ".join(p.split("\n")) for p in paragraphs
    )


class ErrorBoundary(TyperGroup):
    """Turns library exceptions into one readable line and exit code 1; reflows the
    commands' help (:func:`reflow`)."""

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None and command.help:
            command.help = reflow(command.help)
        return command

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (TmtoolError, KeyboardInterrupt, BrokenPipeError) as exc:
            raise typer.Exit(exit_code_for(exc) or 0) from None


app = typer.Typer(
    cls=ErrorBoundary,
    name="tmtool",
    help="Chinese–English translation memory for news copy: "
    "segment, inspect, align, store, search, score, check, exchange.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"tmtool {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    tm: Annotated[
        Path | None,
        typer.Option(
            "--tm",
            help=f"Translation memory file (SQLite). Default: ${TM_ENV}, "
            "else tm.sqlite in the user data directory.",
            dir_okay=False,
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Chinese–English translation memory for news copy."""
    ctx.obj = State(tm_option=tm, verbose=verbose)
    if verbose:
        import logging

        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
