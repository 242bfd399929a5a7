"""The engine is pure: importing it never pulls in a UI library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "wargame" / "engine"


def test_importing_the_engine_leaves_textual_and_rich_out() -> None:
    code = "import sys, wargame.engine; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_engine_source_has_no_io_clock_or_global_random() -> None:
    banned = {"textual", "rich", "random", "time", "datetime", "os", "io", "pathlib", "tomllib", "tomli", "subprocess"}
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module.split(".")[0]]
            assert not banned & set(names), f"{path.name} imports {banned & set(names)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("open", "print", "eval", "exec"), f"{path.name} calls {node.func.id}"
