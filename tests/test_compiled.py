"""The hot path compiled at install (hatch_build.py) plays the same games as its Python source.

CI installs the project as the README says, which compiles these modules
in place, so the whole suite runs against them; these tests compare the
compiled build with the source directly. In a tree that runs its source
(an editable install, WARGAME_PURE=1, no C compiler) the comparison has
nothing to compare and says so.
"""

from __future__ import annotations

import ast
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wargame

ROOT = Path(__file__).resolve().parent.parent
ERAS = ("era-2013", "era-2016", "era-2023", "era-2025")


def compiled_sources() -> list[str]:
    """The modules the build compiles, read from the hook (which imports hatchling, so it is parsed, not imported)."""
    tree = ast.parse((ROOT / "hatch_build.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError("hatch_build.py names no COMPILED modules")


def needs_compiled_tree() -> None:
    if wargame.engine_build() != "compiled":
        pytest.skip("this tree runs its Python source (editable install, WARGAME_PURE or no C compiler); 'pip install .' compiles it")


def test_the_compiled_modules_exist_and_hold_no_attrs_class() -> None:
    """mypyc compiles no attrs class: the data classes the hot path uses live in modules left as Python."""
    sources = compiled_sources()
    assert len(sources) >= 10
    for source in sources:
        tree = ast.parse((ROOT / source).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in ("attrs", "attr"):
                assert {a.name for a in node.names} <= {"evolve", "fields"}, f"{source} imports {[a.name for a in node.names]} from attrs"
            if isinstance(node, ast.ClassDef):
                assert not node.decorator_list, f"{source}: class {node.name} is decorated; mypyc compiles it as a native class"


def test_every_compiled_module_is_the_one_python_loads_and_none_is_stale() -> None:
    needs_compiled_tree()
    for source in compiled_sources():
        module = importlib.import_module(source[:-3].replace("/", "."))
        built = Path(module.__file__ or "")
        assert built.suffix != ".py", f"{source} runs as source beside compiled modules: install again"
        assert built.stat().st_mtime >= (ROOT / source).stat().st_mtime, (
            f"{built.name} is older than {source}: run 'pip install .' again, or 'pip install -e .' to run the sources"
        )


def simulate(cwd: Path, out: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    done = subprocess.run(
        [sys.executable, "-m", "wargame", "simulate", *args, "--seed", "7", "--jobs", "1", "--out", str(out)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_compiled_build_plays_the_same_games_as_its_source(tmp_path) -> None:
    """Doctrine games in every era, and rollout and random seats, give the same summaries and files, byte for byte."""
    needs_compiled_tree()
    pure = tmp_path / "pure"
    shutil.copytree(ROOT / "wargame", pure / "wargame", ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    shutil.copytree(ROOT / "decks", pure / "decks")
    check = subprocess.run([sys.executable, "-c", "import wargame; print(wargame.engine_build())"], cwd=pure,
                           env={**os.environ, "PYTHONPATH": str(pure)}, capture_output=True, text=True)
    assert check.stdout.strip() == "pure Python", check.stderr
    runs = [("--scenario", era, "--games", "20") for era in ERAS]
    runs.append(("--scenario", "era-2016", "--seats", "tokyo=rollout,beijing=random", "--games", "2"))
    for i, args in enumerate(runs):
        source_out, compiled_out = tmp_path / f"source-{i}.json", tmp_path / f"compiled-{i}.json"
        assert simulate(ROOT, compiled_out, *args) == simulate(pure, source_out, *args), args
        assert compiled_out.read_bytes() == source_out.read_bytes(), args
