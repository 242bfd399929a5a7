"""The line of every key, table and array element of TOML text, so a problem points at its own line.

tomli gives values without positions; this scanner walks the same text
again, only when a deck has problems to report.
"""

from __future__ import annotations

import bisect
import re
import tomli
from typing import Any

_WS = re.compile(r"[ \t]*")
_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_STRING = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}'
    r"|'''(?:[^']|'{1,2}(?!'))*'{3,5}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
)
_SCALAR = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?|[^\s,\]}#=]+")
_MAX_DEPTH = 60


class _Stop(Exception):
    """The scanner met something it does not follow; the places found so far stand."""


class Locator:
    """The line of each key, table and array element of TOML text.

    tomli gives values without positions; this scanner walks the same text
    and records where every place starts (("cards", 3, "responses", 1,
    "requires", "min_rung") -> line), so a problem points at its own line.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        self.places: dict[tuple[Any, ...], int] = {}
        self.pos = 0
        self.table: tuple[Any, ...] = ()
        self.arrays: dict[tuple[Any, ...], int] = {}
        try:
            self._document()
        except (_Stop, IndexError, ValueError, tomli.TOMLDecodeError):
            pass

    def line(self, place: tuple[Any, ...]) -> int:
        """The line of `place`, or of the nearest enclosing place the file spells out."""
        for k in range(len(place), 0, -1):
            found = self.places.get(tuple(place[:k]))
            if found:
                return found
        return 1

    # scanning
    def _line_at(self, pos: int) -> int:
        return 1 + bisect.bisect_left(self.newlines, pos)

    def _mark(self, place: tuple[Any, ...], pos: int, first: bool = True) -> None:
        if not first or place not in self.places:
            self.places[place] = self._line_at(pos)

    def _skip(self, pattern: re.Pattern[str]) -> None:
        self.pos = pattern.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def _expect(self, token: str) -> None:
        if not self.text.startswith(token, self.pos):
            raise _Stop
        self.pos += len(token)

    def _document(self) -> None:
        while True:
            self._skip(_BLANK)
            if self.pos >= len(self.text):
                return
            start = self.pos
            if self.text[self.pos] == "[":
                many = self.text.startswith("[[", self.pos)
                self.pos += 2 if many else 1
                keys = self._key()
                self._expect("]]" if many else "]")
                self._header(keys, many, start)
            else:
                keys = self._key()
                self._expect("=")
                self._keyval(self.table, keys, start, 0)

    def _key(self) -> list[str]:
        keys = []
        while True:
            self._skip(_WS)
            found = _STRING.match(self.text, self.pos) if self.text[self.pos] in "\"'" else _BARE_KEY.match(self.text, self.pos)
            if not found:
                raise _Stop
            raw = found.group(0)
            keys.append(tomli.loads(f"k = {raw}")["k"] if raw[0] in "\"'" else raw)
            self.pos = found.end()
            self._skip(_WS)
            if self.text.startswith(".", self.pos):
                self.pos += 1
                continue
            return keys

    def _header(self, keys: list[str], many: bool, start: int) -> None:
        path: tuple[Any, ...] = ()
        for j, key in enumerate(keys):
            path = (*path, key)
            last = j == len(keys) - 1
            if last and many:
                index = self.arrays.get(path, 0)
                self.arrays[path] = index + 1
                self._mark(path, start)
                path = (*path, index)
                self._mark(path, start)
            elif path in self.arrays:
                self._mark(path, start)
                path = (*path, self.arrays[path] - 1)
            else:
                self._mark(path, start, first=not last)
        self.table = path

    def _keyval(self, base: tuple[Any, ...], keys: list[str], start: int, depth: int) -> None:
        path = base
        for key in keys[:-1]:
            path = (*path, key)
            self._mark(path, start)
        path = (*path, keys[-1])
        self._mark(path, start, first=False)
        self._skip(_WS)
        self._value(path, depth)

    def _value(self, path: tuple[Any, ...], depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise _Stop
        char = self.text[self.pos]
        if char == "{":
            self.pos += 1
            while True:
                self._skip(_BLANK)
                if self.text.startswith("}", self.pos):
                    self.pos += 1
                    return
                start = self.pos
                keys = self._key()
                self._expect("=")
                self._keyval(path, keys, start, depth + 1)
                self._skip(_BLANK)
                if self.text.startswith(",", self.pos):
                    self.pos += 1
        elif char == "[":
            self.pos += 1
            index = 0
            while True:
                self._skip(_BLANK)
                if self.text.startswith("]", self.pos):
                    self.pos += 1
                    return
                self._mark((*path, index), self.pos, first=False)
                self._value((*path, index), depth + 1)
                index += 1
                self._skip(_BLANK)
                if self.text.startswith(",", self.pos):
                    self.pos += 1
        else:
            found = (_STRING if char in "\"'" else _SCALAR).match(self.text, self.pos)
            if not found:
                raise _Stop
            self.pos = found.end()
