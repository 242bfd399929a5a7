"""The one rule that turns a decision log into states: replay, and the checkpoints between turns.

Saves, the report, the running log, simulation's saves and the replay
screen all read a game through `replay`, so there is one place that loops
over a decision log applying actions, and one (`checkpoint_after`) that
says where a checkpoint goes and what it holds.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping

from attrs import frozen

from .engine import ROLES, Action, Event, GameState, apply, legal_actions, new_game, state_hash
from .engine.model import Deck


@frozen
class Decision:
    """One entry of the decision log."""

    seq: int
    turn: int
    phase: str
    action: Action  # carries the rationale
    time: str = ""

    @property
    def actor(self) -> str:
        return self.action.actor


@frozen
class Checkpoint:
    """The state hash after decision `seq`, the last decision of turn `turn`; a save checks it on load."""

    seq: int
    turn: int
    hash: str


def ends_turn(before: GameState, after: GameState) -> bool:
    """Whether a decision closes a turn (or the game), which is where a checkpoint goes."""
    return after.turn != before.turn or (after.over and not before.over)


def checkpoint_after(seq: int, before: GameState, after: GameState, digest: str = "") -> Checkpoint | None:
    """The checkpoint decision `seq` leaves, if it closes a turn (`digest` when the hash is known)."""
    if not ends_turn(before, after):
        return None
    return Checkpoint(seq, before.turn, digest or state_hash(after))


@frozen
class Step:
    """One decision replayed: the state around it, its events, and what its actor was offered."""

    seq: int  # 0 for the opening of the game
    decision: Decision | None
    before: GameState | None
    after: GameState
    events: tuple[Event, ...]
    #: with `offered`, for a role's response or policy: every option offered, open or closed
    offered: tuple[Action, ...] = ()

    @property
    def action(self) -> Action | None:
        return self.decision.action if self.decision else None


class StepFailed(Exception):
    """A decision of the log does not apply to the state the log before it leads to."""

    def __init__(self, decision: Decision, state: GameState, error: Exception) -> None:
        super().__init__(f"decision {decision.seq} does not replay: {error}")
        self.decision = decision
        self.state = state  # the state it was applied to
        self.error = error


def replay(
    deck: Deck,
    decisions: Iterable[Decision],
    *,
    seed: int,
    seats: Mapping[str, str] | None = None,
    mode: str = "rigid",
    turns: int | None = None,
    scenario: str | None = None,
    offered: bool = False,
) -> Iterator[Step]:
    """The game from its start: the opening step (seq 0), then one step per decision.

    Starting the game raises the engine's ValueError; a decision that does
    not apply raises StepFailed (the steps before it have been yielded).
    """
    opening: list[Event] = []
    state = new_game(deck, seed=seed, scenario=scenario, seats=dict(seats or {}), mode=mode, turns=turns, events=opening)
    yield Step(0, None, None, state, tuple(opening))
    for decision in decisions:
        action = decision.action
        shown: tuple[Action, ...] = ()
        if offered and action.actor in ROLES and action.kind in ("respond", "policy"):
            shown = tuple(legal_actions(state, action.actor))
        try:
            after, events = apply(state, action)
        except Exception as err:  # noqa: BLE001 - every caller must learn which decision failed
            raise StepFailed(decision, state, err) from err
        yield Step(decision.seq, decision, state, after, tuple(events), shown)
        state = after
