"""The error every command turns into one line and exit status 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user: a broken deck or save, a wrong flag value."""


def require_terminal() -> None:
    """The TUI draws on a terminal and reads its keys: refuse, in one line, to start without one."""
    import sys

    for name, stream in (("input", sys.stdin), ("output", sys.stdout)):
        if stream is None or not stream.isatty():
            raise UserError(f"the game needs a terminal, and standard {name} is not one (for scripts: simulate, replay --verify, inspect, report)")
