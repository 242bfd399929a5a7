"""Problems that name file and line, and the words they use for what an author wrote.

Decks report every mistake as one line, `FILE:LINE: WHERE: what is wrong
and what is allowed`; these helpers say a value's type and spell a value
short and on one line, the same way wherever a problem is told.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen


@frozen
class DeckProblem:
    """One mistake in a deck (or, as a warning, a weakness): where it is and what is wrong, as one line."""

    path: str
    line: int
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        at = f"{self.path}:{self.line}:" if self.line > 0 else f"{self.path}:"
        return f"{at}{' warning:' if self.warning else ''}{where} {self.message}"


def errors_in(problems: list[DeckProblem]) -> list[DeckProblem]:
    """The problems that make a deck unplayable (warnings aside)."""
    return [p for p in problems if not p.warning]


def did_you_mean(word: str, choices: tuple[str, ...] | list[str] | set[str]) -> str:
    import difflib  # deferred: only a misspelt name needs it

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a whole number", str: "text", list: "a list", dict: "a table", float: "a decimal number"}
    return names.get(type(value), "a date or time" if hasattr(value, "isoformat") else type(value).__name__)


def show_text(text: str, limit: int = 60) -> str:
    """Text from the deck, on one line, without control characters, cut when long."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    return shown[:limit] + "..." if len(text) > limit else shown


def show(value: Any, depth: int = 0) -> str:
    """A value as TOML would spell it, short and on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        digits = len(str(abs(value))) if abs(value) < 10**400 else 401
        return str(value) if digits <= 12 else f"a {digits if digits <= 400 else 'huge'}-digit number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return f'"{show_text(value, 40)}"'
    if depth >= 2 and isinstance(value, (list, dict)):
        return "[...]" if isinstance(value, list) else "{...}"
    if isinstance(value, list):
        inner = ", ".join(show(v, depth + 1) for v in value[:4])
        return f"[{inner}{', ...' if len(value) > 4 else ''}]"
    if isinstance(value, dict):
        inner = ", ".join(f"{show_text(k, 20)} = {show(v, depth + 1)}" for k, v in list(value.items())[:3])
        return f"{{ {inner}{', ...' if len(value) > 3 else ''} }}"
    return show_text(str(value), 40)
