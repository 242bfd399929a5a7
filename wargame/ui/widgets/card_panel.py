"""The event card in play: title, text, sources, and whose choices are sealed."""

from __future__ import annotations

from textual.widgets import Static

from ...engine import HIDDEN, GameState
from ...engine.tracks import ROLE_NAMES
from ..safe import Text


def sources_text(state: GameState, ids: tuple[str, ...]) -> str:
    cites = []
    for source_id in ids:
        source = state.deck.source(source_id)
        cites.append(source.cite if source else source_id)
    return "; ".join(cites)


class CardPanel(Static):
    """Deck text is shown literally (rich Text), so brackets in a card never style it."""

    def show(self, state: GameState, seat: str | None, *, full: bool = False) -> None:
        """The card in play; in the policy phase its title only, unless `full` (the whole card, on request)."""
        text = Text()
        if state.card is None:
            text.append("No event card in play", style="bold")
            if state.phase == "policy":
                text.append("\nPolicy phase: each capital takes one standing action or holds.")
            self.update(text)
            return
        card = state.deck.card(state.card)
        if state.phase == "policy":
            text.append("Policy phase ", style="bold reverse")
            text.append(" one standing action, or hold\n", style="italic")
            text.append("This turn's event: ", style="dim")
            if not full:
                text.append(card.title, style="dim")
                self.update(text)
                return
        text.append(card.title, style="bold")
        when = " · ".join(x for x in (card.date or "", f"case {card.case}" if card.case else "") if x)
        if when:
            text.append(f"  ({when})", style="dim")
        text.append("\n" + card.text.strip() + "\n")
        if full and card.explain.strip():
            text.append(card.explain.strip() + "\n", style="italic")
        if card.sources:
            text.append("Sources: ", style="dim italic")
            text.append(sources_text(state, card.sources) + "\n", style="dim italic")
        addressed = ", ".join(ROLE_NAMES[r] for r in card.addresses)
        text.append(f"Addresses: {addressed}", style="dim")
        if state.phase == "responses" and state.sealed:
            text.append("\nSealed: ", style="bold")
            parts = []
            for role, choice, _why in state.sealed:
                if role == seat and choice != HIDDEN:
                    response = card.response(role, choice)
                    parts.append(f"{ROLE_NAMES[role]} (yours: {response.label if response else choice})")
                else:
                    parts.append(f"{ROLE_NAMES[role]} (hidden until the reveal)")
            text.append("; ".join(parts))
        self.update(text)
