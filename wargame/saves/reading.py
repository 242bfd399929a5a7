"""Reading a save file into `SaveData`: its shape checked, its format migrated, nothing replayed.

The first problem stops the reading with a one-line SaveError naming the
file and the line (`saves/x.toml:42: decision 7: ...`).
"""

from __future__ import annotations

import os
import re
import tomli
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, NoReturn

from attrs import field, frozen

from ..engine.actions import CHANCE_KINDS, FACILITATOR_KINDS, PLAYER_KINDS, Action
from ..engine.tracks import ACTORS, CHANCE, FACILITATOR, ROLES
from ..messaging import RECIPIENTS, Message
from ..replaying import Checkpoint, Decision
from ..seats import SEAT_KINDS
from ..text import codepoint, first_control
from ..diagnostics import type_name
from .errors import SaveError, one_line, shown
from .lines import Lines
from .migrations import format_of, migrate

#: the kinds of action each actor may take, and the keys each table of a save may hold
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
#: the optional `[[message]]` tables (the white cell's messages to the table; no migration: a save without them has none)
MESSAGE_KEYS = ("after", "to", "text", "time")
_HASH = re.compile(r"^[0-9a-f]{32}$")


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
    lines: Lines = field(repr=False, eq=False)
    #: what the white cell told the table (the optional `[[message]]` tables), in order
    messages: tuple[Message, ...] = ()

    def line_of(self, seq: int) -> int:
        """The line where decision `seq` starts (0 if unknown)."""
        return self.lines.element("decision", seq - 1)


class _Reader:
    """Checks a parsed save's shape and stops at the first problem with one clear line."""

    def __init__(self, path: Path, lines: Lines) -> None:
        self.path = path
        self.lines = lines

    def fail(self, line: int, message: str) -> NoReturn:
        raise SaveError(self.path, line, message)

    def table(self, data: Mapping[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name)
        if value is None:
            self.fail(0, f"not a complete save: the [{name}] table is missing")
        if not isinstance(value, dict):
            self.fail(self.lines.element(name), f"'{name}' must be a table, not {type_name(value)}")
        return value

    def get(self, table: Mapping[str, Any], key: str, kind: type, where: str, line: Callable[[], int], default: Any = ...) -> Any:
        if key not in table:
            if default is not ...:
                return default
            self.fail(line(), f"{where}: missing '{key}' ({type_name(kind())})")
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(line(), f"{where}: '{key}' must be {type_name(kind())}, not {type_name(value)} {shown(value)}")
        return value

    def unknown(self, table: Mapping[str, Any], allowed: tuple[str, ...], where: str, line: Callable[[str], int]) -> None:
        for key in table:
            if key not in allowed:
                self.fail(line(key), f"{where}: unknown key '{key}' (allowed: {', '.join(allowed)})")


def read(path: str | os.PathLike[str]) -> SaveData:
    """Read and check a save file without replaying it; SaveError names file and line."""
    path = Path(path)
    try:
        if path.exists() and not path.is_file() and not path.is_dir():  # a device or a pipe could be read for ever
            raise SaveError(path, 0, "not a save file (a device or a pipe)")
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
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(err))
        line = int(found.group(1)) if found else 1 + text.count("\n")
        where = f" (column {found.group(2)})" if found else " (at the end: the file may be cut short)"
        raise SaveError(path, line, f"not valid TOML{where}: {message}") from None
    except (RecursionError, ValueError):  # tables nested thousands deep, or a number of thousands of digits
        raise SaveError(path, 0, "cannot read the save: it nests too deeply or holds a number too long for TOML") from None
    lines = Lines(text)
    version = format_of(data, path, lines)
    data = migrate(data, version, path, lines)
    # after a migration, places missing from the old layout are reported without a line
    _refuse_control(data, path, lines)
    return _check(data, path, lines, version)


def _refuse_control(data: dict[str, Any], path: Path, lines: Lines) -> None:
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

    def line_of(table: str, index: int | None, key: str) -> Callable[[], int]:
        return lambda: lines.key(table, index, key)

    for table in ("save", "game", "position"):
        section = data.get(table)
        if isinstance(section, dict):
            for key, value in section.items():
                here = line_of(table, None, key)
                look(str(key), f"[{table}]", here)
                look(value, f"[{table}] '{one_line(str(key))}'", here)
    for name in ("decision", "checkpoint", "message"):
        entries = data.get(name)
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for key, value in entry.items():
                here = line_of(name, i, key)
                look(str(key), f"{name} {i + 1}", here)
                look(value, f"{name} {i + 1}: '{one_line(str(key))}'", here, newlines=key in ("rationale", "text"))


def _check(data: dict[str, Any], path: Path, lines: Lines, version: int) -> SaveData:
    r = _Reader(path, lines)
    r.unknown(data, ("save", "game", "position", "decision", "checkpoint", "message"), "the save", lambda k: lines.element(k))
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
            r.fail(lines.key("game", None, "seats"), f"[game] seats: '{role}' must be text, not {type_name(kind)} {shown(kind)}")
        if role not in (*ROLES, FACILITATOR):
            r.fail(lines.key("game", None, "seats"), f"[game] seats: unknown seat '{role}' (use {', '.join((*ROLES, FACILITATOR))})")
        seats[role] = kind
    _check_seats(seats, r, lines)
    for name in ("deck_hash",):
        value = g(name, str)
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            r.fail(lines.key("game", None, name), f"[game] '{name}' must be 64 hex digits, not {shown(value)}")
    final_hash = p("hash", str, "")
    if final_hash and not _HASH.match(final_hash):
        r.fail(lines.key("position", None, "hash"), f"[position] 'hash' must be 32 hex digits, not {shown(final_hash)}")
    decisions = _decisions(data.get("decision", []), r, lines)
    checkpoints = _checkpoints(data.get("checkpoint", []), r, lines, len(decisions))
    messages = _messages(data.get("message", []), r, lines, len(decisions))
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
        messages=messages,
    )


def _check_seats(seats: dict[str, str], r: _Reader, lines: Lines) -> None:
    for role in ROLES:
        kind = seats.get(role)
        if kind is None:
            r.fail(lines.key("game", None, "seats"), f"[game] seats: no seat for '{role}'")
        if kind not in SEAT_KINDS:
            r.fail(lines.key("game", None, "seats"), f"[game] seats: unknown seat kind '{kind}' for {role} (use {', '.join(SEAT_KINDS)})")
    if seats.setdefault(FACILITATOR, "off") not in ("human", "off"):
        r.fail(lines.key("game", None, "seats"), f"[game] seats: facilitator must be human or off, not {shown(seats[FACILITATOR])}")


def _decisions(raw: Any, r: _Reader, lines: Lines) -> tuple[Decision, ...]:
    if not isinstance(raw, list):
        r.fail(lines.element("decision"), f"'decision' must be an array of tables ([[decision]]), not {type_name(raw)}")
    out: list[Decision] = []
    for n, (entry, where, line) in enumerate(_entries(raw, "decision", DECISION_KEYS, r, lines), start=1):

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


def _checkpoints(raw: Any, r: _Reader, lines: Lines, count: int) -> tuple[Checkpoint, ...]:
    if not isinstance(raw, list):
        r.fail(lines.element("checkpoint"), f"'checkpoint' must be an array of tables ([[checkpoint]]), not {type_name(raw)}")
    out: list[Checkpoint] = []
    last = 0
    for entry, where, line in _entries(raw, "checkpoint", CHECKPOINT_KEYS, r, lines):
        seq = r.get(entry, "seq", int, where, lambda: line("seq"))
        turn = r.get(entry, "turn", int, where, lambda: line("turn"))
        digest = r.get(entry, "hash", str, where, lambda: line("hash"))
        if not last < seq <= count:
            r.fail(line("seq"), f"{where}: seq {seq} must follow the previous checkpoint ({last}) and be at most {count}")
        if not _HASH.match(digest):
            r.fail(line("hash"), f"{where}: 'hash' must be 32 hex digits, not {shown(digest)}")
        out.append(Checkpoint(seq, turn, digest))
        last = seq
    return tuple(out)


def _messages(raw: Any, r: _Reader, lines: Lines, count: int) -> tuple[Message, ...]:
    """The optional `[[message]]` tables: each sent after `after` decisions (in order), to everyone or one team."""
    if not isinstance(raw, list):
        r.fail(lines.element("message"), f"'message' must be an array of tables ([[message]]), not {type_name(raw)}")
    out: list[Message] = []
    last = 0
    for entry, where, line in _entries(raw, "message", MESSAGE_KEYS, r, lines):
        after = r.get(entry, "after", int, where, lambda: line("after"))
        to = r.get(entry, "to", str, where, lambda: line("to"))
        text = r.get(entry, "text", str, where, lambda: line("text"))
        time = r.get(entry, "time", str, where, lambda: line("time"), "")
        if not last <= after <= count:
            r.fail(line("after"), f"{where}: 'after' {after} must be from {last} (the previous message's) to {count} (the decisions in the file)")
        if to not in RECIPIENTS:
            r.fail(line("to"), f"{where}: 'to' must be one of {', '.join(RECIPIENTS)}, not {shown(to)}")
        out.append(Message(after, to, text, time))
        last = after
    return tuple(out)


def _entries(raw: list[Any], name: str, keys: tuple[str, ...], r: _Reader, lines: Lines) -> Iterator[tuple[dict[str, Any], str, Callable[..., int]]]:
    """Each [[name]] table as (the table, how messages name it, its line: of the entry, or of one key)."""
    for i, entry in enumerate(raw):
        where = f"{name} {i + 1}"
        if not isinstance(entry, dict):
            r.fail(lines.element(name, i), f"{where} must be a table, not {type_name(entry)}")

        def line(key: str = "", i: int = i) -> int:
            return lines.key(name, i, key) if key else lines.element(name, i)

        r.unknown(entry, keys, where, line)
        yield entry, where, line
