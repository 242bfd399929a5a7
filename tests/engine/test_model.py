"""The model's mechanisms, on constructed positions of the checker's base deck.

War is a decision (only force or a stated clash reaches armed conflict, and
blame is exact); domestic politics bind (cabinet approval decides collapse,
the Diet is seats, prior approval and the coalition brake gate the options);
alliance gains stop where the law stops them; one-off events happen once.
"""

from __future__ import annotations

import pytest
from attrs import evolve

from tests.decks.helpers import BASE
from wargame.decks import check_text, load_deck
from wargame.engine import CHANCE, FACILITATOR, Action, apply, legal_actions, new_game, outlook, to_move
from wargame.engine import diet
from wargame.engine.adjudicate import apply_effect, ceiling, option_unmet
from wargame.engine.model import Effect
from wargame.engine.tracks import TRACK_INDEX


@pytest.fixture(scope="module")
def deck():
    return load_deck(BASE)


def at(state, **values):
    vals = list(state.values)
    for name, value in values.items():
        vals[TRACK_INDEX[name]] = value
    return evolve(state, values=tuple(vals))


def deck_with(tmp_path, *edits):
    text = BASE.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    return load_deck(path)


def to_responses(state, card_id):
    state, _ = apply(state, Action(CHANCE, "draw", card_id))
    return state


# --- escalation ---------------------------------------------------------------------------


def test_routine_moves_stop_at_crisis_and_say_why(deck) -> None:
    state = at(new_game(deck, seed=1), tension=2)
    events: list = []
    after = apply_effect(state, Effect(deltas=(("tension", -3),)), events, "beijing", cause=("policy", "beijing", "x", ""))
    assert after.track("tension") == 2 and not after.war_by
    assert any("only a deliberate use of force or an unplanned clash reaches armed conflict" in e.text for e in events)


def test_a_use_of_force_reaches_armed_conflict_and_only_its_capital_is_blamed(tmp_path) -> None:
    deck = deck_with(
        tmp_path,
        ('mission = "posture"\nescalation = 2\nodds = 70\n[cards.responses.requires]\nmin_tension = 3',
         'mission = "posture"\nforce = true\nescalation = 3\nodds = 70\n[cards.responses.requires]\nmin_tension = 2'),
    )
    state = to_responses(at(new_game(deck, seed=1), tension=2), "us-ships-attacked")
    state, _ = apply(state, Action("tokyo", "respond", "stand-aside"))
    state, _ = apply(state, Action("washington", "respond", "defend-alone"))
    # Tokyo's response resolved first (certain); Washington's force waits on the roll
    state, events = apply(state, Action(CHANCE, "roll", value=1))
    assert state.war_by and state.war_roles == ("washington",)
    while not state.over:
        actor = to_move(state)[0]
        if actor == CHANCE:
            state, events = apply(state, Action(CHANCE, "roll", value=50))
        else:
            state, events = apply(state, Action(actor, "policy", "hold"))
    assert state.end_reason == "war"
    assert any("Washington's 'Defend the ships alone' took the step to armed conflict" in e.text for e in events)
    end = dict(deck.objective("washington").end)
    tokyo_end = dict(deck.objective("tokyo").end)
    assert state.scores["washington"] - 2 * (state.track("cohesion") - 60) - 4 * (state.track("interop") - 2) - 2 * (1 - 4) == end["war"]
    assert state.scores["tokyo"] == sum(w * (state.values[TRACK_INDEX[t]] - deck.start.tracks[TRACK_INDEX[t]]) for t, w in deck.objective("tokyo").weights) + tokyo_end["war"]


def test_in_a_semi_rigid_game_a_step_to_armed_conflict_is_put_to_the_white_cell(tmp_path) -> None:
    deck = deck_with(
        tmp_path,
        ('mission = "posture"\nescalation = 2\nodds = 70\n[cards.responses.requires]\nmin_tension = 3',
         'mission = "posture"\nforce = true\nescalation = 3\nodds = 70\n[cards.responses.requires]\nmin_tension = 2'),
    )
    state = new_game(deck, seed=1, seats={"facilitator": "human"}, mode="semi-rigid")
    while state.phase != "event":
        state, _ = apply(state, Action(FACILITATOR, "fire", state.msel[0].inject) if state.phase == "turn_start" else Action(FACILITATOR, "accept"))
    state = to_responses(at(state, tension=2), "us-ships-attacked")
    state, _ = apply(state, Action("tokyo", "respond", "stand-aside", rationale="r"))
    state, _ = apply(state, Action("washington", "respond", "defend-alone", rationale="r"))
    assert to_move(state) == (FACILITATOR,)
    assert {a.kind for a in legal_actions(state, FACILITATOR) if a.allowed} >= {"rule"}
    state, _ = apply(state, Action(FACILITATOR, "rule", value=0, rationale="the table holds fire"))
    assert not state.war_by and state.track("tension") == 2


def test_an_option_run_at_the_brink_may_bring_a_stated_clash(deck) -> None:
    state = at(new_game(deck, seed=1), tension=2)
    state = evolve(state, phase="policy", acted=())
    state, events = apply(state, Action("tokyo", "policy", "tokyo-partners"))
    # the exercise's own roll, then the clash's
    assert to_move(state) == (CHANCE,)
    state, events = apply(state, Action(CHANCE, "roll", value=10))
    assert any("chance of an unplanned clash" in e.text for e in events)
    state, events = apply(state, Action(CHANCE, "roll", value=3))
    assert state.track("tension") == 1 and state.war_roles == ("tokyo",)
    assert state.war_by[0][0] == "clash"


def test_the_checker_refuses_a_draw_that_could_start_a_war() -> None:
    text = BASE.read_text(encoding="utf-8").replace("[cards.on_draw]\nset_flags", "[cards.on_draw]\ntension = -1\nset_flags")
    assert any("never starts a war" in str(p) for p in check_text(text))


# --- domestic politics --------------------------------------------------------------------


def test_the_cabinet_falls_on_approval_not_on_policy_support(deck) -> None:
    state = at(new_game(deck, seed=1), support=0, approval=80)
    state = evolve(state, phase="turn_end")
    from wargame.engine.phases import _turn_end

    for _ in range(3):
        state = _turn_end(evolve(state, phase="turn_end"), [])
    assert not state.over or state.end_reason != "collapse"
    state = at(new_game(deck, seed=1), support=80, approval=deck.rules.collapse_approval)
    events: list = []
    for _ in range(deck.rules.collapse_turns):
        state = _turn_end(evolve(state, phase="turn_end"), events)
    assert state.end_reason == "collapse"
    assert any(f"turn 1 of {deck.rules.collapse_turns} before the cabinet falls" in e.text for e in events)


def test_the_diet_is_seats_and_an_election_changes_them(deck) -> None:
    state = new_game(deck, seed=1)
    assert diet.standing(state) == "majority"  # 326 of 475 is two-thirds of the lower house alone
    assert diet.ruling_seats(state, "upper") == 135
    # the braking partner's seats stop counting when it leaves
    gone = evolve(state, institution_values=(("coalition_brake", False), ("bureau", "aligned")))
    assert diet.ruling_seats(gone, "upper") == 115
    # the July 2016 election on turn 2: a high approval wins more than the record, a low one fewer
    election = deck.election("upper-2016")
    high, _ = diet.hold_election(at(state, approval=70), election, 50)
    low, _ = diet.hold_election(at(state, approval=20), election, 50)
    assert high[4] + high[5] > 135 - 59 + 70 > low[4] + low[5]


def test_an_amendment_needs_two_thirds_of_both_houses_and_the_partners_consent(deck) -> None:
    state = evolve(at(new_game(deck, seed=1), rung=2), phase="policy")
    revise = deck.policy("tokyo", "tokyo-revise")
    reasons = [text for _, text in option_unmet(revise, state)]
    assert any("has not agreed" in r for r in reasons)
    assert any("two-thirds of both Houses" in r and "House of Councillors: ruling bloc 135 of 242" in r for r in reasons)
    big = evolve(state, seats=(475, 291, 35, 242, 150, 20), flags=("coalition_consent",))
    assert option_unmet(revise, big) == []


def test_csd_needs_the_diets_prior_approval_or_an_emergency_which_costs_more(deck) -> None:
    defend = deck.card("us-ships-attacked").response("tokyo", "defend-us-ships")
    assert defend.requires.approval == "diet_approved_survival"
    state = at(new_game(deck, seed=1), tension=4)
    state = evolve(state, flags=("survival_threat",))
    reasons = [text for _, text in option_unmet(defend, state)]
    assert any("needs the Diet's prior approval" in r and "emergency" in r for r in reasons)
    assert option_unmet(defend, evolve(state, flags=("diet_approved_survival", "survival_threat"))) == []
    assert option_unmet(defend, at(state, tension=2)) == []  # an emergency: after the fact


def test_asset_protection_is_not_csd_and_needs_no_diet_vote(deck) -> None:
    protect = deck.card("us-ships-attacked").response("tokyo", "protect-assets")
    assert protect.basis == "asset_protection" and not protect.csd
    assert protect.requires.approval == "" and "us_request" in protect.requires.flags and protect.requires.min_of("rung") == 2


# --- alliance and limits ------------------------------------------------------------------


def test_alliance_gains_stop_at_the_ceiling_the_law_allows(deck) -> None:
    state = at(new_game(deck, seed=1), rung=0, interop=2)
    assert ceiling(state, "interop") == 2
    events: list = []
    after = apply_effect(state, Effect(deltas=(("interop", 2),)), events, "washington")
    assert after.track("interop") == 2 and any("held at 2" in e.text for e in events)
    with_step = evolve(state, flags=("guidelines_2015",))
    assert ceiling(with_step, "interop") == 3


def test_an_alliance_step_the_rung_does_not_allow_is_closed_with_the_reason(tmp_path) -> None:
    deck = deck_with(tmp_path, ('alliance = "guidelines"', 'alliance = "joint_operations"'))
    state = evolve(at(new_game(deck, seed=1), rung=0), phase="policy")
    reasons = [t for _, t in option_unmet(deck.policy("washington", "washington-guidelines"), state)]
    assert any("joint operations planning are beyond what the law allows at rung 0" in r for r in reasons)


def test_cooldowns_and_limits_close_a_policy_with_the_turn_it_opens_again(deck) -> None:
    state = evolve(new_game(deck, seed=1), turn=3, used=(("washington", "washington-reaffirm", 1, 2), ("washington", "washington-guidelines", 1, 1)))
    (why,) = [t for _, t in option_unmet(deck.policy("washington", "washington-reaffirm"), state)]
    assert why == "taken on turn 2: not again before turn 5"
    (why,) = [t for _, t in option_unmet(deck.policy("washington", "washington-guidelines"), state)]
    assert why == "taken 1 time already: at most 1 a game"


# --- events that happened once ------------------------------------------------------------


def test_a_one_off_card_is_drawn_once_and_an_inject_does_not_repeat_a_played_card(tmp_path) -> None:
    deck = deck_with(tmp_path, ('case = 14\n', 'case = 14\nonce = true\n'))
    state = new_game(deck, seed=1)
    state = to_responses(state, "hormuz-mines")
    assert "hormuz-mines" in state.drawn
    later = evolve(state, phase="event", card=None)
    from wargame.engine import eligible_cards

    assert [c.id for c in eligible_cards(later)] == ["us-ships-attacked"]
    # the MSEL inject of turn 3 names the played card: it is skipped, and says why
    from wargame.engine.phases import _turn_start

    events: list = []
    after = _turn_start(evolve(state, turn=3, phase="turn_start"), events)
    assert after.msel[0].status == "skipped"
    assert any("has already been played" in e.text for e in events)


def test_turns_have_dates_from_the_calendar(deck) -> None:
    assert outlook.turn_date(deck, 1) == "Apr-Jun 2016"
    assert outlook.turn_date(deck, 4) == "Jan-Mar 2017"
    monthly = evolve(deck, calendar=evolve(deck.calendar, start="2025-11", months=1))
    assert [outlook.turn_date(monthly, t) for t in (1, 2, 3)] == ["Nov 2025", "Dec 2025", "Jan 2026"]


def test_the_fast_replace_refuses_an_unknown_field_as_evolve_does(deck) -> None:
    from wargame.engine.replacing import replace

    state = new_game(deck, seed=1)
    with pytest.raises(TypeError, match="no field 'tursn'"):
        replace(state, tursn=3)
    assert replace(state, turn=3).turn == 3 and replace(state, turn=3) == evolve(state, turn=3)


def test_a_deck_can_close_the_emergency_route_for_a_basis(tmp_path) -> None:
    """The 19 Sep 2015 commitment: prior approval without exception for CSD (a deck states it in [rules])."""
    deck = deck_with(tmp_path, ("rupture_cohesion = 10\n", 'rupture_cohesion = 10\nprior_only = ["csd"]\n'))
    defend = deck.card("us-ships-attacked").response("tokyo", "defend-us-ships")
    state = evolve(at(new_game(deck, seed=1), tension=2), flags=("survival_threat",))
    (why,) = [t for _, t in option_unmet(defend, state)]
    assert "no emergency route" in why


def test_the_diets_approval_needs_each_house_and_supporters_count_for_an_amendment(tmp_path) -> None:
    deck = deck_with(tmp_path, ("upper = { seats = 242, lead = 115, partner = 20 }", "upper = { seats = 242, lead = 100, partner = 20, supporters = 45 }"))
    state = new_game(deck, seed=1)
    assert diet.standing(state) == "supermajority"  # 120 + 45 backers of an amendment reach 162 of 242
    assert not diet.both_houses(state)  # but 120 of 242 is no majority for approving a plan
    assert diet.meets(state, ("majority", "supermajority")) and not diet.meets(state, ("both_houses",))


def test_a_card_that_answers_a_flag_comes_back_whenever_the_flag_is_set(tmp_path) -> None:
    deck = deck_with(tmp_path, ("[cards.when]\nmax_tension = 5", '[cards.when]\nflags = ["survival_threat"]'))
    from wargame.engine import eligible_cards

    state = evolve(new_game(deck, seed=1), drawn=("us-ships-attacked",), flags=("survival_threat",))
    assert "us-ships-attacked" in [c.id for c in eligible_cards(state)]


def test_a_historical_event_is_not_drawn_before_its_date(tmp_path) -> None:
    deck = deck_with(tmp_path, ('case = 14\ndate = "2014-07"\n', 'case = 14\ndate = "2016-10"\nonce = true\n'))
    from wargame.engine import eligible_cards

    state = new_game(deck, seed=1)
    assert deck.calendar.turn_of("2016-10") == 3
    assert "hormuz-mines" not in [c.id for c in eligible_cards(evolve(state, turn=2))]
    assert "hormuz-mines" in [c.id for c in eligible_cards(evolve(state, turn=3))]
