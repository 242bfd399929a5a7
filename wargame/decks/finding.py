"""Where decks are: the bundled ones (in a checkout or an installed copy), by id, era or path.

An installed copy carries the top-level decks/ folder as wargame/_decks
(pyproject.toml packs it so); a checkout reads decks/ beside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import DeckProblem
from .schema import ID_PATTERN

DEFAULT_DECK = "era-2013"
#: the largest deck file read: a scenario deck is under 200 KB, so this is far beyond any real one
MAX_DECK_BYTES = 4_000_000
_SOURCE_DIR = Path(__file__).resolve().parents[2] / "decks"
_PACKAGED_DIR = Path(__file__).resolve().parents[1] / "_decks"


def deck_dir() -> Path:
    """The bundled decks: beside the package when installed, at the top of a checkout otherwise."""
    return _PACKAGED_DIR if _PACKAGED_DIR.is_dir() else _SOURCE_DIR


def bundled_paths() -> list[Path]:
    return sorted(deck_dir().glob("*.toml"))


def resolve(name_or_path: str | os.PathLike[str]) -> Path:
    """A bundled deck by id ("era-2013") or era ("2013"), or a file path."""
    text = str(name_or_path)
    if "/" not in text and "\\" not in text and ID_PATTERN.fullmatch(text):
        for candidate in (deck_dir() / f"{text}.toml", deck_dir() / f"era-{text}.toml"):
            if candidate.is_file():
                return candidate
    return Path(text)


def size_problem(shown: str, size: int, limit: int) -> DeckProblem:
    """The refusal of a file over the size limit, before it is parsed."""
    return DeckProblem(shown, 0, "", f"the deck is {size:,} bytes; a deck may be at most {limit:,} bytes ({limit / 1e6:g} MB; a scenario deck is under 200 KB)")
