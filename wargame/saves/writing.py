"""Writing saves: the header and decision log rendered as TOML, written atomically, after every decision.

A save is the record of a game: who sat where, which deck (with its content
hash), the seed, and every decision in order with its rationale, with a
checkpoint (the state hash) after each turn, then the white cell's messages
to the table, if it sent any. `Autosave` is registered as a
session observer when this module is imported, which `wargame.saves` does.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import tomli_w

from .. import __version__
from ..engine import state_hash
from ..messaging import Message
from ..replaying import Checkpoint, Decision
from ..session import OBSERVER_FACTORIES, Session, clean_text, now_iso
from ..text import clean_typed
from .errors import SaveError
from .locations import deck_source
from .migrations import FORMAT

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
    """One `[[checkpoint]]` table: the state hash after the last decision of a turn."""
    return f"[[checkpoint]]\nseq = {c.seq}\nturn = {c.turn}\nhash = {toml_string(c.hash)}\n\n"


def render_message(m: Message) -> str:
    """One `[[message]]` table: what the white cell told the table, after how many decisions (optional, never replayed)."""
    out = f"[[message]]\nafter = {m.after}\nto = {toml_string(m.to)}\ntext = {toml_string(clean_text(m.text))}\n"
    if m.time:
        out += f"time = {toml_string(m.time)}\n"
    return out + "\n"


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


class RenderedLog:
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


def render(session: Session, *, updated: str | None = None, cache: RenderedLog | None = None) -> str:
    """The whole save of a session as TOML text (`cache` keeps the log rendered between saves)."""
    body = (cache or RenderedLog()).update(session)
    messages = "".join(render_message(m) for m in session.messages)
    return tomli_w.dumps(header(session, updated or now_iso())) + "\n" + body + messages


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


def save(session: Session, path: str | os.PathLike[str] | None = None, *, cache: RenderedLog | None = None) -> Path:
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


def autosave(session: Session, cache: RenderedLog | None = None) -> None:
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
        self.cache = RenderedLog()

    def __call__(self, session: Session, decision: Decision) -> None:
        if session.save_path is not None:
            autosave(session, self.cache)


#: every session made from here on autosaves (see `wargame.session.OBSERVER_FACTORIES`)
OBSERVER_FACTORIES.append(Autosave)
