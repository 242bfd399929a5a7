"""Running `wargame` on deck files, in-process or as a real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wargame.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
BASE = DATA / "checker-base.toml"
BUNDLED = sorted((ROOT / "decks").glob("*.toml"))


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """`wargame ARGS` as a separate process, the way a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-m", "wargame", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`wargame ARGS` in this process (fast); an exception here is a traceback for the user."""
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def line_of(text: str, snippet: str) -> int:
    """The 1-based line where `snippet` starts; it must occur exactly once."""
    assert text.count(snippet) == 1, f"snippet occurs {text.count(snippet)} times: {snippet!r}"
    return text[: text.index(snippet)].count("\n") + 1
