"""Load the corpus scripts (corpora/tools/*.py are scripts, not a package) for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2] / "corpora"
CORPUS = ROOT / "cq-press"


def load_tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"corpora_tools_{name}", ROOT / "tools" / f"{name}.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def documents() -> list[str]:
    """Every document id that has a Chinese or an English file."""
    return sorted({p.name.split(".")[0] for p in [*CORPUS.glob("*.zh"), *CORPUS.glob("*.en")]})
