"""How close the game is to ending, and when a turn is, in words the board, the help and the report share.

The lines that end a game (armed conflict, alliance rupture, cabinet
collapse) are rules numbers a player must see to decide; these functions
say them with the era's own figures, so every screen says them alike.
"""

from __future__ import annotations

from . import diet
from .model import Deck
from .state import GameState
from .tracks import ARMED_CONFLICT, TRACK_INDEX

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def turn_date(deck: Deck, turn: int) -> str:
    """'Oct-Dec 2013' for a quarter, 'Jan 2023' for a month; '' when the deck gives no calendar."""
    cal = deck.calendar
    if not cal.start or not cal.months:
        return ""
    year, month = (int(part) for part in cal.start.split("-"))
    first = (year * 12 + month - 1) + (turn - 1) * cal.months
    last = first + cal.months - 1
    start = f"{MONTHS[first % 12]}"
    if cal.months == 1:
        return f"{start} {first // 12}"
    end_year = last // 12
    if first // 12 == end_year:
        return f"{start}-{MONTHS[last % 12]} {end_year}"
    return f"{start} {first // 12}-{MONTHS[last % 12]} {end_year}"


def tension_status(state: GameState) -> str:
    """'3 confrontation: 2 steps from armed conflict'."""
    level = state.track("tension")
    name = state.deck.tension_name(level)
    steps = level - ARMED_CONFLICT
    if steps <= 0:
        return f"{level} {name}"
    return f"{level} {name}: {steps} step{'s' if steps > 1 else ''} from {state.deck.tension_name(ARMED_CONFLICT)}"


def collapse_status(state: GameState) -> str:
    """'collapse at <=25 for 3 turns: 2 of 3' (or the approval now, when no count runs)."""
    rules = state.deck.rules
    head = f"collapse at ≤{rules.collapse_approval} for {rules.collapse_turns} turns"
    if state.low_approval_turns:
        return f"{head}: {state.low_approval_turns} of {rules.collapse_turns}"
    return f"{head}: approval {state.track('approval')}"


def rupture_status(state: GameState) -> str:
    """'rupture at <=44: cohesion 60'."""
    return f"rupture at ≤{state.deck.rules.rupture_cohesion}: cohesion {state.track('cohesion')}"


STANDING_WORDS = {
    "supermajority": "two-thirds of both Houses",
    "majority": "can pass bills",
    "hung": "cannot pass bills alone",
}


def diet_status(state: GameState) -> list[str]:
    """The Diet in a few lines: what the ruling bloc can pass, and its seats in each House."""
    if state.deck.diet is None or not state.seats:
        return []
    lines = [f"Diet: {STANDING_WORDS[diet.standing(state)]}"]
    for house in ("lower", "upper"):
        h = diet.house_now(state, house)
        lines.append(f"{house} house {diet.ruling_seats(state, house)}/{h.seats} (maj. {h.majority}, 2/3 {h.two_thirds})")
    return lines


def collapse_rule(deck: Deck) -> str:
    """The collapse rule in a sentence, with the era's figures (for the help)."""
    rules = deck.rules
    return (
        f"The cabinet falls when cabinet approval ends {rules.collapse_turns} turns in a row at or below {rules.collapse_approval} "
        f"(this era starts at {deck.start.tracks[TRACK_INDEX['approval']]} and drifts back towards {deck.start.baseline_approval})."
    )
