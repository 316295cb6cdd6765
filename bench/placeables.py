"""Sweep placeables over the bundled corpus: change one quantity of a pair, check the adaptation.

Usage:
    python bench/placeables.py [--verbose]

For every gold pair of corpora/cq-press (bench/tm.py's ``cq_press_pairs``), in both
directions, each quantity of the source is changed the way a new release changes it — the
last digit of a number, percentage or percentage point; the last number of a date, month,
time, year or ordinal moved by one — and ``tmtool.tm.placeables.adapt`` is asked for the
target. Counted:

* ``adapted`` — an adapted target; ``wrong`` when it does not hold the new value (read back
  with ``extract_quantities``), which is a bug;
* ``none`` — no adaptation; ``none (value in target)`` when the target holds the old value
  in the same kind (some cannot take the new one: 六成, 百余, "One hundred thousand").

It checks values, not grammar: a plural or an article needs the eye (``--verbose`` prints
every adaptation that reads back wrong).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tm import cq_press_pairs

from tmtool.text.numbers import extract_quantities
from tmtool.tm.placeables import adapt

NUMBERS = ("number", "percent", "ppoint")
DATES = ("date", "month", "year", "time", "ordinal")


def changed(text: str, kind: str) -> str | None:
    """``text`` (a quantity) with its last number changed, or None."""
    digits = list(re.finditer(r"\d+", text))
    if not digits:
        return None
    m = digits[-1]
    value = int(m.group())
    if kind in NUMBERS:
        new = str((int(m.group()[-1]) + 3) % 10)
        return text[: m.end() - 1] + new + text[m.end() :]
    new_value = value - 1 if kind == "year" else value + 1
    if kind == "date" and new_value > 28:
        new_value = 3
    if kind == "month" and new_value > 12:
        new_value = 1
    return text[: m.start()] + str(new_value) + text[m.end() :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every wrong adaptation")
    args = parser.parse_args()
    pairs = cq_press_pairs()
    stats = {"numbers": Counter(), "dates": Counter()}
    for pair in pairs:
        for lang in ("zh", "en"):
            other = "en" if lang == "zh" else "zh"
            source, target = pair[lang], pair[other]
            for q in extract_quantities(source, lang):
                group = "numbers" if q.kind in NUMBERS else "dates" if q.kind in DATES else None
                new_text = changed(q.text, q.kind) if group else None
                if new_text is None or new_text == q.text:
                    continue
                query = source[: q.start] + new_text + source[q.end :]
                new = next(
                    (
                        x
                        for x in extract_quantities(query, lang)
                        if x.start == q.start and x.kind == q.kind and x.value != q.value
                    ),
                    None,
                )  # (a range such as "first 10 months" holds two quantities at one place)
                if new is None:
                    continue
                out = adapt(query, source, target)
                count = stats[group]
                if out is None:
                    count["none"] += 1
                    held = extract_quantities(target, other)
                    if any(t.kind == q.kind and abs(t.value - q.value) < 1e-6 for t in held):
                        count["none (value in target)"] += 1
                    continue
                count["adapted"] += 1
                values = [x.value for x in extract_quantities(out, other)]
                if not any(abs(v - new.value) < 1e-9 * max(1.0, abs(new.value)) for v in values):
                    count["wrong"] += 1
                    if args.verbose:
                        print(f"  wrong: {query}\n         {target}\n      →  {out}")
    print(f"{len(pairs):,} gold pairs of corpora/cq-press, both directions")
    for group, count in stats.items():
        shown = ", ".join(f"{k} {v:,}" for k, v in sorted(count.items()) if k != "wrong")
        print(f"{group}: {shown or 'nothing'}; wrong {count['wrong']:,}")


if __name__ == "__main__":
    main()
