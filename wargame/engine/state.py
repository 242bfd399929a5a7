"""The game state: one frozen value, replaced (never changed) by `apply`."""

from __future__ import annotations

import hashlib
from typing import Any

from attrs import astuple, field, fields, frozen

from .model import Deck
from .scoring import running_scores
from .tracks import INSTITUTION_NAMES, ROLES, TRACKS, EndReason, Phase

HIDDEN = "?"  # a sealed choice another seat may not see


@frozen
class Resolution:
    """How one response or policy was resolved: gate, odds, roll, outcome."""

    kind: str  # "response" or "policy"
    role: str
    option: str
    gate: str = ""  # why the gate failed at adjudication; empty when it held
    odds: int | None = None
    roll: int | None = None
    ruled: str = ""  # the facilitator's reason, when the facilitator ruled
    success: bool = False
    override: str = ""  # the facilitator's reason, when overridden in review


@frozen
class Snapshot:
    """Tracks, flags and institutions at the reveal, so review can recompute."""

    values: tuple[int, ...]
    flags: tuple[str, ...]
    institutions: tuple[tuple[str, Any], ...]
    war_by: tuple[tuple[str, str, str, str], ...]
    seats: tuple[int, ...]


@frozen
class MselEntry:
    inject: str
    due: int
    status: str = "pending"  # pending, fired, skipped


@frozen(slots=False)
class GameState:
    """The whole position. Not slotted, so `replacing.replace` can copy its `__dict__` (the hot path of every move)."""

    deck: Deck = field(eq=False, repr=False)
    seed: int
    mode: str
    facilitated: bool
    last_turn: int
    turn: int
    phase: Phase
    values: tuple[int, ...]
    institution_values: tuple[tuple[str, Any], ...]
    flags: tuple[str, ...] = ()
    card: str | None = None
    sealed: tuple[tuple[str, str, str], ...] = ()  # (role, response id, rationale)
    queue: tuple[tuple[str, str, str], ...] = ()  # (kind, role, option id) still to resolve
    resolutions: tuple[Resolution, ...] = ()
    before: Snapshot | None = None
    track_overrides: tuple[tuple[str, int], ...] = ()
    acted: tuple[str, ...] = ()
    drawn: tuple[str, ...] = ()
    scheduled: tuple[tuple[int, str, str], ...] = ()  # (turn, card id, source)
    msel: tuple[MselEntry, ...] = ()
    low_approval_turns: int = 0
    #: the Diet: (lower size, lead seats, partner seats, upper size, lead seats, partner seats)
    seats: tuple[int, ...] = ()
    #: standing policies taken: (role, policy id, times, last turn)
    used: tuple[tuple[str, str, int, int], ...] = ()
    #: elections held, by id
    elections_held: tuple[str, ...] = ()
    paused: bool = False
    checkpoint: GameState | None = field(default=None, repr=False)
    history: tuple[tuple[int, ...], ...] = ()
    seq: int = 0
    end_reason: EndReason | None = None
    #: the step that reached armed conflict: (kind, role, option id, card of a response) of the option that took it
    war_by: tuple[tuple[str, str, str, str], ...] = ()
    final_scores: tuple[tuple[str, int], ...] = ()

    @property
    def over(self) -> bool:
        return self.end_reason is not None

    @property
    def tracks(self) -> dict[str, int]:
        return dict(zip(TRACKS, self.values))

    @property
    def institutions(self) -> dict[str, Any]:
        return dict(self.institution_values)

    def track(self, name: str) -> int:
        return self.values[TRACKS.index(name)]

    def institution(self, name: str) -> Any:
        return self.institution_values[INSTITUTION_NAMES.index(name)][1]

    @property
    def scores(self) -> dict[str, int]:
        """Final scores once over; the running scores before that."""
        if self.final_scores:
            return dict(self.final_scores)
        return running_scores(self)

    @property
    def winner(self) -> str | None:
        if not self.over:
            return None
        scores = self.scores
        best = max(scores.values())
        leaders = [r for r in ROLES if scores[r] == best]
        return leaders[0] if len(leaders) == 1 else None

    @property
    def war_roles(self) -> tuple[str, ...]:
        """The capitals whose options took the step to armed conflict."""
        return tuple(dict.fromkeys(entry[1] for entry in self.war_by))

    def sealed_by(self, role: str) -> tuple[str, str] | None:
        for who, choice, rationale in self.sealed:
            if who == role:
                return choice, rationale
        return None


def state_hash(state: GameState) -> str:
    """A digest of everything that decides the game's future.

    Built from tuples of ints, strings, bools and None, whose `repr` does not
    depend on the process or on PYTHONHASHSEED.
    """
    body = astuple(state, filter=lambda a, _v: a.name not in ("deck", "checkpoint"))
    parts = (state.deck.id, state.deck.content_hash, body, state_hash(state.checkpoint) if state.checkpoint else "")
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()
