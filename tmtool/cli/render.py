"""Output helpers for the commands: data to stdout, messages to stderr."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import Any

from rich.console import Console


@cache
def out() -> Console:
    """The console for data (stdout)."""
    return Console(highlight=False)


@cache
def err() -> Console:
    """The console for messages and progress (stderr)."""
    return Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Write ``data`` as UTF-8 JSON on stdout (Chinese kept readable, not escaped)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")
