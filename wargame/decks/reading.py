"""Reading parsed TOML with the author in mind: typed getters that record a problem and go on.

A getter given a wrong value records the problem at its place (its line is
found later, and only if there is any) and returns a default, so one run
tells the author every mistake, not just the first. The `Reader` also keeps
the record of what the walk has seen (flags, sources, cards, options), which
the cross-checks and the rules of the subject read once the walk is done.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..diagnostics import DeckProblem, did_you_mean, show, show_text, type_name
from ..engine.model import Card, Option, Rules
from ..engine.tracks import INSTITUTIONS
from ..text import codepoint, first_control
from .positions import Locator
from .rules import barred_mission
from .schema import ENTITIES, ID_PATTERN, OPTION_KEYS, PROSE_KEYS, allowed_keys

#: what a control character in deck text looks like in the file: itself, or an escape that makes one
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\t]|\\\\[btnfrueU]")


def _clean_id(value: Any) -> str:
    """An id fit to name a place in a message: text with no control character, shown short."""
    return show_text(value, 40) if isinstance(value, str) and first_control(value) is None else ""


def is_one_of(value: Any, allowed: tuple[Any, ...]) -> bool:
    """`value` is one of `allowed` and of the same type (true is not 1)."""
    return any(type(value) is type(a) and value == a for a in allowed)


def bad_institution(name: str, value: Any) -> str:
    allowed = INSTITUTIONS[name]
    hint = did_you_mean(value, [a for a in allowed if isinstance(a, str)]) if isinstance(value, str) else ""
    return f"{name} is {show(value)}{hint}: allowed {', '.join(map(show, allowed))}"


class Reader:
    """Records every problem with its place, and what the walk has read so far."""

    def __init__(self, path: str, text: str, content_hash: str) -> None:
        self.path = path
        self.source = text
        self.content_hash = content_hash
        #: (place, where, message) of every problem; the lines are found once checking is done
        self.problems: list[tuple[tuple[Any, ...], str, str, bool]] = []
        self.where = ""
        #: (place, flag, where, needed) of every flag named; needed: a requirement that only holds once something sets it
        self.flags_used: list[tuple[tuple[Any, ...], str, str, bool]] = []
        self.flags_set: set[str] = set()
        self.sources_used: list[tuple[tuple[Any, ...], str, str]] = []
        #: Tokyo's deployments, for the rule that far ones need markedly more support
        self.deployments: list[tuple[tuple[Any, ...], str, Option]] = []
        #: every card id read, even of a card with other mistakes, so an inject naming it is not blamed too
        self.card_ids: set[str] = set()
        self.clash_ids: set[str] = set()
        #: every option read, with its place, for the rules of the subject that look across the deck
        self.options_read: list[tuple[tuple[Any, ...], str, Option]] = []
        #: every card built, with its place and where
        self.cards_read: list[tuple[tuple[Any, ...], str, Card]] = []
        #: where requirements name the Diet's standing, which needs [diet] seats
        self.diet_named: list[tuple[tuple[Any, ...], str]] = []
        self.declared_flags: set[str] = set()
        self.rules_read = Rules()
        #: the parsed deck, for naming the card or response a place is in
        self.data: Any = None

    # reporting
    def problem(self, place: tuple[Any, ...], message: str, where: str | None = None, warning: bool = False) -> None:
        self.problems.append((place, self.where if where is None else where, message, warning))

    @property
    def has_errors(self) -> bool:
        return any(not warning for *_, warning in self.problems)

    def located(self) -> list[DeckProblem]:
        """The problems with their lines: the file is scanned for places only when there are any."""
        if not self.problems:
            return []
        locator = Locator(self.source)
        return [DeckProblem(self.path, locator.line(place), where, message, warning) for place, where, message, warning in self.problems]

    def refuse_control_characters(self, data: Any) -> None:
        """Refuse a control character anywhere in the deck, walking it only when the file could hold one."""
        if _SUSPECT.search(self.source):  # a file with no control character nor escape cannot hold one
            self.control_characters(data)

    def control_characters(self, data: Any, place: tuple[Any, ...] = ()) -> None:
        """Refuse a control character in any key or text: a terminal would act on it when shown."""
        if isinstance(data, dict):
            for key, value in data.items():
                here = (*place, key)
                bad = first_control(key) if isinstance(key, str) else None
                if bad is not None:
                    self.problem(here, f"key '{show_text(key)}' holds a control character ({codepoint(bad)})", self.entity(here))
                if isinstance(value, str):
                    bad = first_control(value, newlines=key in PROSE_KEYS)
                    if bad is not None:
                        self.problem(here, f"field '{show_text(key)}' holds a control character ({codepoint(bad)})", self.entity(here))
                elif isinstance(value, (dict, list)):
                    self.control_characters(value, here)
        elif isinstance(data, list):
            for i, value in enumerate(data):
                here = (*place, i)
                if isinstance(value, str):
                    bad = first_control(value)
                    if bad is not None:
                        field = next((k for k in reversed(place) if isinstance(k, str)), "?")
                        self.problem(here, f"field '{show_text(field)}' holds a control character ({codepoint(bad)})", self.entity(here))
                elif isinstance(value, (dict, list)):
                    self.control_characters(value, here)

    def entity(self, place: tuple[Any, ...]) -> str:
        """How a problem at `place` names what it is in: "card 'ID'", "card 'ID', tokyo response 'RID'", "start"."""
        if not place:
            return ""
        data: Any = self.data
        top = place[0]
        if top not in ENTITIES or len(place) < 2 or not isinstance(place[1], int):
            return str(top) if len(place) > 1 and isinstance(top, str) else ""
        entry = data[top][place[1]]
        name = _clean_id(entry.get("id") if isinstance(entry, dict) else None)
        where = f"{ENTITIES[top]} '{name}'" if name else f"{ENTITIES[top]} #{place[1] + 1}"
        if top == "cards" and len(place) > 3 and place[2] == "responses" and isinstance(place[3], int) and isinstance(entry.get("responses"), list):
            response = entry["responses"][place[3]]
            rid = _clean_id(response.get("id") if isinstance(response, dict) else None)
            role = _clean_id(response.get("role") if isinstance(response, dict) else None)
            where += f", {role + ' ' if role else ''}response '{rid}'" if rid else f", response #{place[3] + 1}"
        return where

    # typed getters: record a problem and return a default when the value is wrong
    def table(self, data: Any, place: tuple[Any, ...], keys: tuple[str, ...], what: str) -> dict[str, Any]:
        if keys is OPTION_KEYS and isinstance(data, dict) and "csd" in data:
            self.problem(
                (*place, "csd"),
                "'csd' is replaced by the legal basis: write basis = \"csd\" for the use of force under the three new conditions, or the basis the option rests on",
            )
            data = {k: v for k, v in data.items() if k != "csd"}
        if not isinstance(data, dict):
            self.problem(place, f"{what} must be a table, not {type_name(data)} {show(data)}")
            return {}
        for key in data:
            if key not in keys:
                self.problem((*place, key), f"unknown key '{show_text(key)}' in {what}{did_you_mean(key, keys)}; allowed: {allowed_keys(keys)}")
        return data

    def value(self, data: dict[str, Any], key: str, place: tuple[Any, ...], kind: type, default: Any = None, required: bool = False, hint: str = "") -> Any:
        if key not in data:
            if required:
                self.problem(place, f"missing '{key}' ({hint or type_name(kind())})")
            return default
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem((*place, key), f"'{key}' must be {type_name(kind())}, not {type_name(value)} {show(value)}")
            return default
        return value

    def integer(self, data: dict[str, Any], key: str, place: tuple[Any, ...], low: int, high: int, default: int | None = None, required: bool = False) -> Any:
        value = self.value(data, key, place, int, None, required)
        if value is None:
            return default
        if not low <= value <= high:
            self.problem((*place, key), f"'{key}' is {show(value)}: allowed {low}..{high}")
            return default
        return value

    def text(self, data: dict[str, Any], key: str, place: tuple[Any, ...], required: bool = True, default: str = "") -> str:
        value = self.value(data, key, place, str, default, required)
        if required and isinstance(value, str) and key in data and not value.strip():
            self.problem((*place, key), f"'{key}' must not be empty")
        return value if isinstance(value, str) else default

    def strings(self, data: dict[str, Any], key: str, place: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
        """A list of text, each item with its own place (so its line is exact)."""
        value = self.value(data, key, place, list, [])
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.problem((*place, key, i), f"'{key}' must list text, not {type_name(item)} {show(item)}")
            else:
                out.append(((*place, key, i), item))
        return out

    def choice(self, data: dict[str, Any], key: str, place: tuple[Any, ...], allowed: tuple[str, ...], default: str, what: str, required: bool = False) -> str:
        value = self.value(data, key, place, str, None, required, hint=f"one of {', '.join(allowed)}")
        if value is None:
            return default
        if value not in allowed:
            barred = barred_mission(value, allowed) if key == "mission" else None
            self.problem((*place, key), barred or f"unknown {what} '{show_text(value)}'{did_you_mean(value, allowed)}; allowed: {', '.join(allowed)}")
            return default
        return value

    def entries(self, data: list[Any], section: str, keys: tuple[str, ...], noun: str, article: str = "a") -> Iterator[tuple[tuple[Any, ...], dict[str, Any], str]]:
        """Each [[section]] entry as (place, its table, its id), with `where` naming it while it is read."""
        for i, raw in enumerate(data):
            place = (section, i)
            self.where = f"{noun} #{i + 1}"
            spec = self.table(raw, place, keys, f"{article} {noun}")
            ident = self.ident(spec, place, noun)
            if ident:
                self.where = f"{noun} '{ident}'"
            yield place, spec, ident

    def ident(self, data: dict[str, Any], place: tuple[Any, ...], what: str) -> str:
        value = self.text(data, "id", place)
        if value and not ID_PATTERN.fullmatch(value):
            self.problem((*place, "id"), f"{what} id '{show_text(value)}' may hold only lower-case letters, digits and dashes")
            return ""
        return value

    def use_flags(self, named: list[tuple[tuple[Any, ...], str]], needed: bool) -> tuple[str, ...]:
        """Record each flag named here, to check once [flags] and every setter are known."""
        for place, flag in named:
            self.flags_used.append((place, flag, self.where, needed))
        return tuple(flag for _, flag in named)
