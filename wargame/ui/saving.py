"""Where the TUI meets saves and reports: each failure becomes a one-line message, never a crash.

The title and end screens offer resume, save and report at any time, so a
broken save folder or a report that cannot be written is said in a line on
screen and the game goes on.
"""

from __future__ import annotations

from pathlib import Path

from .. import saves
from ..folders import saves_dir
from ..report import build_report
from ..saves import SaveSummary
from ..session import Session

NO_SAVES = "No saves yet: a game is saved after every decision, so play one first."


def saves_folder(folder: Path | None) -> Path:
    """The saves folder: the one given, else the default ($WARGAME_SAVES or ./saves)."""
    return folder if folder is not None else saves_dir(None)


def list_saves(folder: Path | None) -> list[SaveSummary]:
    """Saved games, newest first (empty when there are none)."""
    try:
        return saves.list_saves(saves_folder(folder))
    except Exception:  # noqa: BLE001 - a broken save folder must not take the title screen down
        return []


def save_label(item: SaveSummary) -> str:
    """One line naming a saved game: its name, where it stands, or why it cannot be opened."""
    name = item.name or item.path.stem
    if item.problem:
        return f"{name}: cannot be opened: {item.problem}"
    parts = [name]
    if item.end_reason:
        parts.append(f"over ({item.end_reason.replace('_', ' ')})")
    elif item.turn:
        parts.append(f"turn {item.turn}/{item.turns} {item.phase}".rstrip())
    if item.updated:
        parts.append(item.updated[:16].replace("T", " "))
    return " · ".join(parts)


def resume(item: SaveSummary) -> Session:
    """A saved game, replayed and checked, ready to continue; ValueError with a one-line reason."""
    if item.problem:
        raise ValueError(item.problem)
    try:
        return saves.load(item.path)
    except Exception as err:  # noqa: BLE001 - any load failure becomes one line
        raise ValueError(str(err) or type(err).__name__) from None


def attach_autosave(session: Session, folder: Path | None) -> None:
    """Give a new session its own save file in the saves folder, so every decision is autosaved."""
    try:
        name = session.name or saves.default_name(session.deck, session.seed)
        session.name = name
        session.save_path = saves.new_save_path(saves_folder(folder), name)
    except Exception:  # noqa: BLE001 - a game without autosave is still a game
        session.save_path = None


def save_now(session: Session, folder: Path | None) -> str:
    """Save the game and say where, or say why not."""
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
    name = session.name or f"{session.deck.id}-seed-{session.seed}"
    return saves_folder(folder) / f"{saves.slug(name)}.md"


def write_report(session: Session, folder: Path | None = None) -> str:
    """Write the after-action report (Markdown) and say where, or say why not."""
    path = report_path(session, folder)
    try:
        text = build_report(session)
        path.parent.mkdir(parents=True, exist_ok=True)
        saves.write_atomic(path, text)
    except Exception as err:  # noqa: BLE001
        return f"Could not write the report: {err}"
    return f"Report written to {path}"
