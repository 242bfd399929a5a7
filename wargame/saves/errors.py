"""SaveError, whose text is one line naming file and line, and the words its messages use for values."""

from __future__ import annotations

import os
import re
from typing import Any


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def one_line(text: str) -> str:
    """Text from a save, safe to print on one line: control characters shown as escapes."""
    return _CONTROL.sub(lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


class SaveError(Exception):
    """A save that cannot be read, written or trusted; `str()` is one line naming file and line."""

    def __init__(self, path: str | os.PathLike[str], line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = one_line(message)
        where = f"{self.path}:{line}: " if line else f"{self.path}: " if self.path else ""
        super().__init__(one_line(f"{where}{message}"))


def shown(value: Any) -> str:
    """A value as a message quotes it, cut short after 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
