"""The rules: gates with reasons, phases with guards, chance, views, the facilitator."""

from __future__ import annotations

import pytest
from attrs import evolve

from wargame.engine import (
    CHANCE,
    FACILITATOR,
    HIDDEN,
    Action,
    IllegalAction,
    apply,
    legal_actions,
    new_game,
    state_hash,
    to_move,
    view,
)
from wargame.engine.tracks import TRACK_INDEX


def with_tracks(state, **values):
    vals = list(state.values)
    for name, value in values.items():
        vals[TRACK_INDEX[name]] = value
    return evolve(state, values=tuple(vals))


def draw(state, card_id):
    state, events = apply(state, Action(CHANCE, "draw", card_id))
    return state, events


def test_first_decision_is_the_draw(mini_deck) -> None:
    state = new_game(mini_deck, seed=1)
    assert (state.turn, state.phase) == (1, "event")
    assert to_move(state) == (CHANCE,)


def test_csd_response_needing_rung_2_is_refused_at_rung_0_with_the_legal_basis(mini_deck) -> None:
    state, _ = draw(new_game(mini_deck, seed=1), "case-09-us-ships-attacked")
    assert state.tracks["rung"] == 0
    actions = {a.choice: a for a in legal_actions(state, "tokyo")}
    closed = actions["defend-us-ships"]
    assert not closed.allowed
    assert "needs rung 2: security legislation in force" in closed.reason
    assert "rung" in closed.blocked_by
    with pytest.raises(IllegalAction) as err:
        apply(state, Action("tokyo", "respond", "defend-us-ships"))
    assert err.value.reason == closed.reason
    assert actions["stand-aside"].allowed


def test_csd_response_is_allowed_at_rung_2_when_support_suffices(mini_deck) -> None:
    state, _ = draw(new_game(mini_deck, seed=1), "case-09-us-ships-attacked")
    state = evolve(with_tracks(state, rung=2, support=45), flags=("diet_approved_survival", "survival_threat", "us_request"))
    actions = {a.choice: a for a in legal_actions(state, "tokyo")}
    assert actions["defend-us-ships"].allowed
    low = evolve(with_tracks(state, support=20))
    closed = {a.choice: a for a in legal_actions(low, "tokyo")}["defend-us-ships"]
    assert not closed.allowed and "public support 20 < 30 needed" in closed.reason
    state, _ = apply(state, Action("tokyo", "respond", "defend-us-ships"))
    assert state.sealed_by("tokyo") == ("defend-us-ships", "")


def test_far_mission_needs_more_support_than_near(mini_deck) -> None:
    state, _ = draw(new_game(mini_deck, seed=1), "case-14-hormuz")
    state = evolve(with_tracks(state, rung=2, support=45), flags=("survival_threat",))
    sweep = {a.choice: a for a in legal_actions(state, "tokyo")}["sweep"]
    assert not sweep.allowed and "public support 45 < 55 needed" in sweep.reason


def test_actions_out_of_phase_are_refused_with_a_reason(mini_deck) -> None:
    state = new_game(mini_deck, seed=1)
    with pytest.raises(IllegalAction, match="not Tokyo's move in the event phase"):
        apply(state, Action("tokyo", "respond", "stand-aside"))
    with pytest.raises(IllegalAction, match="no facilitator seat"):
        apply(state, Action(FACILITATOR, "pause"))
    state, _ = draw(state, "radar-lock-2013")
    with pytest.raises(IllegalAction, match="does not address Washington"):
        apply(state, Action("washington", "respond", "ask"))
    with pytest.raises(IllegalAction, match="chance does not act"):
        apply(state, Action(CHANCE, "roll", value=3))
    state, _ = apply(state, Action("tokyo", "respond", "protest"))
    with pytest.raises(IllegalAction, match="already chosen"):
        apply(state, Action("tokyo", "respond", "quiet"))


def test_adjudication_explains_gates_odds_roll_and_effects(mini_deck) -> None:
    state, _ = draw(new_game(mini_deck, seed=1), "radar-lock-2013")
    state, _ = apply(state, Action("tokyo", "respond", "patrols", rationale="show presence"))
    state, events = apply(state, Action("beijing", "respond", "deny"))
    kinds = [e.kind for e in events]
    assert kinds.count("reveal") == 2
    assert any("rationale: show presence" in e.text for e in events)
    assert to_move(state) == (CHANCE,)  # patrols have odds 70: a roll is due
    before = state.tracks["support"]
    state, events = apply(state, Action(CHANCE, "roll", value=10))
    texts = " | ".join(e.text for e in events)
    assert "gates pass" in texts and "odds 70%" in texts and "roll 10: success" in texts
    assert state.tracks["support"] == before + 3
    assert state.phase == "policy"


def test_views_hide_other_sealed_choices_until_the_reveal(mini_deck) -> None:
    state, _ = draw(new_game(mini_deck, seed=1), "case-09-us-ships-attacked")
    state, _ = apply(state, Action("beijing", "respond", "press", rationale="secret plan"))
    seen = view(state, "tokyo")
    assert ("beijing", HIDDEN, "") in seen.sealed
    assert "secret plan" not in repr(seen.sealed)
    assert view(state, "beijing").sealed_by("beijing") == ("press", "secret plan")
    assert view(state, FACILITATOR) is state
    assert [a.choice for a in legal_actions(seen, "tokyo")] == [a.choice for a in legal_actions(state, "tokyo")]


def test_policy_phase_climbs_the_ladder_in_order(mini_deck) -> None:
    state, _ = draw(new_game(mini_deck, seed=1), "radar-lock-2013")
    state, _ = apply(state, Action("tokyo", "respond", "protest"))
    state, _ = apply(state, Action("beijing", "respond", "deny"))
    assert state.phase == "policy" and to_move(state) == ("tokyo",)
    policies = {a.choice: a for a in legal_actions(state, "tokyo")}
    assert not policies["tokyo-cabinet-decision"].allowed
    assert "Legislation Bureau that is aligned" in policies["tokyo-cabinet-decision"].reason
    assert policies["hold"].allowed
    state, _ = apply(state, Action("tokyo", "policy", "tokyo-appoint-bureau-chief"))
    assert state.institutions["bureau"] == "aligned"
    assert to_move(state) == ("washington",)


def test_every_game_ends_with_scores(mini_deck) -> None:
    from tests.conftest import random_game

    state, _ = random_game(mini_deck, 3)
    assert state.over and state.phase == "game_over"
    assert set(state.scores) == {"tokyo", "washington", "beijing"}
    assert state.end_reason in ("war", "rupture", "collapse", "last_turn")


def test_facilitator_review_override_set_track_and_undo(mini_deck) -> None:
    state = new_game(mini_deck, seed=1, seats={"facilitator": "human"}, mode="semi-rigid")
    assert to_move(state) == (CHANCE,)  # no inject is due on turn 1
    state, _ = draw(state, "radar-lock-2013")
    with pytest.raises(IllegalAction, match="rationale is required"):
        apply(state, Action("tokyo", "respond", "protest"))
    state, _ = apply(state, Action("tokyo", "respond", "protest", rationale="publish"))
    state, _ = apply(state, Action("beijing", "respond", "deny", rationale="deny"))
    assert state.phase == "review" and to_move(state) == (FACILITATOR,)
    reveal = state.checkpoint
    assert reveal is not None
    reputation = state.tracks["reputation"]
    with pytest.raises(IllegalAction, match="state a reason"):
        apply(state, Action(FACILITATOR, "override", "0", 0))
    state, events = apply(state, Action(FACILITATOR, "override", "0", 0, rationale="the evidence was ambiguous"))
    assert state.tracks["reputation"] == reputation - 3
    assert any("the evidence was ambiguous" in e.text for e in events)
    state, _ = apply(state, Action(FACILITATOR, "set_track", "support", 50, rationale="poll shock"))
    assert state.tracks["support"] == 50
    state, _ = apply(state, Action(FACILITATOR, "undo", rationale="replay the reveal"))
    assert state.tracks["support"] == reveal.tracks["support"]
    assert state.phase == "review"
    state, _ = apply(state, Action(FACILITATOR, "accept"))
    assert state.phase == "policy"


def test_pause_blocks_players_until_resumed(mini_deck) -> None:
    state = new_game(mini_deck, seed=1, seats={"facilitator": "human"})
    state, _ = apply(state, Action(FACILITATOR, "pause"))
    assert to_move(state) == (FACILITATOR,)
    assert all(not a.allowed and "paused" in a.reason for a in legal_actions(state, CHANCE))
    with pytest.raises(IllegalAction, match="paused"):
        apply(state, Action(CHANCE, "draw", "radar-lock-2013"))
    state, _ = apply(state, Action(FACILITATOR, "resume"))
    state, _ = draw(state, "radar-lock-2013")
    assert state.phase == "responses"


def test_msel_inject_fires_on_its_turn_without_a_facilitator(mini_deck) -> None:
    from tests.conftest import random_move
    import random

    rng = random.Random(0)
    state = new_game(mini_deck, seed=5)
    while state.turn < 2 and not state.over:
        state, _ = apply(state, random_move(state, rng))
    assert state.card == "radar-lock-2013" or state.over


def test_facilitator_fires_delays_or_skips_injects(mini_deck) -> None:
    from tests.conftest import random_move
    import random

    rng = random.Random(0)
    state = new_game(mini_deck, seed=5, seats={"facilitator": "human"})
    while state.turn < 2:
        action = random_move(state, rng)
        if action.actor == FACILITATOR:
            action = Action(FACILITATOR, "accept")
        state, _ = apply(state, action)
    assert state.phase == "turn_start" and to_move(state) == (FACILITATOR,)
    kinds = {a.kind for a in legal_actions(state, FACILITATOR)}
    assert {"fire", "delay", "skip"} <= kinds
    state, _ = apply(state, Action(FACILITATOR, "delay", "msel-radar"))
    assert state.phase == "event"
    assert state.msel[0].due == 3


def test_inject_now_replaces_the_draw(mini_deck) -> None:
    state = new_game(mini_deck, seed=1, seats={"facilitator": "human"})
    state, events = apply(state, Action(FACILITATOR, "inject", "case-14-hormuz", 1, rationale="test Hormuz"))
    assert state.card == "case-14-hormuz" and state.phase == "responses"


def test_state_hash_is_stable_and_sensitive(mini_deck) -> None:
    a = new_game(mini_deck, seed=1)
    b = new_game(mini_deck, seed=1)
    assert state_hash(a) == state_hash(b)
    assert state_hash(a) != state_hash(new_game(mini_deck, seed=2))
    a2, _ = draw(a, "radar-lock-2013")
    assert state_hash(a2) != state_hash(a)


def test_each_turn_is_announced_once(mini_deck) -> None:
    import random

    from tests.conftest import random_move

    rng = random.Random(2)
    opening: list = []
    state = new_game(mini_deck, seed=2, seats={"facilitator": "human"}, events=opening)
    announced = [e.text for e in opening if e.kind == "turn"]
    while not state.over:
        state, events = apply(state, random_move(state, rng))
        announced += [e.text for e in events if e.kind == "turn"]
    assert announced == [f"Turn {n} of 12" for n in range(1, state.turn + 1)]
