"""Where the TUI meets saves, replay and reports.

Saving is `wargame.saves`; the replay screen (`ui/screens/replay.py`) and the
report writer (`wargame/report.py`) may be absent in a given version. Every
function here turns a missing part or a failure into a one-line message, so
the title and end screens can always offer resume, replay, save and report.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from ..session import Session

NO_SAVES = "No saves yet: a game is saved after every decision, so play one first."


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def saves_folder(folder: Path | None) -> Path:
    """The saves folder: the one given, else what `wargame.saves` chooses ($WARGAME_SAVES or ./saves)."""
    if folder is not None:
        return folder
    saves = _module("wargame.saves")
    if saves is not None and hasattr(saves, "saves_dir"):
        return Path(saves.saves_dir(None))
    return Path.cwd() / "saves"


def list_saves(folder: Path | None) -> list[Any]:
    """Saved games, newest first (empty when there are none or saving is absent)."""
    saves = _module("wargame.saves")
    lister = getattr(saves, "list_saves", None)
    if lister is None:
        return []
    try:
        return list(lister(saves_folder(folder)))
    except Exception:  # noqa: BLE001 - a broken save folder must not take the title screen down
        return []


def save_label(item: Any) -> str:
    """One line naming a saved game: its name, where it stands, or why it cannot be opened."""
    problem = getattr(item, "problem", "")
    path = save_path(item)
    name = getattr(item, "name", "") or (path.stem if path else str(item))
    if problem:
        return f"{name}: cannot be opened: {problem}"
    parts = [name]
    turn, turns = getattr(item, "turn", 0), getattr(item, "turns", 0)
    if getattr(item, "end_reason", ""):
        parts.append(f"over ({item.end_reason.replace('_', ' ')})")
    elif turn:
        parts.append(f"turn {turn}/{turns} {getattr(item, 'phase', '')}".rstrip())
    updated = getattr(item, "updated", "")
    if updated:
        parts.append(updated[:16].replace("T", " "))
    return " · ".join(parts)


def save_path(item: Any) -> Path | None:
    if isinstance(item, (str, Path)):
        return Path(item)
    path = getattr(item, "path", None)
    return Path(path) if path else None


def resume(item: Any) -> Session:
    """A saved game, replayed and checked, ready to continue; ValueError with a one-line reason."""
    saves = _module("wargame.saves")
    if saves is None or not hasattr(saves, "load"):
        raise ValueError("saving is not available in this version")
    if getattr(item, "problem", ""):
        raise ValueError(item.problem)
    try:
        return saves.load(save_path(item) or item)
    except Exception as err:  # noqa: BLE001 - any load failure becomes one line
        raise ValueError(str(err) or type(err).__name__) from None


def attach_autosave(session: Session, folder: Path | None) -> None:
    """Give a new session its own save file in the saves folder, so every decision is autosaved."""
    saves = _module("wargame.saves")
    if saves is None or not hasattr(saves, "new_save_path"):
        return
    try:
        name = session.name or saves.default_name(session.deck, session.seed)
        session.name = name
        session.save_path = saves.new_save_path(saves_folder(folder), name)
    except Exception:  # noqa: BLE001 - a game without autosave is still a game
        session.save_path = None


def save_now(session: Session, folder: Path | None) -> str:
    """Save the game and say where, or say why not."""
    saves = _module("wargame.saves")
    if saves is None or not hasattr(saves, "save"):
        return "Saving is not available in this version."
    if session.save_path is None:
        attach_autosave(session, folder)
    try:
        where = saves.save(session)
    except Exception as err:  # noqa: BLE001
        return f"Could not save: {err}"
    return f"Saved to {where}"


def report_path(session: Session, folder: Path | None) -> Path:
    """Where the report goes: beside the game's save, with the .md suffix."""
    if session.save_path is not None:
        return session.save_path.with_suffix(".md")
    saves = _module("wargame.saves")
    name = session.name or f"{session.deck.id}-seed-{session.seed}"
    slug = saves.slug(name) if saves is not None and hasattr(saves, "slug") else "report"
    return saves_folder(folder) / f"{slug}.md"


def write_report(session: Session, folder: Path | None = None) -> str:
    """Write the after-action report (Markdown) and say where, or say why not."""
    report = _module("wargame.report")
    build = getattr(report, "build_report", None) if report else None
    if build is None:
        return "Reports are not available in this version."
    path = report_path(session, folder)
    try:
        text = build(session)
        path.parent.mkdir(parents=True, exist_ok=True)
        saves = _module("wargame.saves")
        if saves is not None and hasattr(saves, "write_atomic"):
            saves.write_atomic(path, text)
        else:
            path.write_text(text, encoding="utf-8")
    except Exception as err:  # noqa: BLE001
        return f"Could not write the report: {err}"
    return f"Report written to {path}"


def replay_screen(item: Any, folder: Path | None = None) -> Any | None:
    """The replay screen for a saved game, or None when replay in the TUI is not available."""
    module = _module("wargame.ui.screens.replay")
    screen = getattr(module, "ReplayScreen", None) if module else None
    if screen is None:
        return None
    try:
        return screen(save_path(item) or item, saves_dir=saves_folder(folder))
    except TypeError:
        return screen(save_path(item) or item)
