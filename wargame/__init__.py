"""A terminal decision-support wargame about Japan's collective self-defense."""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

__version__ = "0.2.0"


def engine_build() -> str:
    """How the engine's hot path runs here: "compiled" (by mypyc when installed, see hatch_build.py) or "pure Python".

    Python loads a compiled module before a source file of the same name,
    so a compiled `machine` beside `machine.py` is the one that runs.
    """
    engine = Path(__file__).parent / "engine"
    return "compiled" if any((engine / f"machine{suffix}").exists() for suffix in EXTENSION_SUFFIXES) else "pure Python"
