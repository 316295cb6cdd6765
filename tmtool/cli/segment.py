"""`tmtool segment`: split a text file into paragraphs and sentences."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tmtool.cli.app import app

LANGS = ("auto", "zh", "en")


def check_lang(value: str) -> str:
    """Validate a --lang value (usage error, exit 2, otherwise)."""
    if value not in LANGS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(LANGS)}")
    return value


@app.command("segment")
def segment_command(
    file: Annotated[
        str, typer.Argument(help="Text file (any common encoding), or - for standard input.")
    ] = "-",
    lang: Annotated[
        str,
        typer.Option("--lang", callback=check_lang, help="Language: zh, en or auto (by script)."),
    ] = "auto",
    semicolons: Annotated[
        bool, typer.Option("--semicolons", help="Also end Chinese sentences at ；(clauses).")
    ] = False,
    json_: Annotated[
        bool, typer.Option("--json", help="Print paragraphs → sentences as JSON.")
    ] = False,
) -> None:
    """Print FILE one sentence per line, with a blank line between paragraphs.

    Blank lines separate paragraphs; a text without blank lines has one paragraph per
    line (Chinese web copy). A Chinese ；does not end a sentence unless --semicolons is
    given. Encodings: UTF-8 (with or without BOM), UTF-16, GB18030, Big5.

    Example: tmtool segment press-release.zh.txt
    """
    from tmtool.cli.render import print_json
    from tmtool.ingest.read import read_text
    from tmtool.text.segment import split_paragraphs

    if file == "-" and sys.stdin.isatty():
        from tmtool.errors import InputError

        raise InputError(
            "no FILE given and standard input is a terminal: give a FILE or pipe text in"
        )
    text = read_text(file)
    paragraphs = split_paragraphs(text, lang, semicolons=semicolons)
    if json_:
        print_json(
            {
                "source": "-" if file == "-" else file,
                "lang": lang,
                "paragraphs": paragraphs,
                "counts": {
                    "paragraphs": len(paragraphs),
                    "sentences": sum(len(p) for p in paragraphs),
                },
            }
        )
        return
    sys.stdout.write("\n\n".join("\n".join(p) for p in paragraphs))
    if paragraphs:
        sys.stdout.write("\n")
