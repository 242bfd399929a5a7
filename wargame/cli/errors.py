"""The error every command turns into one line and exit status 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user: a broken deck or save, a wrong flag value."""
