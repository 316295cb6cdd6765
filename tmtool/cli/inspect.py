"""`tmtool inspect`: every stage of the language layer on one string (and a pair)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tmtool.cli.app import app
from tmtool.cli.segment import check_lang


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _display(kind: str, value: float) -> str:
    """A human form of a canonical value: 739,000 · 5% · 02-19 · 15:30."""
    v = _number(value)
    if kind == "date":
        return f"{int(value) // 100:02d}-{int(value) % 100:02d}"
    if kind == "time":
        return f"{int(value) // 100:02d}:{int(value) % 100:02d}"
    if kind == "percent":
        return f"{v}%"
    if kind == "ppoint":
        return f"{v} pp"
    if kind == "year":
        return str(v)
    if isinstance(v, int):
        return f"{v:,}"
    return f"{value:,.6g}" if abs(value) < 1e15 else str(value)


def _quantity(q: Any) -> dict[str, Any]:
    return {
        "text": q.text,
        "value": _number(q.value),
        "kind": q.kind,
        "display": _display(q.kind, q.value),
        "approx": q.approx,
        "start": q.start,
        "end": q.end,
    }


def analyse(text: str, lang: str = "auto") -> dict[str, Any]:
    """Everything the language layer sees in ``text``; jieba and pypinyin only for Chinese."""
    from tmtool.text.normalize import matching_form
    from tmtool.text.numbers import extract_quantities
    from tmtool.text.script import detect_lang
    from tmtool.text.segment import split_sentences
    from tmtool.text.tokens import en_words, match_tokens

    resolved = detect_lang(text) if lang == "auto" else lang
    result: dict[str, Any] = {
        "text": text,
        "lang": resolved,
        "matching_form": matching_form(text).text,
        "sentences": split_sentences(text, resolved),
        "match_tokens": match_tokens(text),
        "quantities": [_quantity(q) for q in extract_quantities(text, resolved)],
    }
    if resolved == "zh":
        from tmtool.text.pinyin import pinyin_key
        from tmtool.text.script import has_han
        from tmtool.text.tokens import zh_words

        words = zh_words(text)
        result["words"] = words
        result["pinyin"] = [{"word": w, "pinyin": pinyin_key(w)} for w in words if has_han(w)]
    else:
        result["words"] = en_words(text)
    return result


@app.command("inspect")
def inspect_command(
    text: Annotated[str, typer.Argument(help="The text to inspect (quote it).")],
    pair: Annotated[
        str | None,
        typer.Option("--pair", help="A translation of TEXT: compare quantities and names."),
    ] = None,
    lang: Annotated[
        str,
        typer.Option("--lang", callback=check_lang, help="Language of TEXT: zh, en or auto."),
    ] = "auto",
    json_: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Show how tmtool reads TEXT: matching form, sentences, tokens, quantities, pinyin.

    With --pair OTHER, also compare the quantities of the two texts (as multisets) and
    list the Chinese names that OTHER transliterates.

    Example: tmtool inspect "到岗员工112.4万人" --pair "1.124 million employees"
    """
    from tmtool.errors import InputError

    if not text.strip():
        raise InputError("TEXT is empty")
    result = analyse(text, lang)
    if pair is not None:
        from tmtool.text.numbers import compare_quantities, extract_quantities

        if not pair.strip():
            raise InputError("--pair text is empty")
        other = analyse(pair, "auto")
        comparison = compare_quantities(
            extract_quantities(text, result["lang"]), extract_quantities(pair, other["lang"])
        )
        result["pair"] = other
        result["quantities_match"] = comparison.match
        result["unmatched"] = {
            "text": [_quantity(q) for q in comparison.only_a],
            "pair": [_quantity(q) for q in comparison.only_b],
        }
        langs = (result["lang"], other["lang"])
        if sorted(langs) == ["en", "zh"]:
            from tmtool.text.pinyin import name_pairs

            zh, en = (text, pair) if langs[0] == "zh" else (pair, text)
            result["name_pairs"] = [
                {
                    "zh": p.zh,
                    "en": p.en,
                    "zh_span": [p.zh_start, p.zh_end],
                    "en_span": [p.en_start, p.en_end],
                }
                for p in name_pairs(zh, en)
            ]
    if json_:
        from tmtool.cli.render import print_json

        print_json(result)
        return
    _render(result)


def _render(result: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    from tmtool.cli.render import out

    console = out()
    sides = [("TEXT", result)]
    if "pair" in result:
        sides.append(("PAIR", result["pair"]))
    for label, side in sides:
        stages = Table(title=f"{label} ({side['lang']})", show_header=False, title_justify="left")
        stages.add_column("stage", style="bold")
        stages.add_column("value", overflow="fold")
        stages.add_row("matching form", Text(side["matching_form"]))
        for i, sentence in enumerate(side["sentences"], 1):
            stages.add_row(f"sentence {i}", Text(sentence))
        stages.add_row("match tokens", Text(" | ".join(side["match_tokens"])))
        stages.add_row("words", Text(" | ".join(side["words"])))
        if side.get("pinyin"):
            stages.add_row(
                "pinyin", Text("  ".join(f"{p['word']} {p['pinyin']}" for p in side["pinyin"]))
            )
        console.print(stages)
        if side["quantities"]:
            table = Table(title=f"{label} quantities", title_justify="left")
            for column in ("text", "kind", "value", "approx"):
                table.add_column(column)
            for q in side["quantities"]:
                table.add_row(Text(q["text"]), q["kind"], q["display"], "~" if q["approx"] else "")
            console.print(table)
        else:
            console.print(f"{label}: no quantities")
    if "quantities_match" in result:
        if result["quantities_match"]:
            console.print("quantities match")
        else:
            missing = [q["text"] for q in result["unmatched"]["text"]]
            extra = [q["text"] for q in result["unmatched"]["pair"]]
            console.print(
                Text(
                    f"quantities differ: only in TEXT {missing or '-'}; only in PAIR {extra or '-'}"
                )
            )
        if result.get("name_pairs"):
            console.print(
                Text("names: " + ", ".join(f"{p['zh']} = {p['en']}" for p in result["name_pairs"]))
            )
