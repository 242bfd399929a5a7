"""The table's log keeps the white cell's script to the white cell.

Which MSEL inject the white cell fires, delays or skips, and its reason,
are the white cell's; the table learns of an inject when its card comes
into play.
"""

from __future__ import annotations

import pytest

from tests.conftest import MINI
from wargame.bots import bots_for
from wargame.bots.playout import stand_in_facilitator
from wargame.decks import load_deck
from wargame.engine import CHANCE, FACILITATOR, ROLES, Action, Event, apply, chance_action, new_game, to_move, view
from wargame.logbook import Logbook, public, record

SEATS = {**{role: "doctrine" for role in ROLES}, FACILITATOR: "human"}
SECRET = "the players are moving too slowly"


def logs_through_turn_two(kind: str) -> tuple[str, str]:
    """The table's and the white cell's logs of `play_through_turn_two`, as text."""
    table, white = play_through_turn_two(kind)
    return " ".join(e.text for e in table.entries), " ".join(e.text for e in white.entries)


def play_through_turn_two(kind: str) -> tuple[Logbook, Logbook]:
    """Play the mini deck with a white cell that takes `kind` on its MSEL inject with a stated reason, into turn 3."""
    state = new_game(load_deck(MINI), seed=2, seats=SEATS, mode="rigid")
    bots = bots_for({role: "doctrine" for role in ROLES}, 2)
    table, white = Logbook(), Logbook()
    taken = False
    while not state.over and state.turn <= 3:
        actor = to_move(state)[0]
        if actor == CHANCE:
            action = chance_action(state)
        elif actor == FACILITATOR:
            due = [e for e in state.msel if e.status == "pending" and e.due <= state.turn] if state.phase == "turn_start" else []
            if due and not taken:
                action, taken = Action(FACILITATOR, kind, due[0].inject, rationale=SECRET), True
            else:
                action = stand_in_facilitator(state, 0, False)
        else:
            action, _ = bots[actor].choose(view(state, actor), actor)
        after, events = apply(state, action)
        record(table, SEATS, state, after, action, events, action.rationale)
        white.add_events(state.turn, events, next_turn=after.turn)
        state = after
    assert taken, "the MSEL inject never came due"
    return table, white


@pytest.mark.parametrize("kind", ["fire", "delay", "skip"])
def test_the_table_does_not_read_the_white_cells_msel_decisions(kind: str) -> None:
    public, white = logs_through_turn_two(kind)
    assert SECRET in white and "msel-radar" in white
    assert SECRET not in public and "msel-radar" not in public
    assert "Turn 2" in public  # the table's log goes on
    if kind == "fire":  # the card comes into play: the table reads it, not which inject it was
        assert "Event card (from the scenario's script): Fire-control radar lock" in public


@pytest.mark.parametrize("kind", ["fire", "delay", "skip"])
def test_the_white_cells_bookkeeping_is_an_event_kind_of_its_own(kind: str) -> None:
    """Every line of the MSEL's bookkeeping is an "msel" event, and the table's log drops it by that kind,
    whatever its text says; the card an inject puts in play is the one line of it the table reads."""
    _, white = play_through_turn_two(kind)
    about = [e for e in white.entries if "msel-radar" in e.text]
    assert about and all(e.kind == "msel" for e in about if not e.text.startswith("Event card (from inject "))
    assert {e.kind for e in about if e.text.startswith("Event card (from inject ")} <= {"inject"}
    looks_public = Event("msel", "Event card (from the facilitator): a card's title", FACILITATOR)
    assert public([looks_public, Event("msel", "Inject msel-radar fires", FACILITATOR)]) == []


def test_a_game_without_a_white_cell_logs_no_white_cell_line() -> None:
    """The scenario's injects play in a game nobody facilitates; the table's log does not give them to a white cell."""
    seats = {role: "doctrine" for role in ROLES}
    for seed in range(6):
        state = new_game(load_deck(MINI), seed=seed, seats=seats)
        bots = bots_for(seats, seed)
        table = Logbook()
        while not state.over:
            actor = to_move(state)[0]
            action = chance_action(state) if actor == CHANCE else bots[actor].choose(view(state, actor), actor)[0]
            after, events = apply(state, action)
            record(table, seats, state, after, action, events, action.rationale)
            state = after
        assert not [e for e in table.entries if e.who == "White cell"], seed
