"""The one-way data flow between stages holds: ingest → text → align → tm → score/qa → formats/cli.

Each stage may import only the stages listed for it; nothing but ``tmtool.cli`` imports the CLI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tmtool"

BASE = {"errors", "records"}
ALLOWED: dict[str, set[str]] = {
    "text": BASE,
    "ingest": BASE | {"text"},
    "align": BASE | {"text", "ingest"},
    "tm": BASE | {"text"},
    "formats": BASE | {"text"},
    "score": BASE | {"text"},
    "qa": BASE | {"text"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "tmtool" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_imports_only_what_flows_into_it(stage: str) -> None:
    folder = PACKAGE / stage
    if not folder.is_dir():
        pytest.skip(f"tmtool/{stage} does not exist yet")
    for path in folder.rglob("*.py"):
        bad = _imports(path) - ALLOWED[stage] - {stage}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"


def test_nothing_outside_cli_imports_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts or path.name == "__main__.py":
            continue
        assert "cli" not in _imports(path), f"{path.relative_to(PACKAGE)} imports tmtool.cli"
