"""Where things are in a save's text, so that a message can name the line."""

from __future__ import annotations

import re


class Lines:
    """Finds the line of a place in a save's text, for messages; computed on demand."""

    _HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-\"]+?)\s*\]\]?")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None
        self._headers: list[tuple[int, str, bool]] | None = None

    def _scan(self) -> None:
        if self._lines is None:
            self._lines = self.text.splitlines()
            self._headers = []
            for i, line in enumerate(self._lines):
                found = self._HEADER.match(line)
                if found:
                    self._headers.append((i, found.group(2), bool(found.group(1))))

    def element(self, table: str, index: int | None = None) -> int:
        """The line of `[table]`, or of the `index`-th `[[table]]`; else of a `table =` key; else 0."""
        self._scan()
        assert self._headers is not None and self._lines is not None
        hits = [i for i, name, is_array in self._headers if name == table and (index is None or is_array)]
        if index is None and hits:
            return hits[0] + 1
        if index is not None and 0 <= index < len(hits):
            return hits[index] + 1
        pattern = re.compile(r"^\s*\"?" + re.escape(table) + r"\"?\s*=")
        for i, line in enumerate(self._lines):
            if pattern.match(line):
                return i + 1
        return 0

    def key(self, table: str, index: int | None, key: str) -> int:
        """The line of `key =` inside a table (or the table's line when not found)."""
        start = self.element(table, index)
        if not start:
            return 0
        assert self._headers is not None and self._lines is not None
        end = next((i for i, _n, _a in self._headers if i >= start), len(self._lines))
        pattern = re.compile(r"^\s*\"?" + re.escape(key) + r"\"?\s*=")
        for i in range(start, end):
            if pattern.match(self._lines[i]):
                return i + 1
        return start

