"""Inject an event card: which card, on which turn (now or later), and why."""

from __future__ import annotations

from ...engine import FACILITATOR, Action, GameState
from ..safe import Text
from ..whitecell import next_event_turn
from .decision import DecisionDialog, NumberField


class InjectDialog(DecisionDialog):
    """Any card of the deck, scheduled for this turn's event (now) or a later turn up to the last."""

    def __init__(self, state: GameState) -> None:
        self.cards = list(state.deck.cards)
        first = next_event_turn(state)
        choices = []
        for card in self.cards:
            label = Text(card.title)
            label.append(f"  {card.id}", style="dim")
            if card.id == state.card:
                label.append(" · in play", style="italic")
            elif card.id in state.drawn:
                label.append(" · drawn before", style="italic")
            choices.append(label)
        now = "this turn's event" if first == state.turn else "the next turn's event"
        detail = Text(f"Turn {first} is {now}: the card comes into play then instead of a draw.")
        super().__init__(
            "Inject an event card",
            detail,
            choices=choices,
            number=NumberField(f"Turn ({first}..{state.last_turn}): ", first, first, state.last_turn),
            reason_prompt="Reason (optional): why this card, why then",
        )

    def decide(self, index: int | None, number: int | None, reason: str) -> Action | str:
        assert index is not None and number is not None
        return Action(FACILITATOR, "inject", self.cards[index].id, number, rationale=reason)
