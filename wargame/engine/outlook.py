"""How close the game is to ending, and when a turn is, in words the board, the help and the report share.

The lines that end a game (armed conflict, alliance rupture, cabinet
collapse) are rules numbers a player must see to decide; these functions
say them with the era's own figures, so every screen says them alike.
"""

from __future__ import annotations

from . import diet
from .model import Deck
from .phases import war_cause
from .state import GameState
from .tracks import ARMED_CONFLICT, CRISIS, TRACK_INDEX

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


def collapse_count(state: GameState) -> int:
    """Turn ends in a row, up to now, with cabinet approval at or below the collapse line."""
    return state.low_approval_turns


def collapse_count_at_turn_end(state: GameState) -> int:
    """The count the turn's end would make of approval as it stands now (the turn end's own rule)."""
    if state.track("approval") <= state.deck.rules.collapse_approval:
        return state.low_approval_turns + 1
    return 0


def collapse_status(state: GameState) -> str:
    """'collapse at ≤28 for 3 turns: 2 of 3': the line, and the turn ends counted so far."""
    rules = state.deck.rules
    return f"collapse at ≤{rules.collapse_approval} for {rules.collapse_turns} turns: {collapse_count(state)} of {rules.collapse_turns}"


def collapse_near(state: GameState) -> bool:
    """Whether the count runs, or approval stands at or below the line now (the turn end would count it)."""
    return collapse_count(state) > 0 or collapse_count_at_turn_end(state) > 0


def rupture_at_turn_end(state: GameState) -> bool:
    """Whether cohesion stands at or below the rupture line now: a turn end here ruptures the alliance."""
    return state.track("cohesion") <= state.deck.rules.rupture_cohesion


def rupture_status(state: GameState) -> str:
    """'rupture at ≤44: cohesion 60' (the alliance ruptures at the first turn end at or below the line)."""
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


def rupture_rule(deck: Deck) -> str:
    """The rupture rule in a sentence, with the era's figures (for the help)."""
    start = deck.start.tracks[TRACK_INDEX["cohesion"]]
    return (
        f"The alliance ruptures at the first turn end with alliance cohesion at or below {deck.rules.rupture_cohesion}: "
        f"there is no count of turns (this era starts at {start})."
    )


def war_rule(deck: Deck) -> str:
    """The war rule in a sentence, with the era's tension names (for the help)."""
    start = deck.start.tracks[TRACK_INDEX["tension"]]
    return (
        f"The game ends in war at the end of a turn in which tension reached {ARMED_CONFLICT} ({deck.tension_name(ARMED_CONFLICT)}), "
        f"which only a deliberate use of force or an unplanned clash at {CRISIS} ({deck.tension_name(CRISIS)}) can bring "
        f"(this era starts at {start}, {deck.tension_name(start)})."
    )


def ending_detail(state: GameState) -> str:
    """How a game over ended, in the era's figures: the values at the turn ends that ended it."""
    rules = state.deck.rules
    if state.end_reason == "collapse":
        i = TRACK_INDEX["approval"]
        turns = max(1, state.low_approval_turns)
        values = ", ".join(str(row[i]) for row in state.history[-turns:])
        return (
            f"Cabinet approval ended {turns} turns in a row at or below the collapse line {rules.collapse_approval} "
            f"({values}), and the cabinet fell."
        )
    if state.end_reason == "rupture":
        return f"Alliance cohesion ended the turn at {state.track('cohesion')}, at or below the rupture line {rules.rupture_cohesion}."
    if state.end_reason == "war":
        level = state.track("tension")
        cause = f": {war_cause(state)}" if state.war_by else ""
        return f"Tension reached {level} ({state.deck.tension_name(level)}){cause}."
    return ""
