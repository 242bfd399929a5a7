"""Starting an exercise from its `--data` folder: a new one from a plan, or the one there rebuilt from its store.

A restarted server trusts nothing but the store: its decisions are replayed
through `wargame.replaying` (each checked where it was recorded), the game
resumes after the last one, and the TOML save is written again from them,
so it holds every accepted decision even when the server was killed
between the store's commit and the save.
"""

from __future__ import annotations

from typing import Iterable

from attrs import define, frozen

from .. import __version__, replaying, saves
from ..decks import DeckError
from ..engine import FACILITATOR, ROLES, IllegalAction
from ..engine.model import Deck
from ..logbook import Logbook, replayed
from ..saves import cached_deck, deck_source
from ..session import Session
from .codes import Codebook, observer_holders, seat_of
from .exercise import Exercise
from .folder import DataFolder
from .protocol import OBSERVER
from .store import Countdown, Header, Store, StoreError


@frozen
class Plan:
    """A new exercise's choices (a folder that holds an exercise already resumes it instead)."""

    deck: Deck
    seed: int
    seats: dict[str, str]
    mode: str = "rigid"
    turns: int | None = None
    name: str = ""
    observers: int = 1


@define
class Opened:
    """An exercise ready to serve: built outside the event loop, made an `Exercise` inside it."""

    folder: DataFolder
    session: Session
    store: Store
    codes: Codebook
    table_log: Logbook
    white_log: Logbook
    resumed: bool
    #: codes to hand out now, by holder: all of them for a new exercise; for a resumed one, those reissued
    new_codes: dict[str, str]
    countdown: Countdown | None = None

    def exercise(self, *, pace: float) -> Exercise:
        """The exercise (inside the running event loop), its countdown picked up if the game is still in its phase."""
        exercise = Exercise(self.session, self.store, self.codes, pace=pace, table_log=self.table_log, white_log=self.white_log)
        state = self.session.state
        if self.countdown is not None and (self.countdown.turn, self.countdown.phase) == (state.turn, state.phase):
            exercise.timer.resume(self.countdown)
        return exercise


def holders_for(seats: dict[str, str], observers: int) -> tuple[str, ...]:
    """Who gets a code: each capital played by people, the white cell, and the observers."""
    return (*(r for r in ROLES if seats.get(r) == "human"), FACILITATOR, *observer_holders(observers))


def open_exercise(folder: DataFolder, plan: Plan | None, *, reissue: Iterable[str] = ()) -> Opened:
    """The exercise in `folder` (resumed), else a new one from `plan`; StoreError (or SaveError) naming the file if not."""
    folder.prepare()
    if folder.holds_exercise:
        opened = _resume(folder)
    elif plan is None:
        raise StoreError(folder.store, "no exercise here yet: give a scenario or a deck to start one")
    elif folder.save.exists():
        raise StoreError(folder.save, "a save is here but no store: move the save away to start a new exercise in this folder (wargame resume plays it on)")
    else:
        opened = _create(folder, plan)
    for holder in reissue:
        if holder not in opened.codes.entries:
            raise StoreError(folder.store, f"--reissue {holder}: no seat of this exercise holds a code by that name (use {', '.join(opened.codes.holders())})")
        code, entry = opened.codes.issue(holder)
        opened.store.put_code(entry)
        opened.new_codes[holder] = code
    saves.save(opened.session)
    return opened


def _create(folder: DataFolder, plan: Plan) -> Opened:
    session = Session.new(plan.deck, seed=plan.seed, seats=plan.seats, mode=plan.mode, turns=plan.turns, save_path=folder.save, name=plan.name)
    codes = Codebook()
    new_codes = {holder: codes.issue(holder)[0] for holder in holders_for(session.seats, plan.observers)}
    header = Header(
        engine=__version__,
        name=session.name,
        created=session.created,
        deck=plan.deck.id,
        deck_hash=plan.deck.content_hash,
        deck_source=deck_source(plan.deck),
        seed=session.seed,
        mode=session.mode,
        turns=session.turns,
        seats=dict(session.seats),
    )
    store = Store.create(folder.store, header, codes.entries.values())
    table, white = Logbook(), Logbook()
    table.add_events(1, list(session.opening))
    white.add_events(1, list(session.opening))
    return Opened(folder, session, store, codes, table, white, False, new_codes)


def _resume(folder: DataFolder) -> Opened:
    store = Store.open(folder.store)
    try:
        header = store.header()
        deck = _deck(store, header)
        decisions = store.decisions()
        session, white = _rebuild(store, header, deck, decisions)
        session.save_path = folder.save
        session.messages = store.messages()
        codes = Codebook.of(store.codes())
        new_codes = {}
        observers = 0 if any(seat_of(h) == OBSERVER for h in codes.entries) else 1
        for holder in holders_for(header.seats, observers):
            if holder not in codes.entries:  # a seat without a code (an older or hand-made store): issue one now
                code, entry = codes.issue(holder)
                store.put_code(entry)
                new_codes[holder] = code
        countdown = store.countdown()
    except StoreError:
        store.close()
        raise
    return Opened(folder, session, store, codes, replayed(session), white, True, new_codes, countdown)


def _deck(store: Store, header: Header) -> Deck:
    try:
        deck = cached_deck(header.deck_source)
    except DeckError as err:
        raise StoreError(store.path, f"cannot load its deck '{header.deck}' from {header.deck_source}: {err}") from None
    if deck.content_hash != header.deck_hash or deck.id != header.deck:
        raise StoreError(store.path, f"its deck '{header.deck}' ({header.deck_source}) has changed since the exercise began: serve it with the deck it began with")
    return deck


def _rebuild(store: Store, header: Header, deck: Deck, decisions: list[replaying.Decision]) -> tuple[Session, Logbook]:
    """The session after every stored decision, replayed and checked; and the white cell's log of it."""
    white = Logbook()
    steps = replaying.replay(deck, decisions, seed=header.seed, seats=header.seats, mode=header.mode, turns=header.turns)
    checkpoints = []
    try:
        start = next(steps)
        white.add_events(1, list(start.events))
        state = start.after
        for step in steps:
            d = step.decision
            assert d is not None and step.before is not None
            if (d.turn, d.phase) != (step.before.turn, step.before.phase):
                raise StoreError(store.path, f"decision {d.seq} was recorded at turn {d.turn} ({d.phase}) but replays at turn {step.before.turn} ({step.before.phase})")
            checkpoint = replaying.checkpoint_after(d.seq, step.before, step.after)
            if checkpoint is not None:
                checkpoints.append(checkpoint)
            white.add_events(step.before.turn, list(step.events), next_turn=step.after.turn)
            state = step.after
    except ValueError as err:
        raise StoreError(store.path, f"cannot start its game again: {err}") from None
    except replaying.StepFailed as failed:
        reason = failed.error.reason if isinstance(failed.error, IllegalAction) else f"{type(failed.error).__name__}: {failed.error}"
        raise StoreError(store.path, f"decision {failed.decision.seq} does not replay: {reason}") from None
    white.add(state.turn, "", "resume", f"The server started again after {len(decisions)} decisions")
    session = Session(
        deck=deck,
        seats=dict(header.seats),
        seed=header.seed,
        mode=header.mode,
        turns=header.turns,
        state=state,
        log=list(decisions),
        name=header.name,
        created=header.created,
        checkpoints=checkpoints,
        opening=tuple(start.events),
    )
    return session, white
