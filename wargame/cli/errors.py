"""The error every command turns into one line and exit status 2, and the one way a command writes such a line."""

from __future__ import annotations

import sys
from typing import TextIO

from ..text import printable


class UserError(Exception):
    """Bad input from the user: a broken deck or save, a wrong flag value."""


def require_terminal() -> None:
    """The TUI draws on a terminal and reads its keys: refuse, in one line, to start without one."""
    for name, stream in (("input", sys.stdin), ("output", sys.stdout)):
        if stream is None or not stream.isatty():
            raise UserError(f"the game needs a terminal, and standard {name} is not one (for scripts: simulate, replay --verify, inspect, report)")


def say(line: str, *, to: TextIO | None = None, flush: bool = False) -> None:
    """One line for the user, on stderr unless `to` is given: what a flag, a path or a file put in it is shown, never acted on by the terminal."""
    stream = sys.stderr if to is None else to
    if stream is not None:
        print(printable(line, one_line=True), file=stream, flush=flush)
