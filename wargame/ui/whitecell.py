"""What the white cell sees, in words: the MSEL, the outcomes under review, the ruling asked for.

Shared by the facilitator's console and its dialogs. Everything here reads
the full state (the facilitator's view), so it must never feed a player's
screen. Deck and player text is returned inside rich Text, never as markup.
"""

from __future__ import annotations

from attrs import frozen

from ..engine import FACILITATOR, Action, Event, GameState, legal_actions, to_move
from ..engine.adjudicate import odds_of
from ..engine.model import Inject, Option
from ..engine.state import Resolution
from ..engine.tracks import ROLE_NAMES
from .safe import Text


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)


def card_title(state: GameState, card_id: str) -> str:
    return state.deck.card(card_id).title if state.deck.has_card(card_id) else card_id


def next_event_turn(state: GameState) -> int:
    """The first turn whose event phase is still to come: an inject for it comes into play 'now'."""
    return state.turn if state.phase in ("turn_start", "event") else state.turn + 1


def facilitator_actions(state: GameState) -> list[Action]:
    """Every facilitator action now, open or closed (empty without a facilitator seat)."""
    return legal_actions(state, FACILITATOR)


def waits_on_white_cell(state: GameState) -> bool:
    return FACILITATOR in to_move(state)


# --- the resolutions under review -----------------------------------------------------------


def option_of_resolution(state: GameState, res: Resolution) -> Option | None:
    if res.kind == "response":
        return state.deck.card(state.card).response(res.role, res.option) if state.card else None
    return state.deck.policy(res.role, res.option)


def resolution_text(state: GameState, res: Resolution) -> Text:
    """'Tokyo: Defend the US ships with force: success (roll 34, needed 65 or less)', and any override."""
    option = option_of_resolution(state, res)
    text = Text()
    text.append(f"{role_name(res.role)}: ", style="bold")
    text.append(option.label if option else res.option)
    text.append(": ")
    text.append("success" if res.success else "failure", style="bold")
    if res.gate:
        how = f"gate failed: {res.gate}"
    elif res.override:
        how = "overridden"
    elif res.ruled:
        how = f"ruled: {res.ruled}"
    elif res.roll is not None:
        how = f"roll {res.roll}, needed {res.odds} or less"
    else:
        how = "certain"
    text.append(f" ({how})", style="dim")
    if res.override:
        text.append(" · override: ", style="italic")
        text.append(res.override, style="italic")
    return text


# --- the ruling asked for -------------------------------------------------------------------


def ruling_subject(state: GameState) -> tuple[str, Option | None] | None:
    """The role and option whose outcome waits on the facilitator's ruling, if one does."""
    if not state.queue or not any(a.kind == "rule" for a in facilitator_actions(state)):
        return None
    kind, role, option_id = state.queue[0]
    if kind == "response":
        option = state.deck.card(state.card).response(role, option_id) if state.card else None
    else:
        option = state.deck.policy(role, option_id)
    return role, option


def ruling_text(state: GameState) -> Text:
    subject = ruling_subject(state)
    text = Text()
    if subject is None:
        return text
    role, option = subject
    text.append(f"{role_name(role)}: ", style="bold")
    text.append(option.label if option else "?", style="bold")
    if option is not None:
        text.append("\n")
        text.append(option.explain, style="italic")
        odds = odds_of(option, state)
        text.append(f"\nBy the rules' odds: {'certain' if odds is None else f'{odds}%'}", style="dim")
    return text


# --- the undo ---------------------------------------------------------------------------------


def reveal_events(state: GameState) -> list[Event]:
    """The reveal of the position an undo goes back to, told again for the adjudication screen
    (the choices were public from that reveal on)."""
    if state.card is None:
        return []
    card = state.deck.card(state.card)
    chosen = {role: (choice, why) for role, choice, why in state.sealed}
    events = []
    for role in card.addresses:
        if role in chosen:
            choice, why = chosen[role]
            response = card.response(role, choice)
            text = f"{role_name(role)} chose: {response.label if response else choice}" + (f" (rationale: {why})" if why else "")
            events.append(Event("reveal", text, role))
    return events


# --- the MSEL -------------------------------------------------------------------------------


@frozen
class MselRow:
    """One inject of the MSEL as the white cell tracks it."""

    inject: Inject
    due: int
    status: str  # pending, fired, skipped

    @property
    def delayed(self) -> bool:
        return self.status == "pending" and self.due != self.inject.turn


def msel_rows(state: GameState) -> list[MselRow]:
    injects = {i.id: i for i in state.deck.injects}
    return [MselRow(injects[e.inject], e.due, e.status) for e in state.msel if e.inject in injects]


def msel_status(state: GameState, row: MselRow) -> str:
    if row.status == "fired":
        return "fired"
    if row.status == "skipped":
        return "skipped"
    if row.due > state.last_turn:
        return "pending, after the last turn"
    if row.due <= state.turn and state.phase == "turn_start":
        return "due now: fire, delay or skip"
    if row.due <= state.turn:
        return f"pending since turn {row.due}"
    return f"coming, turn {row.due}" + (f" (delayed from turn {row.inject.turn})" if row.delayed else "")


def msel_text(state: GameState, row: MselRow) -> Text:
    """An MSEL entry in full: turn, inject, card, must-fire, status, expected action, learning point."""
    text = Text()
    text.append(f"T{row.due:<2} ", style="bold")
    text.append(row.inject.id, style="bold")
    text.append(" · ")
    text.append(card_title(state, row.inject.card))
    if row.inject.must_fire:
        text.append(" · must fire", style="bold")
    text.append(f"\n    {msel_status(state, row)}", style="italic")
    if row.inject.expected:
        text.append("\n    expected: ", style="dim")
        text.append(row.inject.expected)
    if row.inject.learning:
        text.append("\n    learning point: ", style="dim")
        text.append(row.inject.learning)
    return text


def scheduled_text(state: GameState) -> Text:
    """Cards already scheduled to come into play (by an inject or by the white cell)."""
    text = Text()
    for turn, card_id, source in state.scheduled:
        by = "the white cell" if source == FACILITATOR else f"inject {source}"
        text.append(f"T{turn:<2} ", style="bold")
        text.append(card_title(state, card_id))
        text.append(f" (scheduled by {by})\n", style="dim")
    text.rstrip()
    return text
