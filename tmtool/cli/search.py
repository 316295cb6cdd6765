"""`tmtool search`: fuzzy TM lookup with CAT match percentages."""

from __future__ import annotations

from typing import Annotated

import typer

from tmtool.cli.app import app


@app.command("search")
def search_command(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The sentence to look up (Chinese or English).")],
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many matches to show.")] = 5,
    min_score: Annotated[
        float, typer.Option("--min", min=0.0, max=100.0, help="Lowest match % to show.")
    ] = 50.0,
    json_: Annotated[bool, typer.Option("--json", help="Print the matches as JSON.")] = False,
) -> None:
    """Look a sentence up in the TM: best matches with their match %, differences highlighted.

    A Chinese sentence is matched against the Chinese sides and shows the English; an
    English one the reverse. Match % = 100 × (1 − token edit distance / longer length);
    100 only for an exact match (see the README). When a match differs only in numbers or
    dates, the target is shown adapted to the query's quantities.

    Example: tmtool search "1至10月，全市外贸进出口总值同比增长6.2%。"
    """
    from rich.text import Text

    from tmtool.cli.render import err, out, print_json
    from tmtool.tm.fuzzy import search
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(ctx.obj.tm_path, create=False) as tm:
        matches = search(tm, text, top=top, min_score=min_score)
    if json_:
        print_json({"query": text, "matches": [m.to_json() for m in matches]})
        return
    if not matches:
        err().print(f"no match of {min_score:g}% or more")
        return
    console = out()
    for i, m in enumerate(matches):
        if i:
            console.print()
        head = Text(f"{m.score:5.1f}%", style="bold green" if m.score >= 100 else "bold yellow")
        meta = [f"#{m.id}"]
        if m.doc:
            meta.append(m.doc)
        if m.date:
            meta.append(m.date)
        meta.extend(f"[{p}]" for p in m.penalties)
        head.append("  " + "  ".join(meta), style="dim")
        console.print(head, soft_wrap=True)
        source = Text(m.source)
        for start, end in m.changes:
            source.stylize("black on yellow", start, end)
        console.print(Text("  src  ", style="dim") + source, soft_wrap=True)
        console.print(Text("  tgt  ", style="dim") + Text(m.target), soft_wrap=True)
        if m.adapted_target is not None:
            console.print(
                Text("  new  ", style="bold cyan")
                + Text(m.adapted_target)
                + Text("  (adapted)", style="cyan"),
                soft_wrap=True,
            )
