"""The replay viewer in words: how each decision was named when it was taken, and what followed.

Plain functions of a replayed save (`wargame.saves.Replay`); the viewer
(`ui/screens/replay.py`) shows them. Save and player text goes inside rich
Text, never as markup.
"""

from __future__ import annotations

from .. import saves
from ..engine import GameState, legal_actions
from ..engine.actions import Action
from ..engine.tracks import ROLE_NAMES
from ..saves import Replay
from .game_text import phase_name
from .safe import Text

WHO = {**ROLE_NAMES, "facilitator": "White cell", "chance": "Chance"}


def action_label(before: GameState, action: Action) -> str:
    """How the game named an action when it was open: the response or policy label, the card title."""
    if action.kind == "draw" and before.deck.has_card(action.choice):
        return f"draws '{before.deck.card(action.choice).title}'"
    if action.kind == "roll":
        return f"rolls {action.value}"
    same = [a for a in legal_actions(before, action.actor) if (a.kind, a.choice) == (action.kind, action.choice)]
    exact = next((a for a in same if a.value == action.value), same[0] if same else None)
    label = exact.label if exact is not None and exact.label else saves.describe_action(action)
    if action.kind in ("set_track", "inject") and exact is not None:
        label += f" ({action.value})"
    return label


def where_text(replay: Replay, at: int, count: int) -> str:
    """The viewer's heading: which decision of `count`, and the turn and phase it was taken in,
    as the decision below names them; when the game ended with it, how it ended."""
    state = replay.states[at]
    if at == 0:
        return f"Decision 0 of {count} · turn {state.turn} of {state.last_turn} · {phase_name(state.phase)}"
    decision = replay.save.decisions[at - 1]
    where = f"Decision {at} of {count} · turn {decision.turn} of {state.last_turn} · {phase_name(decision.phase)}"
    if state.over:
        where += f" · game over ({(state.end_reason or '').replace('_', ' ')})"
    return where


def ask_label(what: str, at: int) -> Text:
    """What the input row asks for, and its keys (a branch's name comes prefilled, so it needs a label)."""
    text = Text()
    if what == "branch":
        text.append(f"Branch at decision {at}: the new game's name\n", style="bold")
        text.append("Enter: branch · Escape: cancel", style="dim")
    else:
        text.append("Jump to a turn: its number\n", style="bold")
        text.append("Enter: jump · Escape: cancel", style="dim")
    return text


def decision_text(replay: Replay, at: int, last: int, limit: int | None = None) -> Text:
    """The position after `at` decisions in words: who chose what and why, and what it made happen.

    `last` is the last position the viewer shows; `limit`, for a game in progress, where its replay stops."""
    text = Text()
    if at == 0:
        save = replay.save
        text.append("The start of the game\n", style="bold")
        text.append(f"{save.scenario}, seed {save.seed}, {save.mode}, {save.turns} turns\n")
        seats = ", ".join(f"{WHO.get(r, r)}: {k}" for r, k in save.seats.items())
        text.append(f"Seats: {seats}\n")
        if save.parent:
            text.append(f"Branched from {save.parent} after decision {save.branched_at}\n")
        if replay.opening:
            text.append("\nBefore the first decision\n", style="bold")
            for event in replay.opening:
                text.append("• ")
                text.append(event.text)
                text.append("\n")
        text.append("\n→ next decision · ] next turn · t jump to a turn · b branch from here", style="dim")
        return text
    decision = replay.save.decisions[at - 1]
    before = replay.states[at - 1]
    card = replay.states[at].card or before.card
    if card and before.deck.has_card(card):
        text.append(f"Card: {before.deck.card(card).title}\n", style="dim")
    text.append(f"{decision.seq}. ", style="bold")
    text.append(WHO.get(decision.actor, decision.actor), style="bold")
    text.append(f" {action_label(before, decision.action)}")
    text.append(f"  (turn {decision.turn}, {phase_name(decision.phase)})\n", style="dim")
    if decision.action.rationale:
        text.append("Rationale: ", style="italic")
        text.append(decision.action.rationale)
        text.append("\n")
    events = replay.events[at - 1]
    if events:
        text.append("\nWhat happened\n", style="bold")
        for event in events:
            text.append("• ")
            text.append(event.text)
            text.append("\n")
    if decision.time:
        text.append(f"\ntaken {decision.time.replace('T', ' ')}", style="dim")
    if limit is not None and at == last:
        text.append("\nThe game is in progress: its replay stops at the last reveal, before any sealed choice.", style="bold")
    if at == replay.applied and replay.divergence is not None:
        text.append(f"\nThe replay stops here: {replay.divergence.message(replay.save.path)}", style="bold red")
    text.rstrip()
    return text
