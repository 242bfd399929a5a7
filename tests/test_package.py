"""The project installs as the README says: console script, version, bundled decks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import wargame
from wargame.cli import main
from wargame.decks import bundled_paths

ROOT = Path(__file__).resolve().parent.parent


def test_version_flag(capsys) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.strip() == f"wargame {wargame.__version__} ({wargame.engine_build()} engine)"


def test_python_dash_m_runs_the_same_command() -> None:
    out = subprocess.run([sys.executable, "-m", "wargame", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == f"wargame {wargame.__version__} ({wargame.engine_build()} engine)"


def test_pyproject_version_matches_the_package() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^version = "([^"]+)"', text, re.M).group(1) == wargame.__version__


def test_bundled_decks_are_found() -> None:
    names = {p.stem for p in bundled_paths()}
    assert {"era-2013", "era-2016", "era-2023", "era-2025"} <= names


def test_an_installed_copy_finds_its_decks_from_another_folder(tmp_path) -> None:
    """Where the package is installed (CI installs it non-editable), it carries the decks."""
    code = "import wargame, wargame.decks as d; print(wargame.__file__); print(len(d.bundled_paths()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    if out.returncode != 0:
        pytest.skip("wargame is not installed in this environment (run from the checkout)")
    location, count = out.stdout.split()
    assert int(count) >= 4, f"the copy at {location} finds no bundled decks"


def test_readme_starts_with_the_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text().splitlines()
    fence = readme.index("```sh")
    play, tests = readme[fence + 1], readme[fence + 2]
    assert play.endswith("&& .venv/bin/wargame") and "pip install ." in play
    assert "pip install '.[test]'" in tests and tests.endswith(".venv/bin/pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert play.removesuffix(" && .venv/bin/wargame") in ci
    assert tests.removesuffix(" && .venv/bin/pytest") in ci
