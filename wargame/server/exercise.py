"""An exercise on the server: one Session, its store, one decision at a time, and what each seat hears of it.

The engine is the only authority: a decision is applied by `Session.act`
(so by `engine.apply`), under one asyncio lock, and the store is the
session's first observer, so a decision is committed to the store before
the TOML autosave, and both before any seat is told. Chance and the bots
are played here too, paced, from views. Nothing in this module knows of
sockets: it publishes messages by seat to an `Audience` (the hub).
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any, Protocol

from attrs import frozen

from ..engine import CHANCE, FACILITATOR, ROLES, Action, GameState, IllegalAction, chance_action, to_move, view
from ..engine.actions import ACTION_KINDS, action_kind
from ..logbook import Logbook, record
from ..replaying import Decision
from ..saves import Autosave, autosave
from ..session import Session
from . import protocol as p
from .codes import Codebook, seat_of
from .countdown import PhaseTimer
from .store import Countdown, Store, StoreError
from .wire import board, decision_data, entry_data, legal, message_data


class Audience(Protocol):
    """Whoever delivers what the exercise says: the hub, by seat."""

    def publish(self, seat: str, message: dict[str, Any]) -> None: ...

    def present(self) -> list[str]: ...


class Nobody:
    """The audience before the hub takes over (and in tests of the exercise alone)."""

    def publish(self, seat: str, message: dict[str, Any]) -> None:
        pass

    def present(self) -> list[str]:
        return []


@frozen
class Reply:
    """The answer to one request: the message for its sender, and whether a full sync must follow (a stale decision)."""

    message: dict[str, Any]
    stale: bool = False


def accepted(request: dict[str, Any], **extra: Any) -> Reply:
    return Reply({"type": p.ACCEPTED, "id": request.get("id"), "request": request.get("type"), **extra})


def refused(request: dict[str, Any], reason: str, *, stale: bool = False) -> Reply:
    return Reply({"type": p.REFUSED, "id": request.get("id"), "request": request.get("type"), "reason": reason, "stale": stale}, stale)


class StoreObserver:
    """The session's first observer: the decision is committed to the store (a StoreError stops `act` before the TOML)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, session: Session, decision: Decision) -> None:
        self.store.append(decision)


class Exercise:
    """The game on the server. Create it inside the event loop; `start` begins playing chance and the bots."""

    def __init__(self, session: Session, store: Store, codes: Codebook, *, pace: float, table_log: Logbook, white_log: Logbook) -> None:
        self.session = session
        self.store = store
        self.codes = codes
        self.pace = pace
        self.table_log = table_log  # the running log as the table may see it (logbook.record)
        self.white_log = white_log  # every event as the engine told it, for the white cell
        self.lock = asyncio.Lock()
        self.audience: Audience = Nobody()
        self.timer = PhaseTimer(self._expired)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        if not any(isinstance(o, StoreObserver) for o in session.observers):
            session.observers.insert(0, StoreObserver(store))

    @property
    def seq(self) -> int:
        return len(self.session.log)

    def seats_here(self) -> tuple[str, ...]:
        """Every seat a message may be for: the capitals, the white cell, the observers."""
        return (*ROLES, FACILITATOR, p.OBSERVER)

    # --- what a seat is sent ------------------------------------------------------------------

    def sync(self, seat: str) -> dict[str, Any]:
        """Everything the seat may know now, in one message."""
        state = self.session.state
        white = seat == FACILITATOR
        data: dict[str, Any] = {
            "type": p.SYNC,
            "seq": self.seq,
            "seat": seat,
            "board": board(state, seat),
            "legal": legal(state, seat),
            "log": [entry_data(e) for e in (self.white_log if white else self.table_log).entries],
            "messages": [message_data(m) for m in self.session.messages if m.reaches(seat)],
            "timer": self.timer.data(),
        }
        if white:
            data["decisions"] = [decision_data(d, seat) for d in self.session.log]
            data["status"] = self.status()
        return data

    def status(self) -> dict[str, Any]:
        """For the white cell: who has submitted in this phase, who is still to, who is connected."""
        state = self.session.state
        submitted = [r for r, _c, _w in state.sealed] if state.phase == "responses" else list(state.acted) if state.phase == "policy" else []
        return {
            "type": p.STATUS,
            "seq": self.seq,
            "turn": state.turn,
            "phase": state.phase,
            "submitted": submitted,
            "waiting": list(to_move(state)),
            "connected": self.audience.present(),
            "holders": list(self.codes.holders()),
            "seats": dict(self.session.seats),
        }

    def publish_status(self) -> None:
        self.audience.publish(FACILITATOR, self.status())

    def notice(self, text: str) -> None:
        """Tell the white cell (and the server's operator) something the game itself does not say."""
        print(f"wargame serve: {text}", file=sys.stderr, flush=True)
        self.audience.publish(FACILITATOR, {"type": p.NOTICE, "text": text})

    # --- decisions ------------------------------------------------------------------------

    async def decide(self, seat: str, request: dict[str, Any]) -> Reply:
        """A seat's decision: refused (with the engine's reason, or as stale) or taken, recorded and told to everyone."""
        try:
            at = p.int_field(request, "at")
            action = self._action(seat, request)
        except p.ProtocolError as err:
            return refused(request, str(err))
        async with self.lock:
            if self._stale(action.actor, at):
                return refused(request, f"the game has moved on since decision {at} (it is after decision {self.seq} now): here is where it stands", stale=True)
            try:
                self._take(action)
            except IllegalAction as err:
                return refused(request, err.reason)
            except StoreError as err:
                self.notice(f"a decision could not be recorded, so it was not taken: {err}")
                return refused(request, "the server could not record the decision, so it was not taken; the white cell has been told")
            seq = self.seq
        self._wake.set()
        return accepted(request, seq=seq)

    def _action(self, seat: str, request: dict[str, Any]) -> Action:
        """The action a decision message names, for the seat that sent it (ProtocolError if it cannot be one)."""
        if seat == p.OBSERVER:
            raise p.ProtocolError("an observer cannot take decisions")
        if seat in ROLES and self.session.seats.get(seat) != "human":
            raise p.ProtocolError(f"{seat} is played by a bot here")
        body = request.get("action")
        if not isinstance(body, dict):
            raise p.ProtocolError('"action" must be an object with a "kind"')
        actor = p.text_field(body, "actor", limit=20, default=seat)
        if actor != seat:
            raise p.ProtocolError(f"you sit as {seat}: you cannot decide for {actor}")
        kind = p.text_field(body, "kind", limit=20)
        if kind not in ACTION_KINDS:
            raise p.ProtocolError(f"unknown action kind {kind!r}")
        choice = p.text_field(body, "choice", limit=200, default="")
        value = p.int_field(body, "value", default=0)
        rationale = p.text_field(request, "rationale", limit=p.MAX_RATIONALE_CHARS, default="")
        return Action(seat, action_kind(kind), choice, value, rationale=rationale)

    def _stale(self, actor: str, at: int) -> bool:
        """A decision for a position already past: anything happened since `at` other than another capital
        sealing a response (responses are chosen at once, so those do not change what the seat chose from)."""
        if at == self.seq:
            return False
        if not 0 <= at < self.seq:
            return True
        return any(d.action.kind != "respond" or d.actor == actor for d in self.session.log[at:])

    def _take(self, action: Action) -> None:
        """Apply, record and tell (under the lock). The session is left as it was if the store refuses the decision."""
        session = self.session
        before, logged, checked = session.state, len(session.log), len(session.checkpoints)
        try:
            events = session.act(action)
        except StoreError:
            session.state = before
            del session.log[logged:]
            del session.checkpoints[checked:]
            raise
        decision, after = session.log[-1], session.state
        if session.save_error:
            self.notice(f"the save could not be written ({session.save_error}); the store still holds every decision")
        table, white = Logbook(), Logbook()
        record(table, session.seats, before, after, action, events, action.rationale)
        white.add_events(before.turn, events, next_turn=after.turn)
        self.table_log.entries += table.entries
        self.white_log.entries += white.entries
        if self.timer.outlived(after):
            self.set_countdown(None)
        for seat in self.seats_here():
            entries = white.entries if seat == FACILITATOR else table.entries
            self.audience.publish(seat, {
                "type": p.UPDATE,
                "seq": self.seq,
                "decision": decision_data(decision, seat),
                "log": [entry_data(e) for e in entries],
                "board": board(after, seat),
                "legal": legal(after, seat),
                "timer": self.timer.data(),
            })
        self.publish_status()

    # --- chance and the bots --------------------------------------------------------------

    def start(self) -> None:
        """Begin playing chance and the bots (whenever a person's decision leaves them to move)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._automatic())
            self._wake.set()

    async def stop(self) -> None:
        self.timer.stop()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def _automatic_mover(self, state: GameState) -> str | None:
        for actor in to_move(state):
            if actor == CHANCE or (actor != FACILITATOR and not self.session.is_human(actor)):
                return actor
        return None

    async def _automatic(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._play_automatic()

    async def _play_automatic(self) -> None:
        """Chance and bot moves, one at a time, until a person must decide. A bot thinks outside the lock."""
        while True:
            async with self.lock:
                state = self.session.state
                mover = self._automatic_mover(state)
                if mover is None:
                    return
                if mover == CHANCE:
                    if not self._take_automatic(chance_action(state), "chance"):
                        return
                    continue
            try:
                action, _reason = await asyncio.to_thread(self.session.bot(mover).choose, view(state, mover), mover)
            except Exception as err:  # noqa: BLE001 - a failing bot must not stop the server: the white cell is told
                self.notice(f"the {self.session.seats[mover]} bot for {mover} failed ({type(err).__name__}: {err}); its seat waits")
                return
            async with self.lock:
                if self.session.state is not state:
                    continue  # the white cell moved meanwhile: think again
                if not self._take_automatic(action, mover):
                    return
            if self.pace:
                await asyncio.sleep(self.pace)

    def _take_automatic(self, action: Action, who: str) -> bool:
        try:
            self._take(action)
        except (IllegalAction, StoreError) as err:
            self.notice(f"the move of {who} could not be taken ({err}); the game waits")
            return False
        return True

    # --- the countdown ----------------------------------------------------------------------

    def set_countdown(self, countdown: Countdown | None) -> None:
        """Keep the countdown (None: stopped) in the store and show it to every seat."""
        if countdown is None:
            self.timer.stop()
        try:
            self.store.set_countdown(countdown)
        except StoreError as err:
            self.notice(f"the countdown could not be recorded ({err}); a restart would lose it")
        for seat in self.seats_here():
            self.audience.publish(seat, {"type": p.TIMER, "timer": self.timer.data()})

    def _expired(self) -> None:
        """The countdown ran out: everyone sees it at zero; the white cell is told who has not decided. Nobody decides."""
        state = self.session.state
        for seat in self.seats_here():
            self.audience.publish(seat, {"type": p.TIMER, "timer": self.timer.data()})
        waiting = [a for a in to_move(state) if a != CHANCE]
        who = ", ".join(waiting) if waiting else "nobody"
        self.notice(f"time is up for turn {state.turn} ({state.phase.replace('_', ' ')}): still to decide: {who}")

    def save_now(self) -> None:
        """Write the TOML save now (after a message: decisions are saved by the autosave observer)."""
        cache = next((o.cache for o in self.session.observers if isinstance(o, Autosave)), None)
        if self.session.save_path is not None:
            autosave(self.session, cache)
            if self.session.save_error:
                self.notice(f"the save could not be written ({self.session.save_error}); the store still holds everything")

    def knows(self, holder: str) -> bool:
        return holder in self.codes.entries

    def seat_of(self, holder: str) -> str:
        return seat_of(holder)

