"""`tmtool concord`: keyword in context over the TM, with the term's renderings counted."""

from __future__ import annotations

from typing import Annotated

import typer

from tmtool.cli.app import app

_WIDTH = 28


def _check_date(value: str | None) -> str | None:
    from tmtool.text.numbers import is_iso_day

    if value is not None and not is_iso_day(value):
        raise typer.BadParameter(f"{value!r} is not a date like 2024-02-19")
    return value


@app.command("concord")
def concord_command(
    ctx: typer.Context,
    term: Annotated[str, typer.Argument(help="The term: Chinese (any length) or English words.")],
    side: Annotated[
        str, typer.Option("--side", help="Side to search: auto (by script), zh, en or both.")
    ] = "auto",
    not_term: Annotated[
        str | None,
        typer.Option("--not", help="Keep only units whose other side lacks this rendering."),
    ] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only units of this document.")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", callback=_check_date, help="Only units dated on or after (YYYY-MM-DD)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="How many hits to show.")] = 50,
    json_: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Show every unit holding TERM in context, newest first, and how TERM was rendered.

    Chinese terms match inside longer words (两江 finds 两江新区); English terms are
    case-insensitive words or phrases: plain words match whatever separates them in the
    text ("year on year" finds year-on-year), and a single word also as a possessive
    (Chongqing finds Chongqing's); a term with a hyphen or other marks matches as written
    ("year-on-year" finds only that). --not finds the units that do NOT use a rendering.

    Example: tmtool concord 两江新区 --not "Liangjiang New Area"
    """
    from rich.text import Text

    from tmtool.cli.lookup import printable
    from tmtool.cli.render import err, out, print_json
    from tmtool.cli.text_args import check_not_blank, check_text
    from tmtool.tm.concordance import RENDERING_SAMPLE, concordance
    from tmtool.tm.store import TranslationMemory

    check_text(TERM=term, **{"--not": not_term, "--doc": doc})
    check_not_blank(TERM=term, **{"--not": not_term})

    with TranslationMemory.open(ctx.obj.tm_path, create=False, read_only=True) as tm:
        result = concordance(
            tm, term, side=side, not_term=not_term, doc=doc, since=since, limit=limit
        )
    if json_:
        print_json(result.to_json())
        return
    console = out()
    shown = len(result.hits)
    err().print(
        f"{result.total:,} unit(s) hold {term!r} on the {result.side} side"
        + (f"; showing the newest {shown}" if shown < result.total else ""),
        markup=False,
        highlight=False,
    )
    for hit in result.hits:
        console.print(_kwic(printable(hit.source), hit.spans, Text), soft_wrap=True)
        meta = "  ".join(x for x in (f"#{hit.id}", hit.doc or "", hit.date or "") if x)
        console.print(
            Text(" " * (_WIDTH - 2) + "→ " + printable(hit.target) + "  ")
            + Text(printable(meta), style="dim"),
            soft_wrap=True,
        )
    if result.renderings:
        line = Text("renderings: ", style="bold")
        for i, r in enumerate(result.renderings):
            if i:
                line.append(", ")
            line.append(printable(r.text), style="cyan")
            line.append(f" ×{r.count}")
        if result.total > RENDERING_SAMPLE:
            line.append(f" (in the newest {RENDERING_SAMPLE:,} hits)", style="dim")
        console.print(line, soft_wrap=True)


def _kwic(source: str, spans: tuple[tuple[int, int], ...], text_cls: type) -> object:
    """One line: left context (right-aligned), the first occurrence highlighted, right context."""
    if not spans:
        return text_cls(source)
    from rich.cells import cell_len

    start, end = spans[0]
    left = source[:start].replace("\n", " ")
    right = source[end:].replace("\n", " ")
    if cell_len(left) > _WIDTH:
        while cell_len(left) > _WIDTH - 1:
            left = left[1:]
        left = "…" + left
    left = " " * (_WIDTH - cell_len(left)) + left
    line = text_cls(left)
    line.append(source[start:end], style="bold black on yellow")
    rest = text_cls(right)
    offset = end
    for s, e in spans[1:]:
        a, b = s - offset, e - offset
        if b <= len(right):
            rest.stylize("bold", a, b)
    line.append_text(rest)
    return line
