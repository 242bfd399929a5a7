"""The exercise's store: one SQLite file, the authority a restarted server rebuilds the game from.

It holds the game's header, one row per accepted decision, the join codes
(salted hashes only), the white cell's messages and the running countdown.
It runs in WAL mode with `synchronous=FULL`, and each decision is its own
committed transaction: once `append` returns, the decision survives a
SIGKILL or a power cut, and only then does anyone hear of it.

Every problem is a StoreError naming the file, in one line.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from attrs import frozen

from ..engine.actions import Action
from ..engine.tracks import ACTORS
from ..messaging import RECIPIENTS, Message
from ..replaying import Decision
from ..saves.reading import KINDS_OF
from .codes import Entry

#: the layout of the store; a store of another format is refused
STORE_FORMAT = 1

_SCHEMA = """
CREATE TABLE game (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    store_format INTEGER NOT NULL,
    engine TEXT NOT NULL,
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    deck TEXT NOT NULL,
    deck_hash TEXT NOT NULL,
    deck_source TEXT NOT NULL,
    seed INTEGER NOT NULL,
    mode TEXT NOT NULL,
    turns INTEGER NOT NULL,
    seats TEXT NOT NULL
);
CREATE TABLE decision (
    seq INTEGER PRIMARY KEY,
    turn INTEGER NOT NULL,
    phase TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    choice TEXT NOT NULL,
    value INTEGER NOT NULL,
    rationale TEXT NOT NULL,
    time TEXT NOT NULL
);
CREATE TABLE code (holder TEXT PRIMARY KEY, salt BLOB NOT NULL, digest BLOB NOT NULL);
CREATE TABLE message (id INTEGER PRIMARY KEY, after INTEGER NOT NULL, recipient TEXT NOT NULL, text TEXT NOT NULL, time TEXT NOT NULL);
CREATE TABLE countdown (id INTEGER PRIMARY KEY CHECK (id = 1), turn INTEGER NOT NULL, phase TEXT NOT NULL, deadline REAL NOT NULL);
"""


class StoreError(Exception):
    """A store that cannot be opened, read, trusted or written; `str()` is one line naming the file."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message}")


@frozen
class Header:
    """What the game is: as a save's [save] and [game] tables say it."""

    engine: str
    name: str
    created: str
    deck: str
    deck_hash: str
    deck_source: str
    seed: int
    mode: str
    turns: int
    seats: dict[str, str]


@frozen
class Countdown:
    """The countdown the white cell started, for the phase it was started in (`deadline`: seconds since the epoch)."""

    turn: int
    phase: str
    deadline: float


class Store:
    """An open store; `create` makes a new one, `open` an existing one."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection

    # --- opening -----------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, header: Header, codes: Iterable[Entry]) -> Store:
        """A new store at `path` (which must not exist) holding `header` and `codes`.

        It is built under a temporary name and renamed into place whole, so a
        store is either complete (its codes too) or not there at all.
        """
        if path.exists():
            raise StoreError(path, "a store is there already")
        building = path.with_name(f".{path.name}.new")
        for leftover in (building, building.with_name(building.name + "-wal"), building.with_name(building.name + "-shm")):
            leftover.unlink(missing_ok=True)
        store = cls(building, _connect(building))
        try:
            with store._writing("create the store"):
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    store.db.execute(statement)
                store.db.execute(
                    "INSERT INTO game VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (STORE_FORMAT, header.engine, header.name, header.created, header.deck, header.deck_hash,
                     header.deck_source, header.seed, header.mode, header.turns, json.dumps(header.seats)),
                )
                for entry in codes:
                    store.db.execute("INSERT INTO code VALUES (?, ?, ?)", (entry.holder, entry.salt, entry.digest))
        finally:
            store.close()  # the last connection closed: the WAL is folded into the file and removed
        try:
            os.replace(building, path)
            _sync_folder(path.parent)
        except OSError as err:
            raise StoreError(path, f"cannot create the store: {err.strerror or err}") from None
        return cls.open(path)

    @classmethod
    def open(cls, path: Path) -> Store:
        """The store at `path`, checked: a SQLite file of this layout whose integrity check passes."""
        store = cls(path, _connect(path))
        try:
            store._check()
        except sqlite3.Error as err:
            store.close()
            raise StoreError(path, f"not a readable exercise store ({err})") from None
        except StoreError:
            store.close()
            raise
        return store

    def _check(self) -> None:
        found = self.db.execute("PRAGMA quick_check").fetchone()
        if not found or found[0] != "ok":
            raise StoreError(self.path, f"the store is damaged (SQLite's integrity check: {found[0] if found else 'no answer'})")
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = {"game", "decision", "code", "message", "countdown"} - tables
        if missing:
            raise StoreError(self.path, f"not an exercise store: it has no {', '.join(sorted(missing))} table")
        row = self.db.execute("SELECT store_format FROM game WHERE id = 1").fetchone()
        if row is None:
            raise StoreError(self.path, "not a complete exercise store: its game header is missing")
        if row[0] != STORE_FORMAT:
            raise StoreError(self.path, f"store format {row[0]} is not the format this version reads ({STORE_FORMAT})")

    def close(self) -> None:
        self.db.close()

    # --- reading -----------------------------------------------------------------------

    def header(self) -> Header:
        row = self._read("SELECT engine, name, created, deck, deck_hash, deck_source, seed, mode, turns, seats FROM game WHERE id = 1")[0]
        try:
            seats = json.loads(row[9])
            if not isinstance(seats, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in seats.items()):
                raise ValueError("not a map of seat to kind")
            return Header(str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]), int(row[6]), str(row[7]), int(row[8]), seats)
        except (ValueError, TypeError) as err:
            raise StoreError(self.path, f"the game header is damaged: {err}") from None

    def decisions(self) -> list[Decision]:
        """Every decision, in order; StoreError at the first that is misnumbered or names no known action."""
        out = []
        for n, row in enumerate(self._read("SELECT seq, turn, phase, actor, kind, choice, value, rationale, time FROM decision ORDER BY seq"), 1):
            seq, turn, phase, actor, kind, choice, value, rationale, time = row
            if seq != n:
                raise StoreError(self.path, f"decision {n} is missing (the next stored is {seq})")
            if actor not in ACTORS or kind not in KINDS_OF[actor]:
                raise StoreError(self.path, f"decision {seq}: unknown action {kind!r} for {actor!r}")
            action = Action.from_dict({"actor": actor, "kind": kind, "choice": choice, "value": value}, rationale=str(rationale))
            out.append(Decision(seq, int(turn), str(phase), action, str(time)))
        return out

    def codes(self) -> list[Entry]:
        return [Entry(str(h), bytes(s), bytes(d)) for h, s, d in self._read("SELECT holder, salt, digest FROM code ORDER BY holder")]

    def messages(self) -> list[Message]:
        out = []
        for after, to, text, time in self._read("SELECT after, recipient, text, time FROM message ORDER BY id"):
            if to not in RECIPIENTS:
                raise StoreError(self.path, f"a message is addressed to {to!r}, which is not a seat")
            out.append(Message(int(after), str(to), str(text), str(time)))
        return out

    def countdown(self) -> Countdown | None:
        rows = self._read("SELECT turn, phase, deadline FROM countdown WHERE id = 1")
        return Countdown(int(rows[0][0]), str(rows[0][1]), float(rows[0][2])) if rows else None

    def _read(self, sql: str) -> list[Any]:
        try:
            return self.db.execute(sql).fetchall()
        except sqlite3.Error as err:
            raise StoreError(self.path, f"cannot read the store: {err}") from None

    # --- writing: each call is one committed transaction ----------------------------------

    def append(self, d: Decision) -> None:
        """Commit one decision (durable when this returns)."""
        a = d.action
        with self._writing(f"record decision {d.seq}"):
            self.db.execute(
                "INSERT INTO decision VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (d.seq, d.turn, d.phase, a.actor, a.kind, a.choice, a.value, a.rationale, d.time),
            )

    def put_code(self, entry: Entry) -> None:
        with self._writing(f"store the code of {entry.holder}"):
            self.db.execute("INSERT OR REPLACE INTO code VALUES (?, ?, ?)", (entry.holder, entry.salt, entry.digest))

    def add_message(self, m: Message) -> None:
        with self._writing("record the message"):
            self.db.execute("INSERT INTO message (after, recipient, text, time) VALUES (?, ?, ?, ?)", (m.after, m.to, m.text, m.time))

    def set_countdown(self, countdown: Countdown | None) -> None:
        with self._writing("record the countdown"):
            self.db.execute("DELETE FROM countdown")
            if countdown is not None:
                self.db.execute("INSERT INTO countdown VALUES (1, ?, ?, ?)", (countdown.turn, countdown.phase, countdown.deadline))

    def _writing(self, what: str) -> _Transaction:
        return _Transaction(self, what)


class _Transaction:
    """`with store._writing(what):` one transaction, committed at the end; a failure is a StoreError naming `what`."""

    def __init__(self, store: Store, what: str) -> None:
        self.store = store
        self.what = what

    def __enter__(self) -> None:
        try:
            self.store.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise StoreError(self.store.path, f"cannot {self.what}: {err}") from None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> None:
        db = self.store.db
        try:
            if kind is None:
                db.execute("COMMIT")
                return
            db.execute("ROLLBACK")
        except sqlite3.Error as err:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(self.store.path, f"cannot {self.what}: {err}") from None
        if isinstance(error, sqlite3.Error):
            raise StoreError(self.store.path, f"cannot {self.what}: {error}") from None


def _connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL and synchronous=FULL, or StoreError."""
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as err:
        raise StoreError(path, f"cannot open the store: {err}") from None
    try:
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()
        if not mode or str(mode[0]).lower() != "wal":
            raise StoreError(path, f"cannot keep the store in WAL mode here (the journal mode is {mode[0] if mode else 'unknown'})")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA busy_timeout = 2000")
    except sqlite3.Error as err:
        db.close()
        raise StoreError(path, f"not a readable exercise store ({err})") from None
    except StoreError:
        db.close()
        raise
    return db



def _sync_folder(folder: Path) -> None:
    """fsync a folder, so a rename into it survives a power cut."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
