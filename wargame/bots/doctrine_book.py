"""The doctrine book: each capital's ordered rules, read from `doctrine_book.toml`.

The book is data so that a reader can review the doctrines (and the
reasons the log will show) without reading code: each rule names the
conditions it is built from (`conditions.TESTS`, `FAVOURS`, `KEYS`). A
book naming a condition that does not exist is refused when first read.
"""

from __future__ import annotations

import functools
import tomli
from importlib import resources
from typing import Any

from ..engine.tracks import ROLES
from .conditions import FAVOURS, KEYS, TESTS
from .rule_kinds import Doctrine, Prefer, Veto, always

BOOK = "doctrine_book.toml"
PHASES = ("responses", "policies")


class BookError(ValueError):
    """The doctrine book names a role, a field or a condition that does not exist."""


@functools.cache
def doctrines() -> dict[str, Doctrine]:
    """Every capital's doctrine, by role (the book is read once)."""
    text = resources.files(__package__).joinpath(BOOK).read_text(encoding="utf-8")
    return read_book(tomli.loads(text))


def read_book(data: dict[str, Any]) -> dict[str, Doctrine]:
    """The doctrines in a parsed book; BookError names the first thing wrong."""
    if set(data) != set(ROLES):
        raise BookError(f"the doctrine book must give exactly {', '.join(ROLES)}, not {', '.join(data)}")
    book = {}
    for role in ROLES:
        section = data[role]
        if set(section) != set(PHASES):
            raise BookError(f"[{role}] must give exactly {' and '.join(PHASES)}")
        rules = {phase: tuple(_rule(role, phase, i, entry) for i, entry in enumerate(section[phase], 1)) for phase in PHASES}
        book[role] = Doctrine(role=role, responses=rules["responses"], policies=rules["policies"])
    return book


def _rule(role: str, phase: str, number: int, entry: dict[str, Any]) -> Veto | Prefer:
    where = f"[{role}] {phase} rule {number}"

    def named(table: dict[str, Any], field: str) -> Any:
        name = entry[field]
        if name not in table:
            raise BookError(f"{where}: {field} '{name}' is not a condition of that kind (use one of {', '.join(table)})")
        return table[name]

    kind = "veto" if "veto" in entry else "prefer"
    allowed = {kind, "when", "reason"} | ({"by"} if kind == "prefer" else set())
    if ("veto" in entry) == ("prefer" in entry) or "reason" not in entry or not set(entry) <= allowed:
        raise BookError(f"{where}: give veto or prefer, a reason, and optionally when{' and by' if kind == 'prefer' else ''}")
    when = named(TESTS, "when") if "when" in entry else always
    if kind == "veto":
        return Veto(entry["reason"], named(FAVOURS, "veto"), when)
    key = named(KEYS, "by") if "by" in entry else None
    return Prefer(entry["reason"], named(FAVOURS, "prefer"), when, key)
