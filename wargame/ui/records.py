"""What the game screen gathers while a turn is adjudicated, for the adjudication screen."""

from __future__ import annotations

from attrs import define, field

from ..engine import Event


@define
class AdjudicationRecord:
    """The events from the reveal to the end of adjudication, and the tracks at the reveal."""

    turn: int
    card: str | None
    before: tuple[int, ...]
    events: list[Event] = field(factory=list)
