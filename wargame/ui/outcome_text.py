"""Outcomes in a line each: a player's own policy on the board, and the last turn's outcomes on the end screen.

A policy resolves at once and the turn ends straight after the policy phase,
so its outcome would otherwise be seen only in the ticker and the log; and
the game can end on that turn's end, before anyone has read it.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table

from ..engine import GameState, Resolution
from ..engine.adjudicate import outcome_words
from ..engine.model import Option
from ..engine.tracks import ROLE_NAMES, ROLES
from .safe import Text


def resolved_option(state: GameState, res: Resolution) -> Option | None:
    """The deck's option behind a resolution: a policy, or a response to the card in play (or, once the
    game is over and the card put away, to the latest card played that holds it)."""
    if res.kind == "policy":
        return state.deck.policy(res.role, res.option)
    cards = [state.card] if state.card else list(reversed(state.drawn))
    for card_id in cards:
        if card_id and state.deck.has_card(card_id):
            option = state.deck.card(card_id).response(res.role, res.option)
            if option is not None:
                return option
    return None


def outcome_line(state: GameState, res: Resolution) -> Text:
    """'Tokyo's policy: Cabinet decision — failure (roll 100, needed 60 or less)'."""
    option = resolved_option(state, res)
    label = option.label if option is not None else res.option
    who = ROLE_NAMES.get(res.role, res.role)
    text = Text()
    if res.kind == "clash":
        text.append(f"Unplanned clash after {who}'s {label}: ", style="bold")
        text.append("it happened" if res.success else "avoided", style="bold red" if res.success else "")
        detail = outcome_words(res).partition(" ")[2]
        if detail:
            text.append(f" {detail}", style="dim")
        return text
    text.append(f"{who}'s {'policy' if res.kind == 'policy' else 'response'}: ", style="bold")
    text.append(f"{label} — ")
    words = outcome_words(res)
    word, _, detail = words.partition(" ")
    text.append(word, style="bold green" if res.success else "bold red")
    if detail:
        text.append(f" {detail}", style="dim")
    return text


def own_policy_line(state: GameState, turn: int, res: Resolution) -> Text:
    """The board's line for the seat's own last policy, the outcome before the label so two lines
    at 80 columns always hold it: 'Your policy (turn 3) failed (roll 100 > 60): Cabinet decision'."""
    option = resolved_option(state, res)
    if res.gate:
        why = f"at its gate: {res.gate}"
    elif res.override:
        why = "(overridden by the facilitator)"
    elif res.ruled:
        why = "(ruled by the facilitator)"
    elif res.roll is not None and res.odds is not None:
        why = f"(roll {res.roll} {'≤' if res.roll <= res.odds else '>'} {res.odds})"
    else:
        why = ""
    text = Text()
    text.append(f"Your policy (turn {turn}) ", style="bold")
    text.append("succeeded" if res.success else "failed", style="bold green" if res.success else "bold red")
    if why:
        text.append(f" {why}", style="dim")
    text.append(f": {option.label if option is not None else res.option}")
    return text


def last_outcomes(state: GameState) -> list[Text]:
    """The last turn's outcomes at the game's end, a line each: its policies (the last decisions) first,
    then its adjudication.

    A game over keeps the last turn's resolutions in the state, so this needs
    no log; a capital with no policy among them held.
    """
    lines = []
    for role in ROLES:  # the order the capitals take their policies in
        taken = [res for res in state.resolutions if res.kind == "policy" and res.role == role]
        lines += [outcome_line(state, res) for res in taken]
        if not taken:
            line = Text()
            line.append(f"{ROLE_NAMES[role]}'s policy: ", style="bold")
            line.append("held (no standing action)", style="dim")
            lines.append(line)
    lines += [outcome_line(state, res) for res in state.resolutions if res.kind != "policy"]
    return lines


def last_outcomes_block(state: GameState) -> Group:
    """`last_outcomes` under a heading, each line wrapping under itself (the end screen's first block)."""
    heading = Text()
    heading.append(f"The last outcomes, turn {state.turn}", style="bold underline")
    heading.append("  (l: the whole log)", style="dim")
    grid = Table.grid()
    grid.add_column(width=2)
    grid.add_column()
    for line in last_outcomes(state):
        grid.add_row("", line)
    return Group(heading, grid)
