"""The white cell's console in words: the decisions open now, the situation, what is coming, the table.

Plain functions of the full state (the facilitator's view), so they must
never feed a player's screen; the console (`ui/screens/facilitator.py`)
shows them. Deck and player text is returned inside rich Text, never as markup.
"""

from __future__ import annotations

from attrs import frozen

from ..engine import Action, GameState
from ..engine.tracks import ROLE_NAMES
from .safe import Text
from .whitecell import (
    MselRow,
    card_title,
    facilitator_actions,
    msel_rows,
    msel_status,
    msel_text,
    resolution_text,
    ruling_subject,
    ruling_text,
    waits_on_white_cell,
)

#: the decision each MSEL key takes on the highlighted inject
MSEL_KEYS = {"fire": "f", "delay": "d", "skip": "s"}


@frozen
class Command:
    """One line of the console's list: a decision open now (or closed, with the reason)."""

    kind: str
    label: Text
    action: Action | None = None
    allowed: bool = True
    reason: str = ""


def commands(state: GameState) -> list[Command]:
    """The decisions open to the white cell now, the one the game waits on first."""
    actions = facilitator_actions(state)

    def first(kind: str) -> Action | None:
        return next((a for a in actions if a.kind == kind), None)

    found: list[Command] = []
    resume = first("resume")
    if resume is not None:
        return [Command("resume", Text("Resume the game"), resume)]
    for action in actions:
        if action.kind in MSEL_KEYS:
            inject = next(i for i in state.deck.injects if i.id == action.choice)
            verb = {"fire": "Fire", "delay": "Delay", "skip": "Skip"}[action.kind]
            label = Text(f"{verb} inject {inject.id}: ")
            label.append(card_title(state, inject.card), style="italic")
            if action.kind == "delay":
                label.append(" (to next turn)")
            ellipsis = "" if action.kind == "fire" else "…"
            label.append(ellipsis)
            found.append(Command(action.kind, label, action, action.allowed, action.reason))
    subject = ruling_subject(state)
    if subject is not None:
        role, option = subject
        label = Text(f"Rule on {ROLE_NAMES.get(role, role)}: ")
        label.append(option.label if option else "?", style="italic")
        label.append("…")
        found.append(Command("rule", label))
    if first("accept") is not None:
        found.append(Command("accept", Text("Accept the adjudication…"), first("accept")))
        if first("override") is not None:
            found.append(Command("override", Text("Override an outcome…")))
        if first("set_track") is not None:
            found.append(Command("set_track", Text("Set a track…")))
    injects = [a for a in actions if a.kind == "inject"]
    if injects:
        open_ = any(a.allowed for a in injects)
        found.append(Command("inject", Text("Inject an event card, now or for a later turn…"), None, open_, "" if open_ else injects[0].reason))
    pause = first("pause")
    if pause is not None:
        found.append(Command("pause", Text("Pause the game…"), pause))
    undo = first("undo")
    if undo is not None:
        back = state.checkpoint.turn if state.checkpoint is not None else None
        text = f"Undo to the reveal of turn {back}…" if back is not None else "Undo to the last reveal…"
        found.append(Command("undo", Text(text), undo, undo.allowed, undo.reason))
    return found


def waiting_text(state: GameState) -> str:
    """What the game waits on the white cell for, in a line; empty when it does not."""
    if not waits_on_white_cell(state):
        return ""
    if state.paused:
        return "the game is paused: resume it to play on"
    if state.phase == "turn_start":
        return "injects are due: fire, delay or skip each"
    if ruling_subject(state) is not None:
        return "a ruling the scenario leaves to the white cell"
    if state.phase == "review":
        return "the review: accept the adjudication, or override an outcome or a track first"
    return "a decision"


def sealed_text(state: GameState) -> Text:
    """Every capital's choice this turn with its rationale: sealed ones too (the white cell sees all)."""
    text = Text()
    if state.card is None:
        return text
    card = state.deck.card(state.card)
    if state.phase != "responses":
        return text
    chosen = {role: (choice, why) for role, choice, why in state.sealed}
    text.append("Sealed choices (each seat sees only its own)\n", style="bold")
    for role in card.addresses:
        text.append(f"  {ROLE_NAMES[role]}: ", style="bold")
        if role not in chosen:
            text.append("still choosing\n", style="italic")
            continue
        choice, why = chosen[role]
        response = card.response(role, choice)
        text.append(response.label if response else choice)
        if why:
            text.append(" · ", style="dim")
            text.append(why, style="italic")
        text.append("\n")
    text.rstrip()
    return text


def situation_text(state: GameState) -> Text:
    text = Text()
    waiting = waiting_text(state)
    if waiting:
        text.append("The game waits on the white cell: ", style="bold reverse")
        text.append(" " + waiting + "\n", style="bold")
    else:
        text.append("The table plays on: nothing waits on the white cell (Escape: back to the board)\n", style="italic")
    text.append("Event: ", style="bold")
    text.append(card_title(state, state.card) if state.card else "no event card in play")
    text.append("\n")
    sealed = sealed_text(state)
    if sealed.plain:
        text.append_text(sealed)
        text.append("\n")
    if state.phase == "review" and state.resolutions:
        text.append("Adjudicated this turn (under review)\n", style="bold")
        for res in state.resolutions:
            text.append("  • ")
            text.append_text(resolution_text(state, res))
            text.append("\n")
    if ruling_subject(state) is not None:
        text.append("Ruling asked for\n", style="bold")
        text.append_text(ruling_text(state))
        text.append("\n")
    due = [r for r in msel_rows(state) if r.status == "pending" and r.due <= state.turn]
    if due and state.phase == "turn_start":
        text.append("MSEL due now\n", style="bold")
        for row in due:
            text.append_text(msel_text(state, row))
            text.append("\n")
    coming = coming_text(state)
    if coming.plain:
        text.append("Coming: ", style="bold")
        text.append_text(coming)
    text.rstrip()
    return text


def coming_text(state: GameState) -> Text:
    """The next cards the white cell knows of: scheduled ones, then the next MSEL inject (the MSEL tab has all)."""
    parts = [(turn, f"T{turn} {card_title(state, card_id)}") for turn, card_id, _ in state.scheduled]
    later = [r for r in msel_rows(state) if r.status == "pending" and r.due > state.turn and r.due <= state.last_turn]
    if later:
        row = min(later, key=lambda r: r.due)
        parts.append((row.due, f"T{row.due} inject {row.inject.id}" + (" (must fire)" if row.inject.must_fire else "")))
    parts.sort(key=lambda part: part[0])  # in the order they come
    return Text("; ".join(text for _, text in parts), style="dim") if parts else Text()


def table_text(state: GameState) -> Text:
    """The card in play in full, every choice made, and what is left to resolve."""
    text = Text()
    if state.card is None:
        text.append("No event card in play", style="bold")
    else:
        card = state.deck.card(state.card)
        text.append(card.title, style="bold")
        text.append("\n" + card.text.strip())
        text.append("\nAddresses: " + ", ".join(ROLE_NAMES[r] for r in card.addresses), style="dim")
    sealed = sealed_text(state)
    if sealed.plain:
        text.append("\n")
        text.append_text(sealed)
    if state.resolutions:
        text.append("\nResolved this turn\n", style="bold")
        for res in state.resolutions:
            text.append("  • ")
            text.append_text(resolution_text(state, res))
            text.append("\n")
    if state.acted:
        text.append("\nStanding actions taken: " + ", ".join(ROLE_NAMES[r] for r in state.acted), style="dim")
    if state.checkpoint is not None:
        text.append(f"\nUndo would go back to the reveal of turn {state.checkpoint.turn}.", style="dim")
    text.rstrip()
    return text



def accept_text(state: GameState) -> Text:
    """The outcomes that stand if the white cell accepts the adjudication."""
    detail = Text("The outcomes stand as adjudicated:\n")
    for res in state.resolutions:
        detail.append("  • ")
        detail.append_text(resolution_text(state, res))
        detail.append("\n")
    detail.rstrip()
    return detail


def not_open_text(state: GameState, kind: str) -> str:
    """Why a decision of `kind` is not open now."""
    if state.paused:
        return "the game is paused: resume it first (p)"
    if kind in ("override", "set_track", "accept"):
        return "outcomes are reviewed after the adjudication, in semi-rigid games"
    if kind == "rule":
        return "no outcome waits on a ruling"
    return "not at this point of the turn"


def msel_refusal(state: GameState, row: MselRow) -> str:
    """Why the highlighted inject cannot be fired, delayed or skipped now."""
    status = msel_status(state, row)
    if row.status in ("fired", "skipped"):
        return f"inject {row.inject.id} has been {row.status}"
    if state.phase != "turn_start" or row.due > state.turn:
        return f"inject {row.inject.id} is {status}; the white cell fires, delays or skips an inject when its turn starts (i injects any card now)"
    return status


PAUSE_NOTE = "Nothing moves until the white cell resumes it (p). Escape shows the board to the table meanwhile."
UNDO_NOTE = (
    "The game goes back to the reveal: the rolls, rulings, reviews and standing actions since then are "
    "undone and played again. The log keeps them, and says so, with your reason."
)
