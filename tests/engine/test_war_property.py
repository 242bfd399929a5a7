"""War is a decision: over random and doctrine play, every step to armed conflict is a use of force or a clash.

A card draw, an inject, or routine moves summed together never take tension
to armed conflict; the blame names exactly the capital whose option (or the
clash it ran) took the step.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI
from tests.decks.helpers import BASE
from wargame.analysis.simulation import play_game
from wargame.bots import make_bot
from wargame.decks import bundled_paths, load_deck
from wargame.engine import CHANCE, FACILITATOR, apply, chance_action, new_game, to_move, view
from wargame.engine.tracks import ARMED_CONFLICT, ROLES, TRACK_INDEX

DECKS = [load_deck(p) for p in (*bundled_paths(), MINI, BASE)]


def option_of(state, entry):
    kind, role, option_id, card_id = entry
    if card_id:
        return state.deck.card(card_id).response(role, option_id)
    return state.deck.policy(role, option_id)


def check_game(deck, seed: int, kinds: dict[str, str]) -> int:
    """Play one game; assert the rule at every step; return how many steps reached armed conflict."""
    rng = random.Random(seed)
    bots = {role: make_bot(kinds[role], seed + i) for i, role in enumerate(ROLES)}
    state = new_game(deck, seed=seed)
    reached = 0
    while not state.over:
        actor = to_move(state)[0]
        if actor == CHANCE:
            action = chance_action(state, salt=rng.randrange(1 << 30))
        elif actor == FACILITATOR:
            raise AssertionError("no facilitator sits in these games")
        else:
            action, _ = bots[actor].choose(view(state, actor), actor)
        before = state
        state, events = apply(state, action)
        if before.track("tension") > ARMED_CONFLICT >= state.track("tension"):
            reached += 1
            assert action.kind != "draw", f"a card draw reached armed conflict: {action}"
            assert len(state.war_by) == 1, state.war_by
            entry = state.war_by[0]
            kind, role = entry[0], entry[1]
            option = option_of(state, entry)
            assert option is not None and option.role == role
            assert kind == "clash" or option.force, f"{role}'s {option.id} reached armed conflict without force"
            assert state.war_roles == (role,)
        if state.war_by:  # a war once begun is not undone before the turn's end checks end the game
            assert state.track("tension") == ARMED_CONFLICT, f"tension {state.track('tension')} after the war began"
    if state.end_reason == "war" and reached:
        assert state.war_by, "a war with nobody's step named"
    return reached


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    deck_index=st.integers(0, len(DECKS) - 1),
    seed=st.integers(0, 10_000),
    kinds=st.tuples(*(st.sampled_from(["random", "doctrine"]) for _ in ROLES)),
)
def test_only_force_or_a_clash_reaches_armed_conflict_and_blame_is_exact(deck_index: int, seed: int, kinds: tuple[str, ...]) -> None:
    check_game(DECKS[deck_index], seed, dict(zip(ROLES, kinds)))


def test_armed_conflict_still_happens_in_some_random_game() -> None:
    """The rule is not met by making war impossible: random play does reach it, by force or a clash."""
    total = sum(check_game(deck, seed, {r: "random" for r in ROLES}) for deck in DECKS[:4] for seed in range(60))
    assert total > 0


@pytest.mark.parametrize(("era", "seed"), [("era-2013", 31), ("era-2013", 67), ("era-2013", 101), ("era-2025", 2)])
def test_a_war_begun_in_adjudication_holds_through_the_turn_and_ends_the_game(era: str, seed: int) -> None:
    """Games where a clash reached armed conflict and a later response or policy of the same turn lowered tension again.

    The game ended in war while the board, the end screen and the report showed
    tension above armed conflict; now tension stays at armed conflict to the end.
    """
    log: list = []
    final = play_game(load_deck(era), seed, {"tokyo": "doctrine", "washington": "doctrine", "beijing": "random"}, log=log)
    after_war = [state for state, _action, _reason in log if state.war_by]
    assert after_war and final.end_reason == "war"
    assert all(state.track("tension") == ARMED_CONFLICT for state in after_war)
    assert final.tracks[TRACK_INDEX["tension"]] == ARMED_CONFLICT
