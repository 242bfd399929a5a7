"""Saves: a header and the decision log as TOML, written atomically, loaded by replay.

A save is the record of a game: who sat where, which deck (with its content
hash), the seed, and every decision in order with its rationale. Loading
never trusts a stored state: it replays the log through `engine.apply`
(chance outcomes are read from the log, never regenerated) and checks the
state hash stored at the end of every turn. The format is documented in
docs/saves.md; `FORMAT` is its version, and older versions are migrated on
load while newer ones are refused.

Every problem with a save file becomes a `SaveError` whose text is one line
naming the file and the line (`saves/x.toml:42: decision 7: ...`); a save
that cannot be read is never written over.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import tomllib
import unicodedata
from pathlib import Path
from typing import Any, Callable, Mapping, NoReturn

import tomli_w
from attrs import evolve, field, frozen

from . import __version__
from .decks import DeckError, deck_dir, load_deck, resolve
from .engine import GameState, IllegalAction, chance_action, state_hash
from .engine.actions import CHANCE_KINDS, FACILITATOR_KINDS, PLAYER_KINDS, Action, Event
from .engine.model import Deck
from .engine.tracks import ACTORS, CHANCE, FACILITATOR, ROLES
from . import replaying
from .replaying import Checkpoint, Decision, checkpoint_after
from .session import OBSERVER_FACTORIES, Session, clean_text, now_iso
from .folders import ENV, folder_problem, saves_dir
from .text import clean_typed, codepoint, first_control

#: the save format this version writes; it reads every version from OLDEST up to this one
FORMAT = 3
#: saves of formats 1 and 2 hold games of the 0.1 rules, whose positions these rules cannot replay
OLDEST = 3
SUFFIX = ".toml"

KINDS_OF: dict[str, tuple[str, ...]] = {
    **{role: PLAYER_KINDS for role in ROLES},
    FACILITATOR: FACILITATOR_KINDS,
    CHANCE: CHANCE_KINDS,
}
SAVE_KEYS = ("format", "engine", "name", "parent", "branched_at", "created", "updated")
GAME_KEYS = ("deck", "deck_hash", "deck_source", "scenario", "seed", "mode", "turns", "seats")
POSITION_KEYS = ("decisions", "turn", "phase", "end_reason", "hash")
DECISION_KEYS = ("seq", "turn", "phase", "actor", "kind", "choice", "value", "rationale", "time")
CHECKPOINT_KEYS = ("seq", "turn", "hash")
_HASH = re.compile(r"^[0-9a-f]{32}$")


# --- errors ----------------------------------------------------------------------------


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


# --- where saves live ------------------------------------------------------------------


def check_folder(folder: str | os.PathLike[str]) -> Path:
    """The folder, created if need be and proven writable; SaveError naming it and the reason if not."""
    problem = folder_problem(folder)
    if problem:
        raise SaveError(Path(folder).expanduser(), 0, problem)
    return Path(folder).expanduser()


def add_saves_option(parser: Any) -> None:
    """Give an argparse parser the shared `--saves DIR` option (read it back with `saves_dir(args.saves)`)."""
    parser.add_argument(
        "--saves",
        metavar="DIR",
        help=f"the folder of saves (default: ${ENV}, else saves/ in the working folder)",
    )


def find_save(name_or_path: str | os.PathLike[str], directory: Path) -> Path:
    """A save given as a path, a file in `directory` (with or without .toml), or a save's slug."""
    text = str(name_or_path)
    if not text.strip():
        raise SaveError("", 0, f"no save named: give a save's name or file ('wargame resume' lists those in {directory})")
    given = Path(text).expanduser()
    candidates = [given]
    if not given.is_absolute():
        candidates += [directory / text, directory / f"{text}{SUFFIX}", directory / f"{slug(text)}{SUFFIX}"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    if given.exists():
        raise SaveError(text, 0, "not a save file (it is a folder)")
    raise SaveError(text, 0, f"no such save (also looked in {directory})")


def slug(name: str) -> str:
    """A file name for a save's name: lower-case ASCII letters, digits and dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    ascii_name = re.sub(r"(?<![a-z0-9])-(?=[0-9])", " minus ", ascii_name)  # seed -1 is not seed 1
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60].strip("-")
    return text or "game"


def new_save_path(directory: Path, name: str) -> Path:
    """A path in `directory` for a new save called `name` that no existing file holds."""
    base = slug(name)
    path = directory / f"{base}{SUFFIX}"
    n = 2
    while path.exists():
        path = directory / f"{base}-{n}{SUFFIX}"
        n += 1
    return path


def default_name(deck: Deck, seed: int) -> str:
    """A name for a game nobody named: its scenario, seed and start time."""
    return f"{deck.id} seed {seed} {now_iso()[:16].replace('T', ' ')}"


def deck_source(deck: Deck) -> str:
    """How a save names its deck: the bundled id, or the deck file's absolute path."""
    if not deck.path:
        return deck.id
    path = Path(deck.path).resolve()
    with contextlib.suppress(OSError):
        if path.parent == deck_dir().resolve():
            return path.stem
    return str(path)


# --- the parsed save -------------------------------------------------------------------


@frozen
class SaveData:
    """A save as read from disk (migrated to the current format), before any replay."""

    path: Path
    format: int  # the version the file was written in
    engine: str
    name: str
    parent: str
    branched_at: int
    created: str
    updated: str
    deck_id: str
    deck_hash: str
    deck_source: str
    scenario: str
    seed: int
    mode: str
    turns: int
    seats: dict[str, str]
    decisions: tuple[Decision, ...]
    checkpoints: tuple[Checkpoint, ...]
    position_turn: int | None
    position_phase: str
    end_reason: str
    final_hash: str
    lines: _Lines = field(repr=False, eq=False)

    def line_of(self, seq: int) -> int:
        """The line where decision `seq` starts (0 if unknown)."""
        return self.lines.element("decision", seq - 1)


class _Lines:
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


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a whole number", str: "text", list: "a list", dict: "a table", float: "a decimal number"}
    return names.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class _Reader:
    """Checks a parsed save's shape and stops at the first problem with one clear line."""

    def __init__(self, path: Path, lines: _Lines) -> None:
        self.path = path
        self.lines = lines

    def fail(self, line: int, message: str) -> NoReturn:
        raise SaveError(self.path, line, message)

    def table(self, data: Mapping[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name)
        if value is None:
            self.fail(0, f"not a complete save: the [{name}] table is missing")
        if not isinstance(value, dict):
            self.fail(self.lines.element(name), f"'{name}' must be a table, not {_type_name(value)}")
        return value

    def get(self, table: Mapping[str, Any], key: str, kind: type, where: str, line: Callable[[], int], default: Any = ...) -> Any:
        if key not in table:
            if default is not ...:
                return default
            self.fail(line(), f"{where}: missing '{key}' ({_type_name(kind())})")
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(line(), f"{where}: '{key}' must be {_type_name(kind())}, not {_type_name(value)} {_shown(value)}")
        return value

    def unknown(self, table: Mapping[str, Any], allowed: tuple[str, ...], where: str, line: Callable[[str], int]) -> None:
        for key in table:
            if key not in allowed:
                self.fail(line(key), f"{where}: unknown key '{key}' (allowed: {', '.join(allowed)})")


def read(path: str | os.PathLike[str]) -> SaveData:
    """Read and check a save file without replaying it; SaveError names file and line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise SaveError(path, 0, "not a save file (it is a folder)") from None
    except OSError as err:
        raise SaveError(path, 0, f"cannot read the save: {err.strerror or err}") from None
    return parse(raw, path)


def parse(raw: bytes, path: str | os.PathLike[str] = "<save>") -> SaveData:
    """Check a save's bytes (see `read`)."""
    path = Path(path)
    if not raw.strip():
        raise SaveError(path, 0, "the save is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SaveError(path, 1 + raw[: err.start].count(b"\n"), "the save is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(err))
        line = int(found.group(1)) if found else 1 + text.count("\n")
        where = f" (column {found.group(2)})" if found else " (at the end: the file may be cut short)"
        raise SaveError(path, line, f"not valid TOML{where}: {message}") from None
    lines = _Lines(text)
    version = _format_of(data, path, lines)
    if version > FORMAT:
        raise SaveError(
            path,
            lines.key("save", None, "format"),
            f"written by a newer wargame (save format {version}; this version {__version__} reads formats {OLDEST} to {FORMAT}): upgrade wargame to open it",
        )
    if version < 1:
        raise SaveError(path, lines.key("save", None, "format"), f"unknown save format {version} (this version reads formats {OLDEST} to {FORMAT})")
    if version < OLDEST:
        raise SaveError(
            path,
            lines.key("save", None, "format") if version > 1 else lines.key("header", None, "format"),
            f"save format {version} holds a game played under the rules of wargame 0.1 (before cabinet approval, the Diet's seats "
            f"and the escalation ladder of save format {OLDEST}): its positions cannot be replayed by this version; open it with wargame 0.1",
        )
    for step in range(version, FORMAT):
        try:
            data = MIGRATIONS[step](data)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as err:
            raise SaveError(path, 0, f"cannot migrate this save from format {step}: {type(err).__name__} {err}") from None
    # after a migration, places missing from the old layout are reported without a line
    _refuse_control(data, path, lines)
    return _check(data, path, lines, version)


def _refuse_control(data: dict[str, Any], path: Path, lines: _Lines) -> None:
    """A save holds no control character a terminal would act on (a rationale may hold line breaks)."""

    def look(value: Any, where: str, line: Callable[[], int], newlines: bool = False) -> None:
        if isinstance(value, str):
            bad = first_control(value, newlines=newlines)
            if bad is not None:
                raise SaveError(path, line(), f"{where} holds a control character ({codepoint(bad)})")
        elif isinstance(value, dict):
            for key, item in value.items():
                look(str(key), where, line)
                look(item, f"{where} '{one_line(str(key))}'", line)
        elif isinstance(value, list):
            for item in value:
                look(item, where, line)

    for table in ("save", "game", "position"):
        section = data.get(table)
        if isinstance(section, dict):
            for key, value in section.items():
                look(str(key), f"[{table}]", lambda t=table, k=key: lines.key(t, None, k))
                look(value, f"[{table}] '{one_line(str(key))}'", lambda t=table, k=key: lines.key(t, None, k))
    for name in ("decision", "checkpoint"):
        entries = data.get(name)
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for key, value in entry.items():
                here = lambda n=name, i=i, k=key: lines.key(n, i, k)  # noqa: E731
                look(str(key), f"{name} {i + 1}", here)
                look(value, f"{name} {i + 1}: '{one_line(str(key))}'", here, newlines=key == "rationale")


def _format_of(data: dict[str, Any], path: Path, lines: _Lines) -> int:
    for table in ("save", "header"):
        section = data.get(table)
        if isinstance(section, dict) and "format" in section:
            value = section["format"]
            if not isinstance(value, int) or isinstance(value, bool):
                raise SaveError(path, lines.key(table, None, "format"), f"'format' must be a whole number, not {_type_name(value)} {_shown(value)}")
            return value
    raise SaveError(path, 1, f"not a wargame save: no format version (a save starts with [save] and format = {FORMAT})")


def _check(data: dict[str, Any], path: Path, lines: _Lines, version: int) -> SaveData:
    r = _Reader(path, lines)
    r.unknown(data, ("save", "game", "position", "decision", "checkpoint"), "the save", lambda k: lines.element(k))
    save = r.table(data, "save")
    game = r.table(data, "game")
    position = r.table(data, "position")
    r.unknown(save, SAVE_KEYS, "[save]", lambda k: lines.key("save", None, k))
    r.unknown(game, GAME_KEYS, "[game]", lambda k: lines.key("game", None, k))
    r.unknown(position, POSITION_KEYS, "[position]", lambda k: lines.key("position", None, k))

    def s(key: str, kind: type, default: Any = ...) -> Any:
        return r.get(save, key, kind, "[save]", lambda: lines.key("save", None, key), default)

    def g(key: str, kind: type, default: Any = ...) -> Any:
        return r.get(game, key, kind, "[game]", lambda: lines.key("game", None, key), default)

    def p(key: str, kind: type, default: Any = ...) -> Any:
        return r.get(position, key, kind, "[position]", lambda: lines.key("position", None, key), default)

    seats_raw = g("seats", dict)
    seats: dict[str, str] = {}
    for role, kind in seats_raw.items():
        if not isinstance(kind, str):
            r.fail(lines.key("game", None, "seats"), f"[game] seats: '{role}' must be text, not {_type_name(kind)} {_shown(kind)}")
        if role not in (*ROLES, FACILITATOR):
            r.fail(lines.key("game", None, "seats"), f"[game] seats: unknown seat '{role}' (use {', '.join((*ROLES, FACILITATOR))})")
        seats[role] = kind
    _check_seats(seats, r, lines)
    for name in ("deck_hash",):
        value = g(name, str)
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            r.fail(lines.key("game", None, name), f"[game] '{name}' must be 64 hex digits, not {_shown(value)}")
    final_hash = p("hash", str, "")
    if final_hash and not _HASH.match(final_hash):
        r.fail(lines.key("position", None, "hash"), f"[position] 'hash' must be 32 hex digits, not {_shown(final_hash)}")
    decisions = _decisions(data.get("decision", []), r, lines)
    checkpoints = _checkpoints(data.get("checkpoint", []), r, lines, len(decisions))
    count = p("decisions", int)
    if count != len(decisions):
        where = lines.key("position", None, "decisions")
        if count > len(decisions):
            r.fail(where, f"the save is cut short: its header counts {count} decisions but only {len(decisions)} are in the file")
        r.fail(where, f"its header counts {count} decisions but {len(decisions)} are in the file")
    return SaveData(
        path=path,
        format=version,
        engine=s("engine", str, ""),
        name=s("name", str, ""),
        parent=s("parent", str, ""),
        branched_at=s("branched_at", int, 0),
        created=s("created", str, ""),
        updated=s("updated", str, ""),
        deck_id=g("deck", str),
        deck_hash=game["deck_hash"],
        deck_source=g("deck_source", str, "") or game["deck"],
        scenario=g("scenario", str, "") or game["deck"],
        seed=g("seed", int),
        mode=g("mode", str),
        turns=g("turns", int),
        seats=seats,
        decisions=decisions,
        checkpoints=checkpoints,
        position_turn=p("turn", int, None),
        position_phase=p("phase", str, ""),
        end_reason=p("end_reason", str, ""),
        final_hash=final_hash,
        lines=lines,
    )


def _check_seats(seats: dict[str, str], r: _Reader, lines: _Lines) -> None:
    from .seats import SEAT_KINDS

    for role in ROLES:
        kind = seats.get(role)
        if kind is None:
            r.fail(lines.key("game", None, "seats"), f"[game] seats: no seat for '{role}'")
        if kind not in SEAT_KINDS:
            r.fail(lines.key("game", None, "seats"), f"[game] seats: unknown seat kind '{kind}' for {role} (use {', '.join(SEAT_KINDS)})")
    if seats.setdefault(FACILITATOR, "off") not in ("human", "off"):
        r.fail(lines.key("game", None, "seats"), f"[game] seats: facilitator must be human or off, not {_shown(seats[FACILITATOR])}")


def _decisions(raw: Any, r: _Reader, lines: _Lines) -> tuple[Decision, ...]:
    if not isinstance(raw, list):
        r.fail(lines.element("decision"), f"'decision' must be an array of tables ([[decision]]), not {_type_name(raw)}")
    out: list[Decision] = []
    for i, entry in enumerate(raw):
        n = i + 1
        where = f"decision {n}"
        if not isinstance(entry, dict):
            r.fail(lines.element("decision", i), f"{where} must be a table, not {_type_name(entry)}")

        def line(key: str = "", i: int = i) -> int:
            return lines.key("decision", i, key) if key else lines.element("decision", i)

        r.unknown(entry, DECISION_KEYS, where, line)

        def get(key: str, kind: type, default: Any = ..., entry: dict[str, Any] = entry, where: str = where, line: Callable[..., int] = line) -> Any:
            return r.get(entry, key, kind, where, lambda: line(key), default)

        seq = get("seq", int)
        if seq != n:
            r.fail(line("seq"), f"{where} has seq {seq}: decisions must be numbered 1, 2, 3, ... in order")
        turn = get("turn", int)
        phase = get("phase", str)
        actor = get("actor", str)
        kind = get("kind", str)
        if actor not in ACTORS:
            r.fail(line("actor"), f"{where}: unknown actor '{actor}' (use {', '.join(ACTORS)})")
        if kind not in KINDS_OF[actor]:
            r.fail(line("kind"), f"{where}: unknown action '{kind}' for {actor} (use {', '.join(KINDS_OF[actor])})")
        choice = get("choice", str, "")
        value = get("value", int, 0)
        rationale = get("rationale", str, "")
        time = get("time", str, "")
        action = Action(actor=actor, kind=kind, choice=choice, value=value, rationale=rationale)
        out.append(Decision(seq, turn, phase, action, time))
    return tuple(out)


def _checkpoints(raw: Any, r: _Reader, lines: _Lines, count: int) -> tuple[Checkpoint, ...]:
    if not isinstance(raw, list):
        r.fail(lines.element("checkpoint"), f"'checkpoint' must be an array of tables ([[checkpoint]]), not {_type_name(raw)}")
    out: list[Checkpoint] = []
    last = 0
    for i, entry in enumerate(raw):
        where = f"checkpoint {i + 1}"
        if not isinstance(entry, dict):
            r.fail(lines.element("checkpoint", i), f"{where} must be a table, not {_type_name(entry)}")

        def line(key: str = "", i: int = i) -> int:
            return lines.key("checkpoint", i, key) if key else lines.element("checkpoint", i)

        r.unknown(entry, CHECKPOINT_KEYS, where, line)
        seq = r.get(entry, "seq", int, where, lambda: line("seq"))
        turn = r.get(entry, "turn", int, where, lambda: line("turn"))
        digest = r.get(entry, "hash", str, where, lambda: line("hash"))
        if not last < seq <= count:
            r.fail(line("seq"), f"{where}: seq {seq} must follow the previous checkpoint ({last}) and be at most {count}")
        if not _HASH.match(digest):
            r.fail(line("hash"), f"{where}: 'hash' must be 32 hex digits, not {_shown(digest)}")
        out.append(Checkpoint(seq, turn, digest))
        last = seq
    return tuple(out)


# --- migrations from older formats ------------------------------------------------------


#: MIGRATIONS[n] turns a format-n save (as parsed data) into format n + 1
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


# --- replay ----------------------------------------------------------------------------


def describe_action(action: Action) -> str:
    """An action in a few words, as messages name it: "respond 'dispatch'", "roll 37"."""
    text = action.kind
    if action.choice:
        text += f" '{action.choice}'"
    if action.value or action.kind in ("roll", "set_track", "override", "rule", "inject"):
        text += f" {action.value}"
    return text


@frozen
class Divergence:
    """Where a replay first departs from the save: an illegal decision or a differing checkpoint."""

    seq: int
    turn: int
    actor: str
    action: str
    reason: str
    line: int
    illegal: bool  # True when the decision could not be applied (the replay stops there)

    def message(self, path: str | os.PathLike[str]) -> str:
        place = f"{path}:{self.line}" if self.line else str(path)
        if not self.seq:  # the header, not a decision, is to blame
            return one_line(f"{place}: {self.reason}")
        return one_line(f"{place}: decision {self.seq} (turn {self.turn}, {self.actor}, {self.action}): {self.reason}")


@frozen
class Replay:
    """A save replayed: the state before and after every decision, and what each decision did."""

    save: SaveData
    deck: Deck
    #: states[i] is the position after i decisions (states[0] is the start)
    states: tuple[GameState, ...]
    #: events[i] explains decision i + 1 (its adjudication, in plain words)
    events: tuple[tuple[Event, ...], ...]
    divergence: Divergence | None
    deck_changed: bool
    hashes: dict[int, str] = field(factory=dict, eq=False, repr=False)
    #: what happened before the first decision (the first turn's injects and their card)
    opening: tuple[Event, ...] = ()

    @property
    def applied(self) -> int:
        """How many decisions replayed (all of them unless one was illegal)."""
        return len(self.states) - 1

    def session(self, at: int | None = None) -> Session:
        """The game after `at` decisions (default: all that replayed), ready to continue."""
        at = self.applied if at is None else max(0, min(at, self.applied))
        save = self.save
        checkpoints = [
            c
            for i in range(at)
            if (c := checkpoint_after(i + 1, self.states[i], self.states[i + 1], self.hashes.get(i + 1, ""))) is not None
        ]
        return Session(
            deck=self.deck,
            seats=dict(save.seats),
            seed=save.seed,
            mode=save.mode,
            turns=save.turns,
            state=self.states[at],
            log=list(save.decisions[:at]),
            save_path=save.path,
            name=save.name,
            parent=save.parent,
            created=save.created or now_iso(),
            checkpoints=checkpoints,
            branched_at=save.branched_at,
            opening=self.opening,
            saved_decisions=at if at == len(save.decisions) else 0,
        )


_DECKS: dict[tuple[str, str], Deck] = {}


def cached_deck(source: str | os.PathLike[str]) -> Deck:
    """`load_deck`, remembered by file and content hash, so replaying many saves loads each deck once."""
    path = resolve(source)
    try:
        key = (str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:
        return load_deck(path)  # raises the DeckError that names the problem
    deck = _DECKS.get(key)
    if deck is None:
        deck = _DECKS[key] = load_deck(path)
    return deck


def deck_for(save: SaveData, deck: Deck | str | os.PathLike[str] | None = None) -> Deck:
    """The deck a save was played with (or the one given instead); SaveError if it cannot be loaded."""
    if isinstance(deck, Deck):
        return deck
    source = str(deck) if deck is not None else save.deck_source
    try:
        return cached_deck(source)
    except DeckError as err:
        where = save.lines.key("game", None, "deck_source") if deck is None else 0
        raise SaveError(save.path, where, f"cannot load its deck '{save.deck_id}' from {source}: {err}") from None


def replay(
    save: SaveData,
    deck: Deck | str | os.PathLike[str] | None = None,
    *,
    allow_deck_change: bool = False,
) -> Replay:
    """Replay a save's log and check its checkpoints; the first divergence is reported, not raised.

    A deck whose content hash differs from the save's is refused with a
    SaveError naming the deck, unless `allow_deck_change`.
    """
    deck = deck_for(save, deck)
    changed = deck.content_hash != save.deck_hash or deck.id != save.deck_id
    if changed and not allow_deck_change:
        what = f"'{save.deck_id}' ({save.deck_source})"
        if deck.id != save.deck_id:
            problem = f"it was played with deck '{save.deck_id}', not '{deck.id}'"
        else:
            problem = f"its deck {what} has changed since the game was saved (content hash {save.deck_hash[:12]}..., now {deck.content_hash[:12]}...)"
        raise SaveError(save.path, save.lines.key("game", None, "deck_hash"), f"{problem}; pass --allow-deck-change to replay it anyway and see where it diverges")
    wanted = {c.seq: c for c in save.checkpoints}
    # with a changed deck, states are compared as if the deck were the saved one, so a
    # divergence means the play itself differs (the hash covers the deck's identity too)
    digest_of = _hash_as(evolve(deck, id=save.deck_id, content_hash=save.deck_hash)) if changed else state_hash
    states: list[GameState] = []
    events: list[tuple[Event, ...]] = []
    opening: tuple[Event, ...] = ()
    hashes: dict[int, str] = {}
    first: Divergence | None = None

    def diverge(d: Decision, reason: str, illegal: bool) -> Divergence:
        return Divergence(d.seq, d.turn, d.actor, describe_action(d.action), reason, save.line_of(d.seq), illegal)

    def misplaced(d: Decision, state: GameState) -> Divergence | None:
        if (d.turn, d.phase) == (state.turn, state.phase):
            return None
        return diverge(d, f"recorded at turn {d.turn} ({d.phase}) but the replay is at turn {state.turn} ({state.phase})", False)

    steps = replaying.replay(deck, save.decisions, seed=save.seed, scenario=save.scenario, seats=save.seats, mode=save.mode, turns=save.turns)
    try:
        for step in steps:
            d = step.decision
            if d is None or step.before is None:  # the opening
                states.append(step.after)
                opening = step.events
                continue
            first = first or misplaced(d, step.before)
            if d.seq in wanted or replaying.ends_turn(step.before, step.after):
                hashes[d.seq] = digest_of(step.after)
            check = wanted.get(d.seq)
            if check is not None and first is None and hashes[d.seq] != check.hash:
                first = diverge(d, f"the state after it differs from the checkpoint of turn {check.turn} (saved {check.hash}, replayed {hashes[d.seq]})", False)
            states.append(step.after)
            events.append(step.events)
    except ValueError as err:
        if states:
            raise
        raise SaveError(save.path, save.lines.element("game"), f"[game]: cannot start the game: {err}") from None
    except replaying.StepFailed as failed:
        d, err = failed.decision, failed.error
        reason = f"illegal: {err.reason}" if isinstance(err, IllegalAction) else f"illegal: the engine cannot apply it ({type(err).__name__}: {err})"
        first = first or misplaced(d, failed.state) or diverge(d, reason, True)
        state = failed.state
    else:
        state = states[-1]
    if first is None and len(states) == len(save.decisions) + 1:
        first = _check_position(save, state, hashes, diverge, digest_of)
    if first is not None:
        first = _blame_seed(save, states, first)
    if changed:
        hashes = {}  # they describe the saved deck, not the one in play
    return Replay(save, deck, tuple(states), tuple(events), first, changed, hashes, tuple(opening))


def _blame_seed(save: SaveData, states: list[GameState], first: Divergence) -> Divergence:
    """A divergence whose cause is the header's seed, when the log's draws and rolls are not the seed's.

    Every chance decision is the seed's outcome when a game is played, so with an edited seed most
    of them differ from what the seed gives, while the states only part at the first checkpoint.
    """
    chances = [d for d in save.decisions[: len(states) - 1] if d.actor == CHANCE]
    if not chances:
        return first
    def outcome(action: Action) -> tuple[str, str, int]:
        return action.kind, action.choice, action.value

    differ = [d for d in chances if outcome(chance_action(states[d.seq - 1])) != outcome(d.action)]
    if len(differ) < 2 or 2 * len(differ) < len(chances):  # one edited roll is that decision's fault
        return first
    d = differ[0]
    want = chance_action(states[d.seq - 1])
    reason = (
        f"[game] seed {save.seed} does not give the recorded draws and rolls (decision {d.seq} is {describe_action(d.action)}, "
        f"the seed gives {describe_action(want)}; {len(differ)} of the {len(chances)} chance decisions differ): the seed was changed after the game was saved"
    )
    return Divergence(0, 0, "", "header", reason, save.lines.key("game", None, "seed"), first.illegal)


def _hash_as(alias: Deck) -> Callable[[GameState], str]:
    """`state_hash` as if the state were played with `alias` (same rules, another identity)."""

    def digest(state: GameState) -> str:
        return state_hash(_with_deck(state, alias))

    return digest


def _with_deck(state: GameState, deck: Deck) -> GameState:
    inner = _with_deck(state.checkpoint, deck) if state.checkpoint is not None else None
    return evolve(state, deck=deck, checkpoint=inner)


def _check_position(
    save: SaveData,
    state: GameState,
    hashes: dict[int, str],
    diverge: Callable[[Decision, str, bool], Divergence],
    digest_of: Callable[[GameState], str],
) -> Divergence | None:
    """Compare the end of a full replay with the header's [position]."""
    problem = ""
    if save.final_hash:
        digest = hashes.get(len(save.decisions)) or digest_of(state)
        if digest != save.final_hash:
            problem = f"the final state differs from the saved position (saved {save.final_hash}, replayed {digest})"
    saved = (save.position_turn, save.position_phase, save.end_reason)
    replayed = (state.turn, state.phase, state.end_reason or "")
    if not problem and save.position_turn is not None and saved != replayed:
        problem = f"the saved position is turn {saved[0]} ({saved[1] or '?'}{', ' + saved[2] if saved[2] else ''}) but the replay ends at turn {replayed[0]} ({replayed[1]}{', ' + replayed[2] if replayed[2] else ''})"
    if not problem:
        return None
    if save.decisions:
        return diverge(save.decisions[-1], problem, False)
    return Divergence(0, 1, "", "start", problem, save.lines.element("position"), False)


def open_replay(
    path: str | os.PathLike[str],
    *,
    deck: Deck | str | os.PathLike[str] | None = None,
    allow_deck_change: bool = False,
    strict: bool = True,
) -> Replay:
    """Read and replay a save. With `strict`, any divergence is a SaveError (a damaged save),
    except, with `allow_deck_change` and a changed deck, where it is reported in the result."""
    result = replay(read(path), deck, allow_deck_change=allow_deck_change)
    bad = result.divergence
    if strict and bad is not None and not result.deck_changed:
        raise SaveError(path, bad.line, bad.message(path).removeprefix(f"{path}:{bad.line}: " if bad.line else f"{path}: "))
    return result


def load(
    path: str | os.PathLike[str],
    *,
    deck: Deck | str | os.PathLike[str] | None = None,
    allow_deck_change: bool = False,
) -> Session:
    """A saved game, replayed and checked, ready to continue; it autosaves to the same file.

    When the deck changed (allowed) and the log no longer replays to the end,
    the session keeps what replayed and saves to a new file beside the old
    one, so the original record is never lost.
    """
    result = open_replay(path, deck=deck, allow_deck_change=allow_deck_change)
    session = result.session()
    if result.divergence is not None and result.divergence.illegal:
        session.save_path = new_save_path(Path(path).parent, f"{Path(path).stem}-replayed")
    return session


def verify(
    path: str | os.PathLike[str],
    *,
    deck: Deck | str | os.PathLike[str] | None = None,
    allow_deck_change: bool = False,
) -> Replay:
    """Replay a save headless; `.divergence` is None when every decision and checkpoint holds."""
    return open_replay(path, deck=deck, allow_deck_change=allow_deck_change, strict=False)


# --- writing ---------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def toml_string(text: str) -> str:
    """A TOML basic string holding exactly `text` (every control character escaped)."""
    return '"' + _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text) + '"'


def render_decision(d: Decision) -> str:
    """One `[[decision]]` table; the log is these, in order, with checkpoints between turns."""
    out = [f"[[decision]]\nseq = {d.seq}\nturn = {d.turn}\nphase = {toml_string(d.phase)}\n"]
    for key, value in d.action.to_dict().items():
        out.append(f"{key} = {value}\n" if isinstance(value, int) else f"{key} = {toml_string(value)}\n")
    if d.action.rationale:
        out.append(f"rationale = {toml_string(clean_text(d.action.rationale))}\n")
    if d.time:
        out.append(f"time = {toml_string(d.time)}\n")
    out.append("\n")
    return "".join(out)


def render_checkpoint(c: Checkpoint) -> str:
    return f"[[checkpoint]]\nseq = {c.seq}\nturn = {c.turn}\nhash = {toml_string(c.hash)}\n\n"


def header(session: Session, updated: str) -> dict[str, Any]:
    """The header tables of a session's save."""
    state, deck = session.state, session.deck
    return {
        "save": {
            "format": FORMAT,
            "engine": __version__,
            "name": clean_typed(clean_text(session.name)),
            "parent": clean_typed(clean_text(session.parent)),
            "branched_at": session.branched_at,
            "created": session.created,
            "updated": updated,
        },
        "game": {
            "deck": deck.id,
            "deck_hash": deck.content_hash,
            "deck_source": deck_source(deck),
            "scenario": deck.id,
            "seed": session.seed,
            "mode": session.mode,
            "turns": session.turns,
            "seats": dict(session.seats),
        },
        "position": {
            "decisions": len(session.log),
            "turn": state.turn,
            "phase": state.phase,
            "end_reason": state.end_reason or "",
            "hash": state_hash(state),
        },
    }


class _Rendered:
    """The rendered log of a session: one chunk per decision (with the checkpoint after it)."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.last: Decision | None = None
        self.checkpoints = 0

    def update(self, session: Session) -> str:
        log, checks = session.log, session.checkpoints
        n = len(self.chunks)
        fresh = n <= len(log) and (n == 0 or log[n - 1] is self.last) and self.checkpoints <= len(checks)
        if fresh and self.checkpoints and checks[self.checkpoints - 1].seq > n:
            fresh = False
        if not fresh:
            self.chunks, self.checkpoints, n = [], 0, 0
        for d in log[n:]:
            chunk = render_decision(d)
            while self.checkpoints < len(checks) and checks[self.checkpoints].seq <= d.seq:
                chunk += render_checkpoint(checks[self.checkpoints])
                self.checkpoints += 1
            self.chunks.append(chunk)
        self.last = log[-1] if log else None
        return "".join(self.chunks)


def render(session: Session, *, updated: str | None = None, cache: _Rendered | None = None) -> str:
    """The whole save of a session as TOML text (`cache` keeps the log rendered between saves)."""
    body = (cache or _Rendered()).update(session)
    return tomli_w.dumps(header(session, updated or now_iso())) + "\n" + body


def write_atomic(path: Path, text: str) -> None:
    """Write `text` so that `path` always holds either the old or the new file, whole.

    A temporary file in the same folder is written, flushed and fsynced, then
    renamed over `path`; the folder is fsynced so the rename itself survives.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def save(session: Session, path: str | os.PathLike[str] | None = None, *, cache: _Rendered | None = None) -> Path:
    """Write the session's save (to `path`, else its `save_path`); SaveError if that fails."""
    target = Path(path) if path is not None else session.save_path
    if target is None:
        raise ValueError("the session has no save path")
    try:
        write_atomic(target, render(session, cache=cache))
    except OSError as err:
        raise SaveError(target, 0, f"cannot write the save: {err.strerror or err}") from None
    if target == session.save_path:
        session.saved_decisions = len(session.log)
    return target


def autosave(session: Session, cache: _Rendered | None = None) -> None:
    """Save after a decision; a failure is kept in `session.save_error`, never raised into the game."""
    try:
        save(session, cache=cache)
    except SaveError as err:
        session.save_error = str(err)
    else:
        session.save_error = ""


class Autosave:
    """A session's observer that saves after every decision when the session has a save path.

    It owns the rendered log, so an autosave renders only the new decision.
    """

    def __init__(self) -> None:
        self.cache = _Rendered()

    def __call__(self, session: Session, decision: Decision) -> None:
        if session.save_path is not None:
            autosave(session, self.cache)


OBSERVER_FACTORIES.append(Autosave)


# --- branches and listings -------------------------------------------------------------


def branch(source: Replay, at: int, name: str, directory: Path | None = None) -> Session:
    """A new game from the position after `at` decisions of a saved one, saved under a new name.

    The branch holds a copy of the first `at` decisions, so it stands alone;
    its header records the parent save and where it branched.
    """
    parent = source.save.path
    directory = parent.parent if directory is None else directory
    session = source.session(at)
    try:
        parent_name = str(parent.resolve().relative_to(directory.resolve()))
    except ValueError:
        parent_name = str(parent.resolve())
    session.name = name
    session.parent = parent_name
    session.branched_at = len(session.log)
    session.created = now_iso()
    session.save_path = new_save_path(directory, name)
    save(session)
    return session


@frozen
class SaveSummary:
    """What the title screen lists about a save, read from its header alone."""

    path: Path
    name: str = ""
    scenario: str = ""
    turn: int = 0
    turns: int = 0
    phase: str = ""
    end_reason: str = ""
    decisions: int = 0
    created: str = ""
    updated: str = ""
    parent: str = ""
    #: why the save cannot be opened (empty when its header reads)
    problem: str = ""


def summary(path: Path) -> SaveSummary:
    """The header of a save, cheaply (the log is not parsed unless the header alone fails)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return SaveSummary(path, problem=f"{path}: cannot read the save: {err.strerror or err}")
    head, _sep, _rest = raw.partition(b"\n[[decision]]")
    try:
        data = tomllib.loads(head.decode("utf-8"))
        s, g, p = data["save"], data["game"], data["position"]
        if s["format"] != FORMAT:
            raise KeyError("format")
        return SaveSummary(
            path,
            name=str(s.get("name", "")),
            scenario=str(g.get("scenario", g.get("deck", ""))),
            turn=int(p.get("turn", 0)),
            turns=int(g.get("turns", 0)),
            phase=str(p.get("phase", "")),
            end_reason=str(p.get("end_reason", "")),
            decisions=int(p.get("decisions", 0)),
            created=str(s.get("created", "")),
            updated=str(s.get("updated", "")),
            parent=str(s.get("parent", "")),
        )
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError):
        pass
    try:
        data_full = parse(raw, path)
    except SaveError as err:
        return SaveSummary(path, problem=str(err))
    return SaveSummary(
        path,
        name=data_full.name,
        scenario=data_full.scenario,
        turn=data_full.position_turn or (data_full.decisions[-1].turn if data_full.decisions else 1),
        turns=data_full.turns,
        phase=data_full.position_phase,
        end_reason=data_full.end_reason,
        decisions=len(data_full.decisions),
        created=data_full.created,
        updated=data_full.updated,
        parent=data_full.parent,
    )


def list_saves(directory: Path) -> list[SaveSummary]:
    """Every save in a folder, the most recently updated first; damaged ones carry `problem`."""
    if not directory.is_dir():
        return []
    paths = [p for p in directory.glob(f"*{SUFFIX}") if not p.name.startswith(".") and p.is_file()]
    found = [summary(p) for p in paths]
    return sorted(found, key=lambda s: (s.updated, s.path.name), reverse=True)
