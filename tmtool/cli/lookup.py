"""The body of `tmtool search`, importable without typer or rich (start-up).

A translator runs a lookup once per sentence, so its process start matters: :func:`fast_search`
runs a plain ``tmtool [--tm PATH] search TEXT [--top N] [--min PCT] [--json]`` without
typer's parsing (which builds pydantic validators for every option), and
:func:`tmtool.cli.main` skips importing the typer app and the other commands for it.
Anything it does not fully understand (help, errors, other options) goes through typer as
before; both paths end in :func:`run`. Text output that is not a terminal is written
without rich (the same text rich writes then; tests/cli/test_search_output.py compares).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tmtool.tm.fuzzy import Match


def run(
    tm_path: Path, text: str, *, top: int, min_score: float, json_: bool, lang: str | None = None
) -> None:
    """Look ``text`` up in the TM at ``tm_path`` and print the matches (the command's body)."""
    from tmtool.cli.text_args import check_not_blank, check_text
    from tmtool.tm.fuzzy import search
    from tmtool.tm.store import TranslationMemory

    check_text(TEXT=text)
    check_not_blank(TEXT=text)

    with TranslationMemory.open(tm_path, create=False, read_only=True) as tm:
        matches = search(tm, text, top=top, min_score=min_score, lang=lang)
    if json_:
        import json

        # What render.print_json writes, without importing rich for it (start-up).
        data = {"query": text, "matches": [m.to_json() for m in matches]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if not matches:
        message = f"no match of {min_score:g}% or more"
        if _term_like(text):
            shown = text.strip() if text.strip().isprintable() else repr(text.strip())
            message += f"; to see how a term was rendered: tmtool concord {_quoted(shown)}"
        if _plain(sys.stderr):
            sys.stderr.write(message + "\n")
        else:
            from tmtool.cli.render import err

            err().print(message, markup=False)
        return
    texts = [t for m in matches for t in (m.source, m.target, m.adapted_target, m.doc) if t]
    if _plain(sys.stdout) and not any(_SPECIAL.search(t) for t in texts):
        # What rich writes when the output is not a terminal, without importing it (start-up).
        blocks = []
        for m in matches:
            lines = [_head(m), "  src  " + _visible(m.source), "  tgt  " + _visible(m.target)]
            if m.adapted_target is not None:
                lines.append("  new  " + _visible(m.adapted_target) + "  (adapted)")
            blocks.append("\n".join(lines) + "\n")
        sys.stdout.write("\n".join(blocks))
        return
    from rich.text import Text

    from tmtool.cli.render import out

    console = out()
    for i, m in enumerate(matches):
        if i:
            console.print()
        score, meta = _head(m).split("  ", 1)
        head = Text(score, style="bold green" if m.score >= 100 else "bold yellow")
        head.append("  " + meta, style="dim")
        console.print(head, soft_wrap=True)
        source = Text(_visible(m.source))  # TAG placeholders map one to one: spans hold
        for start, end in m.changes:
            source.stylize("black on yellow", start, end)
        console.print(Text("  src  ", style="dim") + source, soft_wrap=True)
        console.print(Text("  tgt  ", style="dim") + Text(_visible(m.target)), soft_wrap=True)
        if m.adapted_target is not None:
            console.print(
                Text("  new  ", style="bold cyan")
                + Text(_visible(m.adapted_target))
                + Text("  (adapted)", style="cyan"),
                soft_wrap=True,
            )


def _head(m: Match) -> str:
    """The first line of a hit: match %, id, document, date, penalties."""
    meta = [f"#{m.id}"]
    if m.doc:
        meta.append(printable(m.doc))
    if m.date:
        meta.append(m.date)
    meta.extend(f"[{p}]" for p in m.penalties)
    return f"{m.score:5.1f}%" + "  " + "  ".join(meta)


_TAG = re.compile("[\U000e0000-\U000e007f]")
# Characters rich writes differently from the text (tabs expanded, control codes dropped):
# texts holding them go through rich even when the output is not a terminal.
_SPECIAL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def _visible(text: str) -> str:
    """The text with TMX inline-tag placeholders (invisible TAG characters) as ``{1}`` etc.
    and control characters as their symbols (:func:`printable`).

    Both are translated character by character, so offsets stay valid.
    """
    text = printable(text)
    if not _TAG.search(text):
        return text
    from tmtool.formats.tmx import visible

    return visible(text)


# C0 controls but tab and newline, DEL, C1 controls: a TM unit may hold them (an import keeps
# text as it is), and written to a terminal they would act (ESC sequences recolour, retitle).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)} | {0x7F: "\u2421"}


def printable(text: str) -> str:
    """``text`` with control characters shown as Unicode control pictures (``␛`` for ESC,
    ``␇`` for BEL, ``�`` for C1 controls), one character for one: spans stay valid."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _PICTURES.get(ord(m.group()), "\ufffd"), text)


def _plain(stream: object) -> bool:
    """Whether rich would write plain text to ``stream``: not a terminal, no forced colour."""
    import os

    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return False
    return not any(os.environ.get(v) for v in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"))


_INT = re.compile(r"[0-9]{1,9}")
_NUMBER = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,6})?")


def parse_fast(argv: list[str]) -> tuple[Path | None, str, int, float, bool] | None:
    """``(tm option, text, top, min, json)`` of a plain search command line, else None.

    Only global ``--tm``, then ``search`` with one text and ``--top/-n``, ``--min``,
    ``--json`` in any order, values in range; anything else (help, ``--verbose``, ``--``,
    unknown or repeated options, a text starting with ``-``, a bad value) is None and left
    to typer, which reports errors.
    """
    tm: str | None = None
    i = 0
    while i < len(argv) and argv[i] != "search":
        arg = argv[i]
        if arg == "--tm" and i + 1 < len(argv):
            tm, i = argv[i + 1], i + 2
        elif arg.startswith("--tm="):
            tm, i = arg[5:], i + 1
        else:
            return None
    if i >= len(argv) or tm == "" or (tm is not None and Path(tm).is_dir()):
        return None
    text: str | None = None
    values: dict[str, str] = {}
    json_ = False
    rest = argv[i + 1 :]
    j = 0
    while j < len(rest):
        arg = rest[j]
        j += 1
        if arg == "--json" and not json_:
            json_ = True
            continue
        name, eq, value = arg.partition("=")
        if name in ("--top", "-n", "--min") and not (eq and name == "-n"):
            key = "min" if name == "--min" else "top"
            if key in values:
                return None
            if not eq:
                if j >= len(rest):
                    return None
                value, j = rest[j], j + 1
            values[key] = value
            continue
        if arg.startswith("-") or text is not None:
            return None
        text = arg
    top, min_score = values.get("top", "5"), values.get("min", "50")
    if text is None or not _INT.fullmatch(top) or not _NUMBER.fullmatch(min_score):
        return None
    if int(top) < 1 or float(min_score) > 100.0:
        return None
    return (Path(tm) if tm is not None else None, text, int(top), float(min_score), json_)


def fast_search(argv: list[str]) -> bool:
    """Run a plain search command line without typer; False when it is not one."""
    parsed = parse_fast(argv)
    if parsed is None:
        return False
    tm, text, top, min_score, json_ = parsed
    try:
        if tm is None:  # the default TM
            from tmtool.cli.paths import resolve_tm_path

            tm = resolve_tm_path(None)
        run(tm, text, top=top, min_score=min_score, json_=json_)
    except BaseException as exc:
        from tmtool.cli.app import exit_code_for

        code = exit_code_for(exc)
        if code is None:
            raise
        sys.exit(code)
    return True


def plain_search_process() -> bool:
    """Whether this process is the ``tmtool`` command line (``python -m tmtool`` or the
    console script) running a plain search, which :func:`fast_search` takes: then the
    typer app and the other commands need not be imported."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    entry = getattr(spec, "name", None) == "tmtool.__main__" or (
        spec is None and bool(sys.argv) and Path(sys.argv[0]).stem == "tmtool"
    )
    return entry and parse_fast(sys.argv[1:]) is not None


_TERM_TOKENS = 4
"""A query of this many match tokens or fewer reads like a term (see :func:`_term_like`)."""


def _term_like(text: str) -> bool:
    """Whether a query with no fuzzy match looks like a term, which concordance finds
    inside longer sentences (``两江新区``, ``Liangjiang New Area``): a match % compares
    whole sentences, so a term scores low against every unit."""
    from tmtool.text.tokens import match_tokens

    return 0 < len(match_tokens(text)) <= _TERM_TOKENS


def _quoted(text: str) -> str:
    """``text`` as one shell word: as it is when it is one word, else in double quotes
    (single quotes when it holds what a shell expands inside double quotes)."""
    if re.fullmatch(r"[\w.-]+", text):
        return text
    if not re.search(r'["$`\\!]', text):
        return f'"{text}"'
    import shlex

    return shlex.quote(text)
