"""The saves of a folder as the title screen lists them, and branches: new games from a saved position."""

from __future__ import annotations

import tomli
from pathlib import Path

from attrs import frozen

from ..session import Session, now_iso
from .checking import Replay
from .errors import SaveError
from .locations import SUFFIX, new_save_path
from .migrations import FORMAT
from .reading import parse
from .writing import save


def branch(source: Replay, at: int, name: str, directory: Path | None = None) -> Session:
    """A new game from the position after `at` decisions of a saved one, saved under a new name.

    The branch holds a copy of the first `at` decisions, so it stands alone;
    its header records the parent save and where it branched.
    """
    parent = source.save.path
    directory = parent.parent if directory is None else directory
    session = source.session(at)
    try:
        parent_name = str(parent.resolve().relative_to(directory.resolve()))
    except ValueError:
        parent_name = str(parent.resolve())
    session.name = name
    session.parent = parent_name
    session.branched_at = len(session.log)
    session.created = now_iso()
    session.save_path = new_save_path(directory, name)
    save(session)
    return session


@frozen
class SaveSummary:
    """What the title screen lists about a save, read from its header alone."""

    path: Path
    name: str = ""
    scenario: str = ""
    turn: int = 0
    turns: int = 0
    phase: str = ""
    end_reason: str = ""
    decisions: int = 0
    created: str = ""
    updated: str = ""
    parent: str = ""
    #: why the save cannot be opened (empty when its header reads)
    problem: str = ""


def summary(path: Path) -> SaveSummary:
    """The header of a save, cheaply (the log is not parsed unless the header alone fails)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return SaveSummary(path, problem=f"{path}: cannot read the save: {err.strerror or err}")
    head, _sep, _rest = raw.partition(b"\n[[decision]]")
    try:
        data = tomli.loads(head.decode("utf-8"))
        s, g, p = data["save"], data["game"], data["position"]
        if s["format"] != FORMAT:
            raise KeyError("format")
        return SaveSummary(
            path,
            name=str(s.get("name", "")),
            scenario=str(g.get("scenario", g.get("deck", ""))),
            turn=int(p.get("turn", 0)),
            turns=int(g.get("turns", 0)),
            phase=str(p.get("phase", "")),
            end_reason=str(p.get("end_reason", "")),
            decisions=int(p.get("decisions", 0)),
            created=str(s.get("created", "")),
            updated=str(s.get("updated", "")),
            parent=str(s.get("parent", "")),
        )
    except (UnicodeDecodeError, tomli.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError, RecursionError):
        pass  # the whole file is read below, and its problem named
    try:
        data_full = parse(raw, path)
    except SaveError as err:
        return SaveSummary(path, problem=str(err))
    return SaveSummary(
        path,
        name=data_full.name,
        scenario=data_full.scenario,
        turn=data_full.position_turn or (data_full.decisions[-1].turn if data_full.decisions else 1),
        turns=data_full.turns,
        phase=data_full.position_phase,
        end_reason=data_full.end_reason,
        decisions=len(data_full.decisions),
        created=data_full.created,
        updated=data_full.updated,
        parent=data_full.parent,
    )


def list_saves(directory: Path) -> list[SaveSummary]:
    """Every save in a folder, the most recently updated first; damaged ones carry `problem`."""
    if not directory.is_dir():
        return []
    paths = [p for p in directory.glob(f"*{SUFFIX}") if not p.name.startswith(".") and p.is_file()]
    found = [summary(p) for p in paths]
    return sorted(found, key=lambda s: (s.updated, s.path.name), reverse=True)
