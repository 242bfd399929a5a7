"""The game as the report sees it: outcomes, closed options, turns and the MSEL, read from one replay.

`reading.read_game` fills these in; the sections only read them, so every
section tells the same story of the game.
"""

from __future__ import annotations

from attrs import define, evolve, field, frozen

from ..engine import Event, GameState
from ..engine.model import Deck, Option
from ..engine.state import Resolution
from ..replaying import Step
from ..session import Session


@frozen
class Outcome:
    """How one response or policy was resolved, with the choice and rationale behind it."""

    seq: int  # the decision that chose it
    turn: int
    kind: str  # "response" or "policy"
    role: str
    choice: str
    option: Option | None
    rationale: str
    gate: str = ""
    odds: int | None = None
    roll: int | None = None
    ruled: str = ""
    success: bool = False
    override: str = ""
    settled: bool = True

    def settled_by(self, res: Resolution) -> Outcome:
        """The outcome as the engine's resolution settled it."""
        return evolve(
            self, gate=res.gate, odds=res.odds, roll=res.roll, ruled=res.ruled, success=res.success,
            override=res.override, settled=True,
        )


@frozen
class Closure:
    """An option a role was offered closed, with the engine's reason."""

    seq: int
    turn: int
    role: str
    kind: str  # "respond" or "policy"
    card: str  # the card in play, for a response
    choice: str
    label: str
    reason: str
    blocked_by: tuple[str, ...]
    option: Option | None

    @property
    def limit(self) -> str:
        """Which limit closed it: the legal ladder, public support, or another."""
        if "rung" in self.blocked_by:
            return "rung"
        if "support" in self.blocked_by:
            return "support"
        return "other"


@define
class Item:
    """Part of a turn's story: a decision and the events it caused in that turn."""

    step: Step
    events: list[Event]
    carried: bool = False  # the events that follow the previous turn's last decision


@define
class Segment:
    """A turn of the timeline (a turn taken up again after an undo gets a segment of its own)."""

    turn: int
    again: bool = False
    items: list[Item] = field(factory=list)
    card: str | None = None
    card_by: str = ""  # CHANCE, FACILITATOR or an inject id
    responses: tuple[Resolution, ...] = ()
    sealed: tuple[tuple[str, str, str], ...] = ()
    response_seqs: dict[str, int] = field(factory=dict)
    policies: list[Outcome] = field(factory=list)


@define
class MselRecord:
    """What became of one scheduled inject."""

    inject: str
    history: list[tuple[int, str]] = field(factory=list)  # (turn, what happened)
    played: list[int] = field(factory=list)  # turns its card was put in play


@define
class Game:
    """Everything the report needs, read from one replay."""

    session: Session
    steps: list[Step]
    segments: list[Segment]
    undone: dict[int, int]  # decision seq -> the undo that took it back
    policies: list[Outcome]
    closures: list[Closure]
    msel: dict[str, MselRecord]
    cited: list[str]  # the ids of the deck's sources the report cites, in the deck's order

    @property
    def deck(self) -> Deck:
        return self.session.deck

    @property
    def final(self) -> GameState:
        return self.steps[-1].after

    def segment_of_turn(self, turn: int) -> Segment | None:
        """The last segment of a turn (the one that stood, if the turn was taken up again)."""
        found = [s for s in self.segments if s.turn == turn]
        return found[-1] if found else None

    def response_outcomes(self, seg: Segment) -> list[Outcome]:
        """The responses to a segment's card, as finally adjudicated, in the card's order."""
        if not seg.card:
            return []
        card = self.deck.card(seg.card)
        rationale = {role: why for role, _, why in seg.sealed}
        return [
            Outcome(
                seg.response_seqs.get(res.role, 0), seg.turn, "response", res.role, res.option,
                card.response(res.role, res.option), rationale.get(res.role, ""),
            ).settled_by(res)
            for res in seg.responses
        ]

    def all_outcomes(self) -> list[Outcome]:
        """Every response (as finally adjudicated) and policy, in turn order."""
        outcomes: list[Outcome] = []
        for seg in self.segments:
            outcomes += self.response_outcomes(seg)
            outcomes += seg.policies
        return outcomes

    def missed(self, inject_id: str) -> bool:
        """Whether an inject's card can no longer come into play: the game is over, or it was skipped."""
        entry = next((e for e in self.final.msel if e.inject == inject_id), None)
        return self.final.over or (entry is not None and entry.status == "skipped")
