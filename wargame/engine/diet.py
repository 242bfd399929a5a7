"""The Diet as seats: what the ruling bloc can pass, and elections that change it.

A bill needs a majority in both Houses, or two-thirds of the House of
Representatives to override the House of Councillors (Constitution Art. 59);
initiating an amendment needs two-thirds of both Houses (Art. 96). The
partner's seats count while it governs; a braking partner (Komeito) stops
counting when the coalition brake goes, because its leaving is the brake's
going. Elections are scheduled by the deck and rolled by chance around the
record's result, moved by cabinet approval.
"""

from __future__ import annotations

from typing import Final

from .model import Deck, Election, House
from .state import GameState
from .tracks import HOUSES, INSTITUTION_NAMES, TRACK_INDEX

#: where the coalition brake sits among the state's institutions
_BRAKE: Final = INSTITUTION_NAMES.index("coalition_brake")


def start_seats(deck: Deck) -> tuple[int, ...]:
    """(lower size, lead, partner, upper size, lead, partner) as the deck starts them."""
    if deck.diet is None:
        return ()
    houses = {h.name: h for h in deck.diet.houses}
    return tuple(n for name in HOUSES for n in (houses[name].seats, houses[name].lead, houses[name].partner))


def house_now(state: GameState, name: str) -> House:
    """A House as it stands now (its size can change at an election)."""
    i = 3 * HOUSES.index(name)
    size, lead, partner = state.seats[i : i + 3]
    return House(name, size, lead, partner)


def partner_counts(state: GameState) -> bool:
    diet = state.deck.diet
    return diet is not None and (not diet.partner_brakes or bool(state.institution_values[_BRAKE][1]))


def ruling_seats(state: GameState, house: str) -> int:
    """The ruling bloc's seats in a House now."""
    i = 3 * HOUSES.index(house)
    return state.seats[i + 1] + (state.seats[i + 2] if partner_counts(state) else 0)


def standing(state: GameState) -> str:
    """"supermajority", "majority" or "hung": what the ruling bloc can pass now."""
    deck = state.deck
    if deck.diet is None or not state.seats:
        return "majority"
    lower_size, lower_lead, lower_partner, upper_size, upper_lead, upper_partner = state.seats
    if partner_counts(state):
        in_lower, in_upper = lower_lead + lower_partner, upper_lead + upper_partner
    else:
        in_lower, in_upper = lower_lead, upper_lead
    lower_two_thirds, upper_two_thirds = -(-2 * lower_size // 3), -(-2 * upper_size // 3)
    backers = {h.name: h.supporters for h in deck.diet.houses}
    if in_lower + backers["lower"] >= lower_two_thirds and in_upper + backers["upper"] >= upper_two_thirds:
        return "supermajority"
    if in_lower >= lower_two_thirds or (in_lower > lower_size // 2 and in_upper > upper_size // 2):
        return "majority"
    return "hung"


def both_houses(state: GameState) -> bool:
    """A majority in each House: what the Diet's approval of a response plan needs (no override)."""
    if state.deck.diet is None or not state.seats:
        return True
    return all(ruling_seats(state, h) > state.seats[3 * i] // 2 for i, h in enumerate(HOUSES))


def meets(state: GameState, wanted: tuple[str, ...]) -> bool:
    """Whether the Diet's standing is one of `wanted` ("both_houses" read on its own)."""
    return any(both_houses(state) if w == "both_houses" else standing(state) == w for w in wanted)


def describe_house(state: GameState, house: str) -> str:
    """'House of Representatives: ruling bloc 326 of 475 (majority 238, two-thirds 317)'."""
    h = house_now(state, house)
    return f"ruling bloc {ruling_seats(state, house)} of {h.seats} (majority {h.majority}, two-thirds {h.two_thirds})"


def due_election(state: GameState) -> Election | None:
    """The election scheduled for this turn and not yet held."""
    for election in state.deck.elections:
        if election.turn == state.turn and election.id not in state.elections_held:
            return election
    return None


def election_result(state: GameState, election: Election, roll: int) -> tuple[int, int, str]:
    """(lead seats won, partner seats won, how) for a roll of 1..100."""
    approval = state.values[TRACK_INDEX["approval"]]
    swing = election.per_point * (approval - election.approval)
    luck = round((roll - 50.5) / 49.5 * election.spread)
    partner_won = election.partner_won
    lead_won = max(0, min(election.up - partner_won, election.won - election.partner_won + swing + luck))
    how = f"record {election.won} of {election.up} at approval {election.approval}; approval {approval}: {swing:+d}; chance {luck:+d}"
    return lead_won, partner_won, how


def hold_election(state: GameState, election: Election, roll: int) -> tuple[tuple[int, ...], str]:
    """The seats after the election, and the result in words."""
    lead_won, partner_won, how = election_result(state, election, roll)
    i = 3 * HOUSES.index(election.house)
    seats = list(state.seats)
    if election.size:
        seats[i] = election.size
    seats[i + 1] = max(0, seats[i + 1] - (election.held - election.partner_held) + lead_won)
    seats[i + 2] = max(0, seats[i + 2] - election.partner_held + partner_won)
    return tuple(seats), f"the ruling bloc wins {lead_won + partner_won} of {election.up} seats ({how})"
