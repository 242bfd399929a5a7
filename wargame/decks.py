"""Decks: TOML files in, a validated `Deck` out, or problems that name file and line.

The format is documented in decks/README.md. Every problem becomes one
line, `FILE:LINE: card 'ID': what is wrong and what is allowed`; a broken
deck never escapes as a traceback, whatever the bytes of the file are.

Besides the shape of the data, the checker holds decks to the rules of the
game's subject: front-line combat is never offered, the missions collective
self-defense enables are gated at the rung and on the determination the law
requires, and missions far from Japan need markedly more public support than
those near it. A deck author is told about each breach like any other mistake.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from .deck_rules import subject_rules
from .engine.law import ALLIANCE_KINDS, BASES, BASIS_NAMES, PRIOR
from .engine.model import (
    Alliance,
    Calendar,
    Card,
    Clash,
    Deck,
    Diet,
    Effect,
    Election,
    FlagDef,
    House,
    Inject,
    Modifier,
    Objective,
    Option,
    Requirement,
    Rules,
    Source,
    Start,
)
from .text import codepoint, first_control
from .engine.tracks import (
    ARMED_CONFLICT,
    BOUNDS,
    CRISIS,
    DIET_STANDINGS,
    DISTANCES,
    HOUSES,
    FLAG_SCOPES,
    FORBIDDEN_MISSIONS,
    INSTITUTION_NAMES,
    INSTITUTIONS,
    MISSIONS,
    RUNG_NAMES,
    ROLES,
    TRACKS,
)

FORMAT = 2
DEFAULT_DECK = "era-2013"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_FLAG = re.compile(r"[a-z][a-z0-9_]*")
_DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2]))?")
_SOURCE_DIR = Path(__file__).resolve().parent.parent / "decks"
_PACKAGED_DIR = Path(__file__).resolve().parent / "_decks"

TOP_KEYS = (
    "format", "id", "title", "era", "description", "calendar", "escalation", "start", "rules", "diet", "elections",
    "alliance", "clashes", "objectives", "flags", "sources", "cards", "policies", "injects",
)
START_KEYS = ("turns", "baseline_support", "baseline_approval", "flags", "tracks", "institutions")
RULE_KEYS = ("poll_drift", "collapse_approval", "collapse_turns", "rupture_cohesion", "emergency_tension", "after_the_fact", "prior_only")
END_KEYS = ("war", "rupture", "collapse", "last_turn", "caused_war")
CARD_KEYS = ("id", "title", "text", "explain", "case", "date", "weight", "once", "addresses", "sources", "when", "on_draw", "responses")
OPTION_KEYS = (
    "role", "id", "label", "explain", "sources", "mission", "distance", "basis", "escalation", "force", "clash", "alliance",
    "cooldown", "limit", "closed", "odds", "requires", "modifiers", "success", "failure", "ruling",
)
DIET_KEYS = ("lead", "partner", "partner_brakes", "lower", "upper")
HOUSE_KEYS = ("seats", "lead", "partner", "supporters")
ELECTION_KEYS = (
    "id", "turn", "house", "date", "up", "held", "won", "approval", "per_point", "spread", "partner_won", "partner_held", "size", "sources",
)
CLASH_KEYS = ("id", "text", "odds", "sources")
ALLIANCE_KEYS = ("allows", "interop_cap", "cohesion_cap", "steps", "step_interop", "step_cohesion")
CALENDAR_KEYS = ("start", "months")
ESCALATION_KEYS = ("names",)
INJECT_KEYS = ("id", "turn", "card", "trigger", "expected", "learning", "must_fire")
SOURCE_KEYS = ("id", "cite", "url")
FLAG_KEYS = ("text", "scope")
REQUIRE_KEYS = tuple(f"{m}_{t}" for t in TRACKS for m in ("min", "max")) + (
    "flags", "not_flags", *INSTITUTION_NAMES, "diet", "coalition_consent", "min_turn", "max_turn",
)
EFFECT_KEYS = (*TRACKS, "set_flags", "clear_flags", "institutions")
MODIFIER_KEYS = ("track", "per_point", "above", "flag", "add")
MAX_TURNS = 40
#: the largest deck file read: a scenario deck is under 200 KB, so this is far beyond any real one
MAX_DECK_BYTES = 4_000_000
#: text fields that may run over several lines (and hold tabs); no other field holds any control character
PROSE_KEYS = frozenset(("text", "explain", "description", "cite", "expected", "learning"))
#: entities named in a problem by their id: the top-level array, and what an entry is called
ENTITIES = {"cards": "card", "policies": "policy", "injects": "inject", "sources": "source"}

#: Missions that only some legal bases cover: the mission, the bases that may carry it, and why.
MISSION_BASES: dict[str, tuple[tuple[str, ...], str]] = {
    "asset_protection": (("asset_protection",), "asset protection of partner forces is SDF Law Art. 95-2 (not collective self-defense)"),
    "rescue_nationals": (
        ("protect_nationals", "transport_nationals", "political"),
        "rescuing Japanese nationals is SDF Law Art. 84-3 (protective measures) or 84-4 (transport), not collective self-defense",
    ),
    "use_of_force": (("individual_self_defense", "csd"), "the use of force is individual self-defense or, under the three new conditions, collective self-defense"),
}
#: Bases for rescuing one's own nationals, which a far-mission support gate does not fit.
NATIONALS_BASES = ("protect_nationals", "transport_nationals")
#: Missions that do not send the SDF anywhere, so distance does not touch public support.
NON_DEPLOYMENTS = ("diplomacy", "statement", "economic", "exercise", "crisis_management", "other")
#: A far deployment's `min_support` must reach the floor and beat every near one's by the margin.
FAR_SUPPORT_FLOOR = 45
FAR_SUPPORT_MARGIN = 15


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


class DeckError(Exception):
    """A deck that cannot be played; `problems` holds one line per mistake."""

    def __init__(self, problems: list[DeckProblem]) -> None:
        self.problems = problems
        more = len(problems) - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''}: 'wargame deck check {problems[0].path}' lists them all)" if more else ""
        super().__init__(f"{problems[0]}{extra}")


# --- finding decks -----------------------------------------------------------------------


def deck_dir() -> Path:
    """The bundled decks: beside the package when installed, at the top of a checkout otherwise."""
    return _PACKAGED_DIR if _PACKAGED_DIR.is_dir() else _SOURCE_DIR


def bundled_paths() -> list[Path]:
    return sorted(deck_dir().glob("*.toml"))


def resolve(name_or_path: str | Path) -> Path:
    """A bundled deck by id ("era-2013") or era ("2013"), or a file path."""
    text = str(name_or_path)
    if "/" not in text and "\\" not in text and _ID.fullmatch(text):
        for candidate in (deck_dir() / f"{text}.toml", deck_dir() / f"era-{text}.toml"):
            if candidate.is_file():
                return candidate
    return Path(text)


def load_deck(name_or_path: str | Path, *, max_bytes: int | None = MAX_DECK_BYTES) -> Deck:
    """Load and validate a deck; raise DeckError naming file and line on any mistake (warnings aside).

    A file over `max_bytes` is refused before it is read (None: no limit, for measuring).
    """
    deck, problems = _load(resolve(name_or_path), max_bytes)
    errors = errors_in(problems)
    if errors or deck is None:
        raise DeckError(errors or [DeckProblem(str(name_or_path), 0, "", "the deck could not be read")])
    return deck


def check_deck(path: str | Path, *, max_bytes: int | None = MAX_DECK_BYTES) -> list[DeckProblem]:
    """Every problem in the deck file at `path` (empty when it is sound), in line order."""
    return _load(Path(path), max_bytes)[1]


def check_text(text: str, path: str = "<deck>") -> list[DeckProblem]:
    """Every problem in deck text that is not in a file (an editor's buffer, a test)."""
    return _parse(text.encode("utf-8", "surrogatepass"), path)[1]


def bundled_decks() -> list[Deck]:
    return [load_deck(p) for p in bundled_paths()]


def _size_problem(shown: str, size: int, limit: int) -> DeckProblem:
    return DeckProblem(shown, 0, "", f"the deck is {size:,} bytes; a deck may be at most {limit:,} bytes ({limit / 1e6:g} MB; a scenario deck is under 200 KB)")


def _load(path: Path, max_bytes: int | None = MAX_DECK_BYTES) -> tuple[Deck | None, list[DeckProblem]]:
    try:
        if max_bytes is not None and path.is_file() and path.stat().st_size > max_bytes:
            return None, [_size_problem(str(path), path.stat().st_size, max_bytes)]
        raw = path.read_bytes()
    except OSError as err:
        return None, [DeckProblem(str(path), 0, "", f"cannot read the deck: {err.strerror or err}")]
    except ValueError as err:  # a path with a NUL byte
        return None, [DeckProblem(_show_text(str(path)), 0, "", f"cannot read the deck: {err}")]
    return _parse(raw, str(path), max_bytes)


def _parse(raw: bytes, shown: str, max_bytes: int | None = MAX_DECK_BYTES) -> tuple[Deck | None, list[DeckProblem]]:
    if max_bytes is not None and len(raw) > max_bytes:
        return None, [_size_problem(shown, len(raw), max_bytes)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [DeckProblem(shown, 1 + raw[: err.start].count(b"\n"), "", f"the deck is not UTF-8 text (byte {err.start + 1} is 0x{raw[err.start]:02x}); save it as UTF-8")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return None, [_syntax_problem(shown, str(err), text)]
    except ValueError:  # an integer too long for Python to convert
        return None, [DeckProblem(shown, _line_of(text, r"\d[\d_]{200,}"), "", "a number is far too long: numbers in a deck are small whole numbers")]
    except RecursionError:
        return None, [DeckProblem(shown, _line_of(text, r"(?:[\[{]\s*){40,}"), "", "arrays or tables are nested far too deeply")]
    try:
        checker = _Checker(shown, text, hashlib.sha256(raw).hexdigest())
        deck = checker.deck(data)
    except RecursionError:
        return None, [DeckProblem(shown, 1, "", "arrays or tables are nested far too deeply")]
    problems = sorted(dict.fromkeys(checker.located()), key=lambda p: p.line)
    return (deck if not errors_in(problems) else None), problems


def errors_in(problems: list[DeckProblem]) -> list[DeckProblem]:
    """The problems that make a deck unplayable (warnings aside)."""
    return [p for p in problems if not p.warning]


def _syntax_problem(shown: str, message: str, text: str) -> DeckProblem:
    """tomllib says "Invalid value (at line 2, column 5)"; keep the line, say the column."""
    found = re.search(r"\(at line (\d+), column (\d+)\)\s*$", message)
    if found:
        msg = message[: found.start()].rstrip()
        return DeckProblem(shown, int(found.group(1)), "", f"TOML syntax error at column {found.group(2)}: {msg}")
    found = re.search(r"\(at end of document\)\s*$", message)
    msg = message[: found.start()].rstrip() if found else message
    last = text.rstrip("\n").count("\n") + 1  # an unclosed array or string: the file ends too soon
    return DeckProblem(shown, last if found else 1, "", f"TOML syntax error{' at the end of the file' if found else ''}: {msg}")


def _line_of(text: str, pattern: str) -> int:
    found = re.search(pattern, text)
    return 1 + text.count("\n", 0, found.start()) if found else 1


# --- locating a place in the file --------------------------------------------------------

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


class _Locator:
    """The line of each key, table and array element of TOML text.

    tomllib gives values without positions; this scanner walks the same text
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
        except (_Stop, IndexError, ValueError, tomllib.TOMLDecodeError):
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
            keys.append(tomllib.loads(f"k = {raw}")["k"] if raw[0] in "\"'" else raw)
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


# --- showing what the author wrote -------------------------------------------------------


def _did_you_mean(word: str, choices: tuple[str, ...] | list[str] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a whole number", str: "text", list: "a list", dict: "a table", float: "a decimal number"}
    return names.get(type(value), "a date or time" if hasattr(value, "isoformat") else type(value).__name__)


def _show_text(text: str, limit: int = 60) -> str:
    """Text from the deck, on one line, without control characters, cut when long."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    return shown[:limit] + "..." if len(text) > limit else shown


def _show(value: Any, depth: int = 0) -> str:
    """A value as TOML would spell it, short and on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        digits = len(str(abs(value))) if abs(value) < 10**400 else 401
        return str(value) if digits <= 12 else f"a {digits if digits <= 400 else 'huge'}-digit number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return f'"{_show_text(value, 40)}"'
    if depth >= 2 and isinstance(value, (list, dict)):
        return "[...]" if isinstance(value, list) else "{...}"
    if isinstance(value, list):
        inner = ", ".join(_show(v, depth + 1) for v in value[:4])
        return f"[{inner}{', ...' if len(value) > 4 else ''}]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_show_text(k, 20)} = {_show(v, depth + 1)}" for k, v in list(value.items())[:3])
        return f"{{ {inner}{', ...' if len(value) > 3 else ''} }}"
    return _show_text(str(value), 40)


def _allowed(keys: tuple[str, ...]) -> str:
    """The allowed keys of a table; the min_/max_ pairs of requirements told in short."""
    if keys is REQUIRE_KEYS:
        return "min_<track>, max_<track> (tracks: " + ", ".join(TRACKS) + "), flags, not_flags, " + ", ".join(INSTITUTION_NAMES) + ", min_turn, max_turn"
    return ", ".join(keys)


# --- the checker -------------------------------------------------------------------------


class _Checker:
    """Walks the parsed TOML, builds the Deck, and records every problem with its place."""

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
        locator = _Locator(self.source)
        return [DeckProblem(self.path, locator.line(place), where, message, warning) for place, where, message, warning in self.problems]

    def control_characters(self, data: Any, place: tuple[Any, ...] = ()) -> None:
        """Refuse a control character in any key or text: a terminal would act on it when shown."""
        if isinstance(data, dict):
            for key, value in data.items():
                here = (*place, key)
                bad = first_control(key) if isinstance(key, str) else None
                if bad is not None:
                    self.problem(here, f"key '{_show_text(key)}' holds a control character ({codepoint(bad)})", self.entity(here))
                if isinstance(value, str):
                    bad = first_control(value, newlines=key in PROSE_KEYS)
                    if bad is not None:
                        self.problem(here, f"field '{_show_text(key)}' holds a control character ({codepoint(bad)})", self.entity(here))
                elif isinstance(value, (dict, list)):
                    self.control_characters(value, here)
        elif isinstance(data, list):
            for i, value in enumerate(data):
                here = (*place, i)
                if isinstance(value, str):
                    bad = first_control(value)
                    if bad is not None:
                        field = next((k for k in reversed(place) if isinstance(k, str)), "?")
                        self.problem(here, f"field '{_show_text(field)}' holds a control character ({codepoint(bad)})", self.entity(here))
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
            self.problem(place, f"{what} must be a table, not {_type_name(data)} {_show(data)}")
            return {}
        for key in data:
            if key not in keys:
                self.problem((*place, key), f"unknown key '{_show_text(key)}' in {what}{_did_you_mean(key, keys)}; allowed: {_allowed(keys)}")
        return data

    def value(self, data: dict[str, Any], key: str, place: tuple[Any, ...], kind: type, default: Any = None, required: bool = False, hint: str = "") -> Any:
        if key not in data:
            if required:
                self.problem(place, f"missing '{key}' ({hint or _type_name(kind())})")
            return default
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem((*place, key), f"'{key}' must be {_type_name(kind())}, not {_type_name(value)} {_show(value)}")
            return default
        return value

    def integer(self, data: dict[str, Any], key: str, place: tuple[Any, ...], low: int, high: int, default: int | None = None, required: bool = False) -> Any:
        value = self.value(data, key, place, int, None, required)
        if value is None:
            return default
        if not low <= value <= high:
            self.problem((*place, key), f"'{key}' is {_show(value)}: allowed {low}..{high}")
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
                self.problem((*place, key, i), f"'{key}' must list text, not {_type_name(item)} {_show(item)}")
            else:
                out.append(((*place, key, i), item))
        return out

    def choice(self, data: dict[str, Any], key: str, place: tuple[Any, ...], allowed: tuple[str, ...], default: str, what: str, required: bool = False) -> str:
        value = self.value(data, key, place, str, None, required, hint=f"one of {', '.join(allowed)}")
        if value is None:
            return default
        if value not in allowed:
            if key == "mission" and value in FORBIDDEN_MISSIONS:
                self.problem((*place, key), f"mission '{value}' is not allowed: front-line combat stays barred on every rung; allowed: {', '.join(allowed)}")
            else:
                self.problem((*place, key), f"unknown {what} '{_show_text(value)}'{_did_you_mean(value, allowed)}; allowed: {', '.join(allowed)}")
            return default
        return value

    def ident(self, data: dict[str, Any], place: tuple[Any, ...], what: str) -> str:
        value = self.text(data, "id", place)
        if value and not _ID.fullmatch(value):
            self.problem((*place, "id"), f"{what} id '{_show_text(value)}' may hold only lower-case letters, digits and dashes")
            return ""
        return value

    def use_flags(self, named: list[tuple[tuple[Any, ...], str]], needed: bool) -> tuple[str, ...]:
        """Record each flag named here, to check once [flags] and every setter are known."""
        for place, flag in named:
            self.flags_used.append((place, flag, self.where, needed))
        return tuple(flag for _, flag in named)

    # the deck
    def deck(self, data: dict[str, Any]) -> Deck | None:
        self.data = data
        if _SUSPECT.search(self.source):  # a file with no control character nor escape cannot hold one
            self.control_characters(data)
        top = self.table(data, (), TOP_KEYS, "the deck")
        fmt = self.value(top, "format", (), int, None, required=True)
        if isinstance(fmt, int) and fmt != FORMAT:
            self.problem(("format",), f"deck format {_show(fmt)} is not supported: this version reads format {FORMAT}")
            return None
        deck_id = self.ident(top, (), "deck")
        title = self.text(top, "title", ())
        era = self.integer(top, "era", (), 1945, 2100, 0, required=True)
        description = self.text(top, "description", (), required=False)
        flags = self.flag_defs(top.get("flags", {}))
        self.declared_flags = set(flags)
        sources = self.source_defs(top.get("sources", []))
        calendar = self.calendar(top.get("calendar", {}))
        tension_names = self.escalation(top.get("escalation", {}))
        start = self.start(top.get("start"))
        turns = start.turns if start else MAX_TURNS
        rules = self.rules(top.get("rules", {}))
        diet = self.diet(top.get("diet"))
        elections = self.elections(top.get("elections", []), turns, diet)
        alliance = self.alliance(top.get("alliance"))
        clashes = self.clashes(top.get("clashes", []))
        self.clash_ids = {c.id for c in clashes}
        objectives = self.objectives(top.get("objectives"))
        cards = self.cards(top.get("cards"))
        policies = self.policies(top.get("policies", []))
        injects = self.injects(top.get("injects", []), self.card_ids, turns)
        self.check_references(set(flags), {s.id for s in sources})
        self.check_far_support()
        subject_rules(self, start, rules, diet, cards, policies, objectives)
        if self.has_errors or start is None:
            return None
        return Deck(
            id=deck_id,
            title=title,
            era=era,
            description=description,
            start=start,
            rules=rules,
            objectives=objectives,
            flags=tuple(FlagDef(n, t, s) for n, (t, s) in flags.items()),
            sources=sources,
            cards=cards,
            policies=policies,
            injects=injects,
            diet=diet,
            elections=elections,
            tension_names=tension_names,
            clashes=clashes,
            alliance=alliance,
            calendar=calendar,
            format=FORMAT,
            content_hash=self.content_hash,
            path=self.path,
        )

    def calendar(self, data: Any) -> Calendar:
        self.where = "calendar"
        spec = self.table(data, ("calendar",), CALENDAR_KEYS, "[calendar]")
        start = self.value(spec, "start", ("calendar",), str, "")
        if start and not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", start):
            self.problem(("calendar", "start"), f"start {_show(start)} must be YYYY-MM: the month of turn 1")
            start = ""
        months = self.integer(spec, "months", ("calendar",), 1, 12, 0, required=bool(spec))
        self.where = ""
        return Calendar(start, months)

    def escalation(self, data: Any) -> tuple[str, ...]:
        self.where = "escalation"
        spec = self.table(data, ("escalation",), ESCALATION_KEYS, "[escalation]")
        names = [n for _, n in self.strings(spec, "names", ("escalation",))]
        low, high = BOUNDS["tension"]
        if "names" in spec and len(names) != high - low + 1:
            self.problem(("escalation", "names"), f"names lists {len(names)} levels: give one per tension level, {low} (armed conflict) to {high} (calm)")
            names = []
        if any(not n.strip() for n in names):
            self.problem(("escalation", "names"), "a tension level's name must not be empty")
        self.where = ""
        return tuple(names)

    def diet(self, data: Any) -> Diet | None:
        if data is None:
            return None
        self.where = "diet"
        spec = self.table(data, ("diet",), DIET_KEYS, "[diet]")
        houses = []
        for name in HOUSES:
            place = ("diet", name)
            if name not in spec:
                self.problem(("diet",), f"[diet] must give the {name} House: {name} = {{ seats = ..., lead = ..., partner = ... }}")
                continue
            house = self.table(spec[name], place, HOUSE_KEYS, f"[diet.{name}]")
            seats = self.integer(house, "seats", place, 1, 1000, 1, required=True)
            lead = self.integer(house, "lead", place, 0, 1000, 0, required=True)
            partner = self.integer(house, "partner", place, 0, 1000, 0)
            supporters = self.integer(house, "supporters", place, 0, 1000, 0)
            if lead + partner + supporters > seats:
                self.problem(place, f"the ruling bloc and its supporters hold {lead + partner + supporters} seats, more than the House's {seats}")
            houses.append(House(name, seats, lead, partner, supporters))
        diet = Diet(
            houses=tuple(houses),
            lead=self.text(spec, "lead", ("diet",), required=False, default="LDP") or "LDP",
            partner=self.text(spec, "partner", ("diet",), required=False, default="Komeito") or "Komeito",
            partner_brakes=bool(self.value(spec, "partner_brakes", ("diet",), bool, True)),
        )
        self.where = ""
        return diet if len(houses) == len(HOUSES) else None

    def elections(self, data: Any, turns: int, diet: Diet | None) -> tuple[Election, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("elections",), f"elections must be [[elections]] entries, not {_type_name(data)} {_show(data)}")
            return ()
        if data and diet is None:
            self.problem(("elections",), "elections need the Diet's seats: add [diet] with lower and upper")
        out: list[Election] = []
        for i, raw in enumerate(data):
            place = ("elections", i)
            self.where = f"election #{i + 1}"
            spec = self.table(raw, place, ELECTION_KEYS, "an election")
            election_id = self.ident(spec, place, "election")
            if election_id:
                self.where = f"election '{election_id}'"
            house = self.choice(spec, "house", place, HOUSES, "upper", "House", required=True)
            date = self.text(spec, "date", place)
            if date and not _DATE.fullmatch(date):
                self.problem((*place, "date"), f"date {_show(date)} must be YYYY or YYYY-MM")
            up = self.integer(spec, "up", place, 1, 1000, 1, required=True)
            held = self.integer(spec, "held", place, 0, 1000, 0, required=True)
            won = self.integer(spec, "won", place, 0, 1000, 0, required=True)
            for key, value in (("held", held), ("won", won)):
                if value > up:
                    self.problem((*place, key), f"{key} = {value} is more than the {up} seats contested")
            election = Election(
                id=election_id,
                turn=self.integer(spec, "turn", place, 1, turns, 1, required=True),
                house=house,
                date=date,
                up=up,
                held=held,
                won=won,
                approval=self.integer(spec, "approval", place, 0, 100, 40, required=True),
                per_point=self.integer(spec, "per_point", place, 0, 20, 1),
                spread=self.integer(spec, "spread", place, 0, 50, 5),
                partner_won=self.integer(spec, "partner_won", place, 0, 1000, 0),
                partner_held=self.integer(spec, "partner_held", place, 0, 1000, 0),
                size=self.integer(spec, "size", place, 1, 1000, 0),
                sources=self.sources_of(spec, place, "every election"),
            )
            out.append(election)
        self.where = ""
        return tuple(out)

    def alliance(self, data: Any) -> Alliance | None:
        if data is None:
            return None
        self.where = "alliance"
        place = ("alliance",)
        spec = self.table(data, place, ALLIANCE_KEYS, "[alliance]")
        rungs = BOUNDS["rung"][1] + 1
        allows: list[tuple[str, ...]] = []
        raw = self.value(spec, "allows", place, list, [])
        if "allows" in spec and len(raw) != rungs:
            self.problem((*place, "allows"), f"allows lists {len(raw)} rungs: give the alliance steps the law allows at each of rungs 0..{rungs - 1}")
        for i, kinds in enumerate(raw[:rungs]):
            if not isinstance(kinds, list):
                self.problem((*place, "allows", i), f"allows[{i}] must list alliance steps, not {_type_name(kinds)} {_show(kinds)}")
                allows.append(())
                continue
            good = []
            for j, kind in enumerate(kinds):
                if kind not in ALLIANCE_KINDS:
                    self.problem((*place, "allows", i, j), f"unknown alliance step {_show(kind)}; allowed: {', '.join(ALLIANCE_KINDS)}")
                else:
                    good.append(kind)
            allows.append(tuple(good))
        caps: dict[str, tuple[int, ...]] = {}
        for key, track in (("interop_cap", "interop"), ("cohesion_cap", "cohesion")):
            values = self.value(spec, key, place, list, [])
            low, high = BOUNDS[track]
            if key in spec and (len(values) != rungs or not all(isinstance(v, int) and not isinstance(v, bool) and low <= v <= high for v in values)):
                self.problem((*place, key), f"{key} must list {rungs} whole numbers {low}..{high}, one per rung")
                values = []
            caps[key] = tuple(values)
        steps = self.use_flags(self.strings(spec, "steps", place), needed=False)
        alliance = Alliance(
            allows=tuple(allows) if len(allows) == rungs else (),
            interop_cap=caps["interop_cap"],
            cohesion_cap=caps["cohesion_cap"],
            steps=steps,
            step_interop=self.integer(spec, "step_interop", place, 0, 5, 1),
            step_cohesion=self.integer(spec, "step_cohesion", place, 0, 100, 4),
        )
        self.where = ""
        return alliance

    def clashes(self, data: Any) -> tuple[Clash, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("clashes",), f"clashes must be [[clashes]] entries, not {_type_name(data)} {_show(data)}")
            return ()
        out = []
        for i, raw in enumerate(data):
            place = ("clashes", i)
            self.where = f"clash #{i + 1}"
            spec = self.table(raw, place, CLASH_KEYS, "a clash")
            clash_id = self.ident(spec, place, "clash")
            if clash_id:
                self.where = f"clash '{clash_id}'"
            out.append(
                Clash(
                    clash_id,
                    self.text(spec, "text", place),
                    self.integer(spec, "odds", place, 1, 50, 1, required=True),
                    self.sources_of(spec, place, "every clash"),
                )
            )
        self.where = ""
        return tuple(out)

    def flag_defs(self, data: Any) -> dict[str, tuple[str, str]]:
        self.where = "flags"
        flags: dict[str, tuple[str, str]] = {}
        if not isinstance(data, dict):
            self.problem(("flags",), f"[flags] must be a table of name = {{ text = \"...\", scope = \"game\" }}, not {_type_name(data)} {_show(data)}")
            return flags
        for name, spec in data.items():
            place = ("flags", name)
            if not _FLAG.fullmatch(name):
                self.problem(place, f"flag name '{_show_text(name)}' may hold only lower-case letters, digits and underscores")
            if isinstance(spec, str):
                if not spec.strip():
                    self.problem(place, f"flag '{_show_text(name)}' needs a text saying what it means")
                flags[name] = (spec, "game")
                continue
            spec = self.table(spec, place, FLAG_KEYS, f"flag '{_show_text(name)}'")
            text = self.text(spec, "text", place)
            scope = self.choice(spec, "scope", place, FLAG_SCOPES, "game", "flag scope")
            flags[name] = (text, scope)
        self.where = ""
        return flags

    def source_defs(self, data: Any) -> tuple[Source, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("sources",), f"sources must be [[sources]] entries with id and cite, not {_type_name(data)} {_show(data)}")
            return ()
        if not data:
            self.problem(("sources",), "the deck has no [[sources]]: every card, response and policy must cite one")
        out: list[Source] = []
        seen: set[str] = set()
        for i, spec in enumerate(data):
            place = ("sources", i)
            self.where = f"source #{i + 1}"
            spec = self.table(spec, place, SOURCE_KEYS, "a source")
            sid = self.text(spec, "id", place)
            if sid:
                self.where = f"source '{_show_text(sid)}'"
            if sid and sid in seen:
                self.problem((*place, "id"), f"duplicate source id '{_show_text(sid)}': source ids must be unique")
            seen.add(sid)
            out.append(Source(sid, self.text(spec, "cite", place), self.text(spec, "url", place, required=False)))
        self.where = ""
        return tuple(out)

    def start(self, data: Any) -> Start | None:
        self.where = "start"
        if data is None:
            self.problem((), "missing [start] table (turns, baseline_support, baseline_approval, tracks, institutions)")
            self.where = ""
            return None
        spec = self.table(data, ("start",), START_KEYS, "[start]")
        place = ("start",)
        turns = self.integer(spec, "turns", place, 1, MAX_TURNS, 12, required=True)
        baseline = self.integer(spec, "baseline_support", place, 0, 100, 50, required=True)
        baseline_approval = self.integer(spec, "baseline_approval", place, 0, 100, 50, required=True)
        start_flags = self.use_flags(self.strings(spec, "flags", place), needed=False)
        self.flags_set.update(start_flags)
        tracks_spec = self.table(spec.get("tracks", {}), ("start", "tracks"), TRACKS, "[start.tracks]")
        values = []
        for track in TRACKS:
            low, high = BOUNDS[track]
            if track not in tracks_spec:
                self.problem(("start", "tracks"), f"[start.tracks] must give '{track}' ({low}..{high})")
            values.append(self.integer(tracks_spec, track, ("start", "tracks"), low, high, low))
        inst_raw = spec.get("institutions", {})
        if isinstance(inst_raw, dict) and "diet" in inst_raw:
            self.problem(("start", "institutions", "diet"), "the Diet is no longer an institution: give its seats in [diet] (lower and upper), and what it can pass is worked out from them")
            inst_raw = {k: v for k, v in inst_raw.items() if k != "diet"}
        inst_spec = self.table(inst_raw, ("start", "institutions"), INSTITUTION_NAMES, "[start.institutions]")
        institutions = []
        for name in INSTITUTION_NAMES:
            allowed = INSTITUTIONS[name]
            value = inst_spec.get(name, allowed[0])
            if name not in inst_spec:
                self.problem(("start", "institutions"), f"[start.institutions] must give '{name}' (one of {', '.join(map(_show, allowed))})")
            elif not _is_one_of(value, allowed):
                self.problem(("start", "institutions", name), _bad_institution(name, value))
                value = allowed[0]
            institutions.append((name, value))
        self.where = ""
        return Start(turns, baseline, baseline_approval, tuple(values), tuple(institutions), start_flags)

    def rules(self, data: Any) -> Rules:
        self.where = "rules"
        if isinstance(data, dict) and "collapse_support" in data:
            self.problem(("rules", "collapse_support"), "the cabinet falls on cabinet approval, not on support for its security policy: write collapse_approval")
            data = {k: v for k, v in data.items() if k != "collapse_support"}
        spec = self.table(data, ("rules",), RULE_KEYS, "[rules]")
        rules = Rules(
            poll_drift=self.integer(spec, "poll_drift", ("rules",), 0, 20, 2),
            collapse_approval=self.integer(spec, "collapse_approval", ("rules",), 0, 100, 20),
            collapse_turns=self.integer(spec, "collapse_turns", ("rules",), 1, MAX_TURNS, 3),
            rupture_cohesion=self.integer(spec, "rupture_cohesion", ("rules",), 0, 100, 10),
            emergency_tension=self.integer(spec, "emergency_tension", ("rules",), 2, 5, 2),
            after_the_fact=self.effect(spec.get("after_the_fact", {}), ("rules", "after_the_fact"), "'after_the_fact'"),
            prior_only=self.prior_only(spec),
        )
        self.rules_read = rules
        self.where = ""
        return rules

    def prior_only(self, spec: dict[str, Any]) -> tuple[str, ...]:
        out = []
        for place, name in self.strings(spec, "prior_only", ("rules",)):
            basis = BASES.get(name)
            if basis is None:
                self.problem(place, f"unknown legal basis '{_show_text(name)}'{_did_you_mean(name, BASIS_NAMES)}; allowed: {', '.join(BASIS_NAMES)}")
            elif not basis.diet:
                self.problem(place, f"basis '{name}' needs no Diet vote, so it has no emergency route to close")
            else:
                out.append(name)
        return tuple(out)

    def objectives(self, data: Any) -> tuple[Objective, ...]:
        self.where = "objectives"
        if data is None:
            self.problem((), "missing [objectives.tokyo], [objectives.washington] and [objectives.beijing] (weights per track, end bonuses)")
            self.where = ""
            return ()
        spec = self.table(data, ("objectives",), ROLES, "[objectives]")
        out = []
        for role in ROLES:
            place = ("objectives", role)
            if role not in spec:
                self.problem(("objectives",), f"missing [objectives.{role}] (weights per track, end bonuses)")
                continue
            table = self.table(spec[role], place, ("weights", "end"), f"[objectives.{role}]")
            weights = self.table(table.get("weights", {}), (*place, "weights"), TRACKS, f"weights of {role}")
            end = self.table(table.get("end", {}), (*place, "end"), END_KEYS, f"end bonuses of {role}")
            out.append(
                Objective(
                    role,
                    tuple((t, w) for t in TRACKS if isinstance(w := self.integer(weights, t, (*place, "weights"), -100, 100), int)),
                    tuple((k, b) for k in END_KEYS if isinstance(b := self.integer(end, k, (*place, "end"), -1000, 1000), int)),
                )
            )
        self.where = ""
        return tuple(out)

    def requirement(self, data: Any, place: tuple[Any, ...], what: str) -> Requirement:
        spec = self.table(data, place, REQUIRE_KEYS, what)
        minimum, maximum, institutions = [], [], []
        for track in TRACKS:
            if f"min_{track}" not in spec and f"max_{track}" not in spec:
                continue  # most requirements name a track or two: skip the rest quickly
            low, high = BOUNDS[track]
            lowest = self.integer(spec, f"min_{track}", place, low, high)
            highest = self.integer(spec, f"max_{track}", place, low, high)
            if lowest is not None:
                minimum.append((track, lowest))
            if highest is not None:
                maximum.append((track, highest))
            if lowest is not None and highest is not None and lowest > highest:
                self.problem((*place, f"min_{track}"), f"min_{track} = {lowest} is above max_{track} = {highest}: {what} could never hold")
        flags = self.use_flags(self.strings(spec, "flags", place), needed=True)
        not_flags = self.use_flags(self.strings(spec, "not_flags", place), needed=False)
        both = sorted(set(flags) & set(not_flags))
        if both:
            self.problem((*place, "not_flags"), f"flag '{_show_text(both[0])}' is both required and excluded: {what} could never hold")
        for name in INSTITUTION_NAMES:
            if name not in spec:
                continue
            allowed = INSTITUTIONS[name]
            wanted = spec[name] if isinstance(spec[name], list) else [spec[name]]
            good = []
            for value in wanted:
                if not _is_one_of(value, allowed):
                    self.problem((*place, name), _bad_institution(name, value))
                else:
                    good.append(value)
            if not wanted:
                self.problem((*place, name), f"{name} lists no value: {what} could never hold; allowed {', '.join(map(_show, allowed))}")
            institutions.append((name, tuple(good)))
        standings: list[str] = []
        if "diet" in spec:
            wanted = spec["diet"] if isinstance(spec["diet"], list) else [spec["diet"]]
            for value in wanted:
                if value not in DIET_STANDINGS or not isinstance(value, str):
                    hint = _did_you_mean(value, DIET_STANDINGS) if isinstance(value, str) else ""
                    self.problem((*place, "diet"), f"diet is {_show(value)}{hint}: allowed {', '.join(map(_show, DIET_STANDINGS))} (what the ruling bloc's seats let it pass)")
                else:
                    standings.append(value)
            if not wanted:
                self.problem((*place, "diet"), f"diet lists no value: {what} could never hold")
            self.diet_named.append(((*place, "diet"), self.where))
        consent = bool(self.value(spec, "coalition_consent", place, bool, False))
        min_turn = self.integer(spec, "min_turn", place, 1, MAX_TURNS)
        max_turn = self.integer(spec, "max_turn", place, 1, MAX_TURNS)
        if min_turn is not None and max_turn is not None and min_turn > max_turn:
            self.problem((*place, "min_turn"), f"min_turn = {min_turn} is after max_turn = {max_turn}: {what} could never hold")
        return Requirement(
            minimum=tuple(minimum),
            maximum=tuple(maximum),
            flags=flags,
            not_flags=not_flags,
            institutions=tuple(institutions),
            diet=tuple(standings),
            min_turn=min_turn,
            max_turn=max_turn,
            coalition_consent=consent,
        )

    def effect(self, data: Any, place: tuple[Any, ...], what: str) -> Effect:
        spec = self.table(data, place, EFFECT_KEYS, what)
        deltas = []
        for track in TRACKS:
            if track not in spec:
                continue
            low, high = BOUNDS[track]
            span = high - low
            value = self.integer(spec, track, place, -span, span)
            if isinstance(value, int) and value:
                deltas.append((track, value))
        set_flags = self.use_flags(self.strings(spec, "set_flags", place), needed=False)
        clear_flags = self.use_flags(self.strings(spec, "clear_flags", place), needed=False)
        self.flags_set.update(set_flags)
        institutions = []
        inst = self.table(spec.get("institutions", {}), (*place, "institutions"), INSTITUTION_NAMES, f"institutions of {what}")
        for name, value in inst.items():
            allowed = INSTITUTIONS.get(name)
            if allowed is None:
                continue
            if not _is_one_of(value, allowed):
                self.problem((*place, "institutions", name), _bad_institution(name, value))
            else:
                institutions.append((name, value))
        return Effect(tuple(deltas), set_flags, clear_flags, tuple(sorted(institutions, key=lambda p: INSTITUTION_NAMES.index(p[0]))))

    def sources_of(self, spec: dict[str, Any], place: tuple[Any, ...], what: str) -> tuple[str, ...]:
        named = self.strings(spec, "sources", place)
        if spec.get("sources") in (None, []):
            self.problem((*place, "sources"), f"no sources: {what} must cite at least one id from [[sources]] (sources = [\"...\"])")
        for item_place, sid in named:
            self.sources_used.append((item_place, sid, self.where))
        return tuple(sid for _, sid in named)

    def option(self, spec: Any, place: tuple[Any, ...], kind: str) -> Option:
        what = "a response" if kind == "response" else "a policy"
        spec = self.table(spec, place, OPTION_KEYS, what)
        role = self.choice(spec, "role", place, ROLES, "tokyo", "role", required=True)
        option_id = self.ident(spec, place, kind)
        label = self.text(spec, "label", place)
        explain = self.text(spec, "explain", place)
        sources = self.sources_of(spec, place, f"every {kind}")
        odds = self.integer(spec, "odds", place, 1, 100)
        ruling = self.value(spec, "ruling", place, str)
        if ruling is not None and ruling != "facilitator":
            self.problem((*place, "ruling"), f"ruling is {_show(ruling)}: the only ruling is \"facilitator\"")
            ruling = None
        modifiers = []
        for j, raw_mod in enumerate(self.value(spec, "modifiers", place, list, [])):
            mplace = (*place, "modifiers", j)
            mod = self.table(raw_mod, mplace, MODIFIER_KEYS, "a modifier")
            if not isinstance(raw_mod, dict):
                continue
            if ("track" in mod) == ("flag" in mod):
                self.problem(mplace, "a modifier names either a track (with per_point, above) or a flag (with add), not both or neither")
                continue
            if "track" in mod:
                track = self.choice(mod, "track", mplace, TRACKS, "interop", "track")
                for key in ("flag", "add"):
                    if key in mod:
                        self.problem((*mplace, key), f"'{key}' belongs to a flag modifier; a track modifier has per_point and above")
                per_point = self.integer(mod, "per_point", mplace, -50, 50, 0, required=True)
                above = self.integer(mod, "above", mplace, 0, 100, 0)
                modifiers.append(Modifier(track=track, per_point=per_point, above=above))
            else:
                flag = self.value(mod, "flag", mplace, str)
                for key in ("per_point", "above"):
                    if key in mod:
                        self.problem((*mplace, key), f"'{key}' belongs to a track modifier; a flag modifier has add")
                add = self.integer(mod, "add", mplace, -100, 100, 0, required=True)
                if flag is not None:
                    self.use_flags([((*mplace, "flag"), flag)], needed=True)
                    modifiers.append(Modifier(flag=flag, add=add))
        requires = self.requirement(spec.get("requires", {}), (*place, "requires"), "'requires'")
        success = self.effect(spec.get("success", {}), (*place, "success"), "'success'")
        failure = self.effect(spec.get("failure", {}), (*place, "failure"), "'failure'")
        if "odds" not in spec and not failure.empty:
            self.problem((*place, "failure"), f"the {kind} has failure effects but no odds, so it can never fail; give odds (1..100)")
        option = Option(
            kind=kind,
            role=role,
            id=option_id,
            label=label,
            explain=explain,
            sources=sources,
            requires=requires,
            odds=odds,
            modifiers=tuple(modifiers),
            success=success,
            failure=failure,
            ruling=ruling,
            mission=self.choice(spec, "mission", place, MISSIONS, "other", "mission"),
            distance=self.choice(spec, "distance", place, DISTANCES, "near", "distance"),
            basis=self.basis(spec, place, role),
            escalation=self.integer(spec, "escalation", place, 0, 3, 0),
            force=bool(self.value(spec, "force", place, bool, False)),
            clash=self.clash_ref(spec, place),
            alliance=self.choice(spec, "alliance", place, ALLIANCE_KINDS, "", "alliance step"),
            cooldown=self.integer(spec, "cooldown", place, 1, MAX_TURNS, 0),
            limit=self.integer(spec, "limit", place, 1, MAX_TURNS, 0),
            closed=self.text(spec, "closed", place, required=False),
        )
        if kind == "response":
            for key in ("cooldown", "limit"):
                if key in spec:
                    self.problem((*place, key), f"'{key}' is for standing policies; a card that happens once has once = true")
        option = with_basis_gates(option, self.rules_read.prior_only)
        if role == "tokyo":
            self.check_legal_gates(spec, place, option)
        self.options_read.append((place, self.where, option))
        return option

    def basis(self, spec: dict[str, Any], place: tuple[Any, ...], role: str) -> str:
        """Tokyo's options name their legal basis; other capitals' do not have one."""
        if role != "tokyo":
            if "basis" in spec:
                self.problem((*place, "basis"), "only Tokyo's options have a legal basis under Japanese law")
            return ""
        return self.choice(spec, "basis", place, BASIS_NAMES, "political", "legal basis", required=True)

    def clash_ref(self, spec: dict[str, Any], place: tuple[Any, ...]) -> str:
        value = self.value(spec, "clash", place, str, "")
        if value and value not in self.clash_ids:
            self.problem((*place, "clash"), f"unknown clash '{_show_text(value)}'{_did_you_mean(value, self.clash_ids)}: state it in [[clashes]] with its odds and sources")
            return ""
        return value

    def check_legal_gates(self, spec: dict[str, Any], place: tuple[Any, ...], option: Option) -> None:
        """Tokyo's options rest on the legal basis that covers them, as the law reads."""
        allowed = MISSION_BASES.get(option.mission)
        if allowed is not None and option.basis not in allowed[0]:
            self.problem((*place, "basis") if "basis" in spec else place, f"basis '{option.basis}' does not fit mission '{option.mission}': {allowed[1]}; allowed: {', '.join(allowed[0])}")
        if option.mission == "minesweeping":
            wartime = option.escalation > 0
            want = "csd" if wartime else "mine_clearance"
            if option.basis != want:
                why = "minesweeping during hostilities is the use of force (the three new conditions)" if wartime else "minesweeping after a ceasefire is the removal of abandoned mines (SDF Law Art. 84-2), not the use of force"
                self.problem((*place, "basis") if "basis" in spec else place, f"{why}: write basis = \"{want}\"")
        if option.force and option.basis not in ("individual_self_defense", "csd"):
            self.problem((*place, "force"), f"Japan may use force only in self-defense: a force = true option rests on individual_self_defense or csd, not '{option.basis}'")
        if option.force and option.distance == "far":
            self.problem((*place, "distance"), "dispatch abroad for the purpose of using force stays barred on every rung: a use of force far from Japan cannot be offered")
        # far missions that are the lawful way out (escalation 0) carry no requires at all;
        # rescuing one's own nationals is not a mission a far-mission support gate fits
        deploys = option.mission not in NON_DEPLOYMENTS and option.basis != "political"
        if deploys and option.basis not in NATIONALS_BASES and not (option.distance == "far" and option.escalation == 0):
            self.deployments.append((place, self.where, option))

    def check_far_support(self) -> None:
        """Missions far from Japan need markedly more public support than those near it."""
        near = [(o.requires.min_of("support") or 0, o) for _, _, o in self.deployments if o.distance != "far"]
        top, top_option = max(near, key=lambda pair: pair[0], default=(0, None))
        needed = max(FAR_SUPPORT_FLOOR, top + FAR_SUPPORT_MARGIN)
        for place, where, option in self.deployments:
            if option.distance != "far":
                continue
            have = option.requires.min_of("support")
            if have is None or have < needed:
                near_one = f"; the highest near one asks {top}" if top_option is not None else ""
                self.problem(
                    (*place, "requires", "min_support"),
                    f"a {option.mission} mission far from Japan with {'min_support = ' + str(have) if have is not None else 'no min_support'}: "
                    f"far missions need markedly more public support than near ones; give requires.min_support = {needed} or more "
                    f"(never under {FAR_SUPPORT_FLOOR}, and {FAR_SUPPORT_MARGIN} above every near mission{near_one})",
                    where,
                )

    def cards(self, data: Any) -> tuple[Card, ...]:
        self.where = ""
        if data is None:
            self.problem((), "the deck has no [[cards]]: a deck needs at least one event card")
            return ()
        if not isinstance(data, list) or not data:
            self.problem(("cards",), f"cards must be [[cards]] entries (at least one), not {_type_name(data)} {_show(data)}")
            return ()
        out: list[Card] = []
        for i, raw in enumerate(data):
            place = ("cards", i)
            self.where = f"card #{i + 1}"
            spec = self.table(raw, place, CARD_KEYS, "a card")
            card_id = self.ident(spec, place, "card")
            if card_id:
                self.where = f"card '{card_id}'"
                if card_id in self.card_ids:
                    self.problem((*place, "id"), f"duplicate card id '{card_id}': card ids must be unique")
                self.card_ids.add(card_id)
            card = self.card(spec, place, card_id)
            if card is not None:
                out.append(card)
                self.cards_read.append((place, self.where, card))
        self.where = ""
        return tuple(out)

    def card(self, spec: dict[str, Any], place: tuple[Any, ...], card_id: str) -> Card | None:
        before = len(self.problems)
        card_where = self.where
        title = self.text(spec, "title", place)
        text = self.text(spec, "text", place)
        explain = self.text(spec, "explain", place)
        sources = self.sources_of(spec, place, "every card")
        weight = self.integer(spec, "weight", place, 1, 10, 1)
        once = bool(self.value(spec, "once", place, bool, False))
        case = self.integer(spec, "case", place, 1, 15)
        date = self.value(spec, "date", place, str)
        if date is not None and not _DATE.fullmatch(date):
            self.problem((*place, "date"), f"date {_show(date)} must be YYYY or YYYY-MM")
        named = self.strings(spec, "addresses", place)
        if "addresses" not in spec:
            self.problem(place, f"missing 'addresses' (the capitals that respond, at least two of {', '.join(ROLES)})")
        addresses: list[str] = []
        problems_before = len(self.problems)
        for item_place, role in named:
            if role not in ROLES:
                self.problem(item_place, f"unknown role '{_show_text(role)}'{_did_you_mean(role, ROLES)}; allowed: {', '.join(ROLES)}")
            elif role in addresses:
                self.problem(item_place, f"{role} is addressed twice")
            else:
                addresses.append(role)
        addresses_sound = len(self.problems) == problems_before
        if isinstance(spec.get("addresses"), list) and len(addresses) < 2 and addresses_sound:
            self.problem((*place, "addresses"), f"a card addresses at least two capitals of {', '.join(ROLES)}, not {len(addresses)}")
        when = self.requirement(spec.get("when", {}), (*place, "when"), "'when'")
        on_draw = self.effect(spec.get("on_draw", {}), (*place, "on_draw"), "'on_draw'")
        self.flags_set.update(on_draw.set_flags)
        responses: list[Option] = []
        raw = self.value(spec, "responses", place, list, [])
        if "responses" not in spec:
            self.problem(place, "the card has no [[cards.responses]]: each addressed capital needs at least 3")
        seen: set[tuple[str, str]] = set()
        for j, rspec in enumerate(raw):
            rplace = (*place, "responses", j)
            rid = rspec.get("id") if isinstance(rspec, dict) else None
            rrole = rspec.get("role") if isinstance(rspec, dict) else None
            if isinstance(rid, str) and isinstance(rrole, str):
                self.where = f"{card_where}, {_show_text(rrole, 12)} response '{_show_text(rid)}'"
            else:
                self.where = f"{card_where}, response #{j + 1}"
            option = self.option(rspec, rplace, "response")
            if isinstance(rrole, str) and option.role == rrole and option.role not in addresses and addresses and addresses_sound:
                self.problem((*rplace, "role"), f"response '{option.id}' is for {option.role}, which the card does not address; addressed: {', '.join(addresses)}")
            if option.id and (option.role, option.id) in seen:
                self.problem((*rplace, "id"), f"duplicate response id '{option.id}' for {option.role}: a capital's response ids must be unique on a card")
            seen.add((option.role, option.id))
            responses.append(option)
            self.where = card_where
        for role in addresses:
            mine = [r for r in responses if r.role == role]
            if len(mine) < 3:
                self.problem(place, f"{role} has {len(mine)} response{'s' if len(mine) != 1 else ''}: an addressed capital needs at least 3")
            if mine and not any(r.escalation == 0 and r.requires.empty for r in mine):
                self.problem(place, f"{role} needs a non-escalatory response (escalation = 0) with no requires, a lawful way out")
        if len(self.problems) > before:
            return None
        return Card(
            id=card_id,
            title=title,
            text=text,
            explain=explain,
            sources=sources,
            addresses=tuple(addresses),
            responses=tuple(responses),
            weight=weight,
            case=case,
            date=date,
            when=when,
            on_draw=on_draw,
            once=once,
        )

    def policies(self, data: Any) -> tuple[Option, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("policies",), f"policies must be [[policies]] entries, not {_type_name(data)} {_show(data)}")
            return ()
        out: list[Option] = []
        seen: set[tuple[str, str]] = set()
        for i, spec in enumerate(data):
            place = ("policies", i)
            self.where = f"policy #{i + 1}"
            if isinstance(spec, dict) and isinstance(spec.get("id"), str):
                self.where = f"policy '{_show_text(spec['id'])}'"
            option = self.option(spec, place, "policy")
            if option.id and (option.role, option.id) in seen:
                self.problem((*place, "id"), f"duplicate policy id '{option.id}' for {option.role}: a capital's policy ids must be unique")
            if option.id == "hold":
                self.problem((*place, "id"), "policy id 'hold' is reserved: every capital may hold")
            seen.add((option.role, option.id))
            out.append(option)
        self.where = ""
        return tuple(out)

    def injects(self, data: Any, card_ids: set[str], turns: int) -> tuple[Inject, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("injects",), f"injects must be [[injects]] entries, not {_type_name(data)} {_show(data)}")
            return ()
        out: list[Inject] = []
        seen: set[str] = set()
        due_turns: dict[int, str] = {}
        for i, raw in enumerate(data):
            place = ("injects", i)
            self.where = f"inject #{i + 1}"
            spec = self.table(raw, place, INJECT_KEYS, "an inject")
            inject_id = self.ident(spec, place, "inject")
            if inject_id:
                self.where = f"inject '{inject_id}'"
                if inject_id in seen:
                    self.problem((*place, "id"), f"duplicate inject id '{inject_id}': inject ids must be unique")
                seen.add(inject_id)
            turn = self.integer(spec, "turn", place, 1, turns, 1, required=True)
            if turn in due_turns:
                self.problem(
                    (*place, "turn"),
                    f"inject '{due_turns[turn]}' is due on turn {turn} too: one card is played a turn, so this one waits a turn (and is lost after the last)",
                    warning=True,
                )
            due_turns.setdefault(turn, inject_id)
            card = self.text(spec, "card", place)
            if card and card not in card_ids:
                self.problem((*place, "card"), f"inject names card '{_show_text(card)}', which the deck does not have{_did_you_mean(card, card_ids)}")
            trigger = self.requirement(spec.get("trigger", {}), (*place, "trigger"), "'trigger'")
            out.append(
                Inject(
                    id=inject_id,
                    turn=turn,
                    card=card,
                    trigger=trigger,
                    expected=self.text(spec, "expected", place),
                    learning=self.text(spec, "learning", place),
                    must_fire=bool(self.value(spec, "must_fire", place, bool, False)),
                )
            )
        self.where = ""
        return tuple(out)

    def check_references(self, flags: set[str], sources: set[str]) -> None:
        for place, flag, where, needed in self.flags_used:
            if flag not in flags:
                self.problem(place, f"unknown flag '{_show_text(flag)}'{_did_you_mean(flag, flags)}: declare it in [flags]", where)
            elif needed and flag not in self.flags_set:
                self.problem(place, f"flag '{_show_text(flag)}' is required but nothing sets it (start.flags, on_draw or set_flags), so this can never hold", where)
        for place, sid, where in self.sources_used:
            if sid not in sources:
                self.problem(place, f"unknown source '{_show_text(sid)}'{_did_you_mean(sid, sources)}: add it to [[sources]]", where)


#: what a control character in deck text looks like in the file: itself, or an escape that makes one
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\t]|\\\\[btnfrueU]")


def _clean_id(value: Any) -> str:
    """An id fit to name a place in a message: text with no control character, shown short."""
    return _show_text(value, 40) if isinstance(value, str) and first_control(value) is None else ""


def _is_one_of(value: Any, allowed: tuple[Any, ...]) -> bool:
    """`value` is one of `allowed` and of the same type (true is not 1)."""
    return any(type(value) is type(a) and value == a for a in allowed)


def _bad_institution(name: str, value: Any) -> str:
    allowed = INSTITUTIONS[name]
    hint = _did_you_mean(value, [a for a in allowed if isinstance(a, str)]) if isinstance(value, str) else ""
    return f"{name} is {_show(value)}{hint}: allowed {', '.join(map(_show, allowed))}"


def with_basis_gates(option: Option, prior_only: tuple[str, ...] = ()) -> Option:
    """The option with the gates its legal basis brings: the rung, the situation, the Diet's approval."""
    basis = BASES.get(option.basis)
    if basis is None or basis.id == "political":
        return option
    req = option.requires
    rung = max(req.min_of("rung") or 0, basis.min_rung)
    minimum = tuple((t, n) for t, n in req.minimum if t != "rung") + ((("rung", rung),) if rung else ())
    flags = tuple(dict.fromkeys((*req.flags, *basis.needs)))
    changes: dict[str, Any] = {"minimum": tuple(sorted(minimum, key=lambda p: TRACKS.index(p[0]))), "flags": flags}
    if basis.max_rung is not None:
        top = min(dict(req.maximum).get("rung", basis.max_rung), basis.max_rung)
        maximum = tuple((t, n) for t, n in req.maximum if t != "rung") + (("rung", top),)
        changes["maximum"] = tuple(sorted(maximum, key=lambda p: TRACKS.index(p[0])))
    if basis.diet:
        changes["approval"] = basis.approval_flag
        changes["approval_mode"] = PRIOR if basis.id in prior_only else basis.diet
    return evolve(option, requires=evolve(req, **changes))
