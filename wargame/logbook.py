"""The running log of a game as the table sees it: events and decisions, one line each.

Only public text goes in: sealed choices appear as "chose, sealed" and
a bot's reason for a sealed response waits for the reveal, so the log can be
shown to any seat in a hot-seat game.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from attrs import define, evolve, field, frozen

from . import replaying
from .engine import FACILITATOR, ROLES, Action, Event, GameState, Resolution, legal_actions
from .session import Session

WHO = {"tokyo": "Tokyo", "washington": "Washington", "beijing": "Beijing", "facilitator": "White cell", "chance": "Chance"}


@frozen
class LogEntry:
    turn: int
    actor: str
    kind: str
    text: str

    @property
    def who(self) -> str:
        return WHO.get(self.actor, "")


@define
class Logbook:
    entries: list[LogEntry] = field(factory=list)
    #: each person's latest policy outcome and the turn it was taken: the board shows it through the next turn
    policy_outcomes: dict[str, tuple[int, Resolution]] = field(factory=dict)

    def add(self, turn: int, actor: str, kind: str, text: str) -> None:
        self.entries.append(LogEntry(turn, actor, kind, text))

    def add_events(self, turn: int, events: list[Event], *, next_turn: int | None = None, skip: tuple[str, ...] = ()) -> None:
        """Log events made at `turn`; from a "turn" event on, they belong to `next_turn`."""
        for event in events:
            if event.kind == "turn" and next_turn is not None:
                turn = next_turn
            if event.kind not in skip:
                self.add(turn, event.actor, event.kind, event.text)

    def tail(self, count: int) -> list[LogEntry]:
        return self.entries[-count:] if count > 0 else []

    def __len__(self) -> int:
        return len(self.entries)


def sealed_move(kind: str) -> str:
    """A bot's sealed response as the table sees it: short, so its ticker line fits at 80 columns."""
    return f"chose, sealed ({kind} bot)"


def record(log: Logbook, seats: Mapping[str, str], before: GameState, after: GameState, action: Action, events: Sequence[Event], reason: str) -> None:
    """Log one decision as the table may know it.

    A bot's sealed response stays sealed ("chose, sealed"), its policy
    comes with the bot's reason, and an injected card stays the white
    cell's until it comes into play.
    """
    skip: tuple[str, ...] = ()
    for event in events:  # a person's policy resolves at once: its outcome stays on the board a turn
        res = event.resolution
        if isinstance(res, Resolution) and res.kind == "policy" and seats.get(res.role) == "human":
            log.policy_outcomes[res.role] = (before.turn, res)
    if action.actor in ROLES and seats.get(action.actor) != "human":
        kind = seats.get(action.actor, "bot")
        if action.kind == "respond":
            log.add(before.turn, action.actor, "move", sealed_move(kind))
            skip = ("sealed",)
        else:
            log.add(before.turn, action.actor, "move", f"{action.label or action.choice} ({kind} bot: {reason})")
            skip = ("policy",)
    if action.kind == "inject" and events:
        events = [Event("inject", "The white cell schedules an inject", FACILITATOR), *public(events[1:])]
    else:
        events = public(events)
    log.add_events(before.turn, list(events), next_turn=after.turn, skip=skip)


#: how the line that puts a scheduled card in play begins, and goes on when the white cell injected it by hand
IN_PLAY = "Event card (from "
BY_HAND = IN_PLAY + "the facilitator): "


def public(events: Sequence[Event]) -> list[Event]:
    """The events the table may read: not the white cell's MSEL bookkeeping.

    Which inject fired, was delayed or skipped, or does not fire, and the
    white cell's reason for it, are the white cell's script; the table
    learns of an inject when its card comes into play, not its name, and
    not as the white cell's line (a game without one plays its injects too).
    """
    shown = []
    for e in events:
        if e.kind == "msel":
            continue
        if e.kind == "inject" and e.actor == FACILITATOR and not e.text.startswith(BY_HAND):
            # "Event card (from inject <id>): <title>": the scenario's, in any game
            e = evolve(e, text="Event card (from the scenario's script): " + e.text.split("): ", 1)[1], actor="")
        shown.append(e)
    return shown


def replayed(session: Session) -> Logbook:
    """The running log of a resumed (or branched) game, rebuilt by replaying its decisions.

    A saved action keeps no label, so each is labelled as the rules named it
    when it was open. If the log cannot be replayed, the log says so.
    """
    log = Logbook()
    steps = replaying.replay(session.deck, session.log, seed=session.seed, seats=session.seats, mode=session.mode, turns=session.turns)
    try:
        for step in steps:
            if step.decision is None or step.before is None:  # the opening
                log.add_events(1, list(step.events))
                continue
            action = step.decision.action
            if not action.label:
                named = next((a for a in legal_actions(step.before, action.actor) if (a.kind, a.choice) == (action.kind, action.choice)), None)
                if named is not None and named.label:
                    action = evolve(action, label=named.label)
            record(log, session.seats, step.before, step.after, action, step.events, step.decision.action.rationale)
    except Exception as err:  # noqa: BLE001 - a log that cannot be rebuilt must not stop the game
        err = err.error if isinstance(err, replaying.StepFailed) else err
        log = Logbook()
        log.add(session.state.turn, "", "resume", f"The log before this point could not be rebuilt ({type(err).__name__}: {err})")
    if session.parent and session.branched_at == len(session.log):
        log.add(session.state.turn, "", "resume", f"A new game branched from {session.parent} after {len(session.log)} decisions")
    else:
        log.add(session.state.turn, "", "resume", f"Resumed after {len(session.log)} decisions")
    return log
