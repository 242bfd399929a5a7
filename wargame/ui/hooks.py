"""Where the TUI meets optional parts of the package: saves, replay and reports.

Each part may be absent in a given version. Every function here degrades to
a clear message instead of failing, so the title and end screens can offer
resume, replay, save and report entries from the start.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from ..session import Session

NO_SAVES = "No saves yet: games are saved once saving is available and a game has been played."


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def saves_module() -> ModuleType | None:
    return _module("wargame.saves")


def list_saves() -> list[Any]:
    """Saved games, newest first, as the saves module lists them (empty when it is absent)."""
    saves = saves_module()
    lister = getattr(saves, "list_saves", None)
    if lister is None:
        return []
    try:
        return list(lister())
    except Exception:  # a broken save folder must not take the title screen down
        return []


def save_label(item: Any) -> str:
    """One line naming a saved game, whatever shape the saves module gives it."""
    for attr in ("label", "title", "name"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value:
            return value
    path = save_path(item)
    return path.name if path else str(item)


def save_path(item: Any) -> Path | None:
    if isinstance(item, (str, Path)):
        return Path(item)
    path = getattr(item, "path", None)
    return Path(path) if path else None


def resume(item: Any) -> Session:
    """Load a saved game to play on; raises ValueError with a one-line reason."""
    saves = saves_module()
    loader = getattr(saves, "resume", None) or getattr(saves, "load", None)
    if loader is None:
        raise ValueError("resuming needs saving, which this version does not have yet")
    try:
        return loader(save_path(item) or item)
    except Exception as err:  # noqa: BLE001 - any load failure becomes one line
        raise ValueError(str(err) or type(err).__name__) from None


def attach_autosave(session: Session) -> None:
    """Give the session a save path so it autosaves after every decision, when saving exists."""
    saves = saves_module()
    if saves is None or not hasattr(saves, "autosave"):
        return
    maker = getattr(saves, "new_save_path", None) or getattr(saves, "default_save_path", None)
    if maker is None:
        return
    try:
        session.save_path = Path(maker(session))
    except Exception:  # noqa: BLE001 - a game without autosave is still a game
        session.save_path = None


def save_now(session: Session) -> str:
    """Save the game and say where, or say why not."""
    saves = saves_module()
    if saves is None:
        return "Saving is not available in this version."
    if session.save_path is not None and hasattr(saves, "autosave"):
        saves.autosave(session)
        return f"Saved to {session.save_path}"
    writer = getattr(saves, "save", None)
    if writer is None:
        return "Saving is not available in this version."
    try:
        where = writer(session)
    except Exception as err:  # noqa: BLE001
        return f"Could not save: {err}"
    return f"Saved to {where or session.save_path}"


def write_report(session: Session) -> str:
    """Write the after-action report and say where, or say why not."""
    report = _module("wargame.report")
    writer = getattr(report, "write_report", None) if report else None
    if writer is None:
        return "Reports are not available in this version."
    try:
        where = writer(session)
    except Exception as err:  # noqa: BLE001
        return f"Could not write the report: {err}"
    return f"Report written to {where}"


def replay_screen(item: Any) -> Any | None:
    """The replay screen for a saved game, or None when replay is not available."""
    module = _module("wargame.ui.screens.replay")
    screen = getattr(module, "ReplayScreen", None) if module else None
    if screen is None:
        return None
    return screen(save_path(item) or item)
