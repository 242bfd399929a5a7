"""Where saves live: the saves folder, a save's file from its name, and how a save names its deck.

Choosing the folder and probing it are `wargame.folders`, which the title
screen imports without loading saves; this module adds what needs a deck or
a session.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path

from ..decks import deck_dir
from ..engine.model import Deck
from ..folders import ENV, folder_problem, saves_dir
from ..session import now_iso
from .errors import SaveError

__all__ = ["ENV", "SUFFIX", "check_folder", "deck_source", "default_name", "find_save", "new_save_path", "saves_dir", "slug"]

#: how a save's file name ends
SUFFIX = ".toml"


def check_folder(folder: str | os.PathLike[str]) -> Path:
    """The folder, created if need be and proven writable; SaveError naming it and the reason if not."""
    problem = folder_problem(folder)
    if problem:
        raise SaveError(Path(folder).expanduser(), 0, problem)
    return Path(folder).expanduser()


def find_save(name_or_path: str | os.PathLike[str], directory: Path) -> Path:
    """A save given as a path, a file in `directory` (with or without .toml), or a save's slug."""
    text = str(name_or_path)
    if not text.strip():
        raise SaveError("", 0, f"no save named: give a save's name or file ('wargame resume' lists those in {directory})")
    given = Path(text).expanduser()
    candidates = [given]
    if not given.is_absolute():
        candidates += [directory / text, directory / f"{text}{SUFFIX}", directory / f"{slug(text)}{SUFFIX}"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    if given.exists():
        raise SaveError(text, 0, "not a save file (it is a folder)" if given.is_dir() else "not a save file (a device or a pipe)")
    raise SaveError(text, 0, f"no such save (also looked in {directory})")


def slug(name: str) -> str:
    """A file name for a save's name: lower-case ASCII letters, digits and dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    ascii_name = re.sub(r"(?<![a-z0-9])-(?=[0-9])", " minus ", ascii_name)  # seed -1 is not seed 1
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60].strip("-")
    return text or "game"


def new_save_path(directory: Path, name: str) -> Path:
    """A path in `directory` for a new save called `name` that no existing file holds."""
    base = slug(name)
    path = directory / f"{base}{SUFFIX}"
    n = 2
    while path.exists():
        path = directory / f"{base}-{n}{SUFFIX}"
        n += 1
    return path


def default_name(deck: Deck, seed: int) -> str:
    """A name for a game nobody named: its scenario, seed and start time."""
    return f"{deck.id} seed {seed} {now_iso()[:16].replace('T', ' ')}"


def deck_source(deck: Deck) -> str:
    """How a save names its deck: the bundled id, or the deck file's absolute path."""
    if not deck.path:
        return deck.id
    path = Path(deck.path).resolve()
    with contextlib.suppress(OSError):
        if path.parent == deck_dir().resolve():
            return path.stem
    return str(path)
