"""Save formats: the one this version writes, the oldest it reads, and the steps between them.

A save of an older format is migrated on load, as parsed data, one format
at a time; a newer one is refused with a message that says to upgrade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .. import __version__
from ..diagnostics import type_name
from .errors import SaveError, shown
from .lines import Lines

#: the save format this version writes; it reads every version from OLDEST up to this one
FORMAT = 3
#: saves of formats 1 and 2 hold games of the 0.1 rules, whose positions these rules cannot replay
OLDEST = 3

#: MIGRATIONS[n] turns a format-n save (as parsed data) into format n + 1
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def format_of(data: dict[str, Any], path: Path, lines: Lines) -> int:
    """The format version a parsed save declares (in [save], or [header] before format 2)."""
    for table in ("save", "header"):
        section = data.get(table)
        if isinstance(section, dict) and "format" in section:
            value = section["format"]
            if not isinstance(value, int) or isinstance(value, bool):
                raise SaveError(path, lines.key(table, None, "format"), f"'format' must be a whole number, not {type_name(value)} {shown(value)}")
            return value
    raise SaveError(path, 1, f"not a wargame save: no format version (a save starts with [save] and format = {FORMAT})")


def migrate(data: dict[str, Any], version: int, path: Path, lines: Lines) -> dict[str, Any]:
    """A parsed save of format `version` as data of the current format; SaveError if it cannot be."""
    if version > FORMAT:
        raise SaveError(
            path,
            lines.key("save", None, "format"),
            f"written by a newer wargame (save format {version}; this version {__version__} reads formats {OLDEST} to {FORMAT}): upgrade wargame to open it",
        )
    if version < 1:
        raise SaveError(path, lines.key("save", None, "format"), f"unknown save format {version} (this version reads formats {OLDEST} to {FORMAT})")
    if version < OLDEST:
        raise SaveError(
            path,
            lines.key("save", None, "format") if version > 1 else lines.key("header", None, "format"),
            f"save format {version} holds a game played under the rules of wargame 0.1 (before cabinet approval, the Diet's seats "
            f"and the escalation ladder of save format {OLDEST}): its positions cannot be replayed by this version; open it with wargame 0.1",
        )
    for step in range(version, FORMAT):
        try:
            data = MIGRATIONS[step](data)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as err:
            raise SaveError(path, 0, f"cannot migrate this save from format {step}: {type(err).__name__} {err}") from None
    return data
