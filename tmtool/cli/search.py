"""`tmtool search`: fuzzy TM lookup with CAT match percentages (the typer command).

The lookup and its output live in :mod:`tmtool.cli.lookup`, which imports neither typer
nor rich: a plain ``tmtool search`` command line runs from there without loading the typer
app (see :func:`tmtool.cli.main`).
"""

from __future__ import annotations

from typing import Annotated

import typer

from tmtool.cli.app import app
from tmtool.cli.lookup import fast_search, parse_fast, run

__all__ = ["fast_search", "parse_fast", "run", "search_command"]


@app.command("search")
def search_command(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The sentence to look up (Chinese or English).")],
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many matches to show.")] = 5,
    min_score: Annotated[
        float, typer.Option("--min", min=0.0, max=100.0, help="Lowest match % to show.")
    ] = 50.0,
    json_: Annotated[bool, typer.Option("--json", help="Print the matches as JSON.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="zh or en: the side the sentence is matched against (default: by its script).",
        ),
    ] = None,
) -> None:
    """Look a sentence up in the TM: best matches with their match %, differences highlighted.

    A Chinese sentence is matched against the Chinese sides and shows the English; an
    English one the reverse (--lang says it for a mostly Latin Chinese sentence). Match % = 100 × (1 − token edit distance / longer length);
    100 only for an exact match (see the README). When a match differs only in numbers or
    dates, the target is shown adapted to the query's quantities.

    Example: tmtool search "1至10月，全市外贸进出口总值同比增长6.2%。"
    """
    run(ctx.obj.tm_path, text, top=top, min_score=min_score, json_=json_, lang=lang)
