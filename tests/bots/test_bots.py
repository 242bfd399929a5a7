"""Bots: registered by kind, choose only allowed actions from views, explain every choice."""

from __future__ import annotations

import pytest
from attrs import evolve

from wargame.analysis import analyse
from wargame.bots import BOT_MAKERS, bots_for, make_bot
from wargame.bots.doctrine_bot import DoctrineBot
from wargame.bots.ladder import ladder_options
from wargame.bots.playout import determinise, play_out
from wargame.bots.rollout import RolloutBot
from wargame.decks import bundled_decks, load_deck
from wargame.engine import CHANCE, HIDDEN, ROLES, Action, GameState, apply, chance_action, legal_actions, new_game, to_move, view
from wargame.engine.tracks import TRACK_INDEX
from wargame.seats import SEAT_KINDS, parse_seats
from wargame.session import Session


def with_track(state: GameState, track: str, value: int) -> GameState:
    i = TRACK_INDEX[track]
    return evolve(state, values=(*state.values[:i], value, *state.values[i + 1 :]))


def first_decision(deck, seed: int = 1, **options) -> GameState:
    """The game at its first decision of a capital (chance drawn from the seed)."""
    state = new_game(deck, seed=seed, **options)
    while not [a for a in to_move(state) if a in ROLES]:
        state, _ = apply(state, chance_action(state))
    return state


def test_every_bot_kind_is_a_seat_kind_and_is_made_by_name() -> None:
    assert {"random", "doctrine", "rollout"} <= set(BOT_MAKERS)
    assert set(BOT_MAKERS) <= set(SEAT_KINDS)
    for kind in BOT_MAKERS:
        assert make_bot(kind, seed=3).kind == kind
    seats = parse_seats("tokyo=human,washington=doctrine,beijing=rollout")
    assert (seats["tokyo"], seats["washington"], seats["beijing"]) == ("human", "doctrine", "rollout")
    with pytest.raises(ValueError, match="unknown bot"):
        make_bot("oracle")


@pytest.mark.parametrize("deck", bundled_decks(), ids=lambda d: d.id)
def test_doctrine_bots_play_whole_games_with_one_line_reasons(deck) -> None:
    """Every choice is allowed (apply would refuse it otherwise) and carries its doctrine's reason."""
    reasons: dict[str, set[str]] = {role: set() for role in ROLES}

    def record(state, action, reason, actions) -> None:
        if action.actor in ROLES:
            assert action.rationale == reason
            assert reason and "\n" not in reason and len(reason) < 200
            assert reason.startswith(f"{action.actor.title()} doctrine: ")
            assert action.key in {a.key for a in actions if a.allowed}
            reasons[action.actor].add(reason.split(" (")[0])

    for seed in range(6):
        final = play_out(new_game(deck, seed=seed), bots_for({r: "doctrine" for r in ROLES}, seed), record=record)
        assert final.over
    # the doctrines are priority rules, not one habit: each capital gives several kinds of reason
    assert all(len(kinds) >= 3 for kinds in reasons.values()), reasons


def test_doctrine_choice_is_reproducible_and_seed_breaks_only_ties(mini_deck) -> None:
    state = first_decision(mini_deck)
    seat = to_move(state)[0]
    a1 = DoctrineBot(4).choose(view(state, seat), seat)
    a2 = DoctrineBot(4).choose(view(state, seat), seat)
    assert a1 == a2 and a1[0].rationale == a2[0].rationale


def tokyo_policy_phase(deck, seed: int = 1) -> GameState:
    state = first_decision(deck, seed=seed)
    while state.phase != "policy" or to_move(state) != ("tokyo",):
        actor = to_move(state)[0]
        if actor == "chance":
            state, _ = apply(state, chance_action(state))
        else:
            state, _ = apply(state, DoctrineBot(0).choose(view(state, actor), actor)[0])
    return state


def test_tokyo_doctrine_climbs_the_ladder_and_guards_the_cabinet(mini_deck) -> None:
    steps = ladder_options(mini_deck)
    # the Bureau appointment, the panel and Komeito's consent prepare the cabinet decision, which prepares the bills
    for policy in ("tokyo-appoint-bureau-chief", "tokyo-advisory-panel", "tokyo-consult-partner", "tokyo-cabinet-decision", "tokyo-submit-bills", "tokyo-diet-vote"):
        assert ("policy", "tokyo", policy) in steps
    assert ("policy", "tokyo", "tokyo-relief-record") not in steps
    state = tokyo_policy_phase(mini_deck)
    action, reason = DoctrineBot(0).choose(with_track(state, "approval", 60), "tokyo")
    assert ("policy", "tokyo", action.choice) in steps and "ladder" in reason
    low = with_track(state, "approval", mini_deck.rules.collapse_approval + 3)
    action, reason = DoctrineBot(0).choose(low, "tokyo")
    assert "collapse line" in reason and dict(mini_deck.policy("tokyo", action.choice).success.deltas)["approval"] > 0


def test_doctrines_step_back_one_step_from_war(mini_deck) -> None:
    state = tokyo_policy_phase(mini_deck)
    brink = with_track(state, "tension", 2)
    for role in ROLES:
        while to_move(brink) != (role,):
            actor = to_move(brink)[0]
            brink, _ = apply(brink, Action(actor, "policy", "hold") if actor in ROLES else chance_action(brink))
            brink = with_track(brink, "tension", 2)
        action, reason = DoctrineBot(0).choose(view(brink, role), role)
        assert "war" in reason or "crisis" in reason, (role, reason)
        option = mini_deck.policy(role, action.choice)
        assert option is not None and dict(option.success.deltas).get("tension", 0) > 0, (role, action.choice)


class Spy:
    """A bot that records what it was shown, then defers to the doctrine bot."""

    kind = "doctrine"

    def __init__(self) -> None:
        self.seen: list[GameState] = []

    def choose(self, seen: GameState, seat: str) -> tuple[Action, str]:
        self.seen.append(seen)
        return DoctrineBot(0).choose(seen, seat)


def test_a_bot_asked_to_move_cannot_see_another_seats_sealed_choice(mini_deck) -> None:
    session = Session.new(mini_deck, seed=1, seats={"tokyo": "doctrine", "washington": "doctrine", "beijing": "human"})
    spy = Spy()
    session.bots["tokyo"] = spy
    session.act(Action(CHANCE, "draw", "case-09-us-ships-attacked"))
    # Beijing (a human, first in the card's order) seals a choice with a secret rationale
    assert to_move(session.state) == ("beijing", "tokyo", "washington")
    secret = next(a for a in legal_actions(session.state, "beijing") if a.allowed)
    session.act(secret.with_rationale("the secret plan"))
    moves = list(session.run_automatic())
    assert moves[0][0].actor == "tokyo" and spy.seen
    shown = spy.seen[0]
    assert shown.sealed == (("beijing", HIDDEN, ""),)
    assert secret.choice not in repr(shown.sealed) and "the secret plan" not in repr(shown.sealed)
    assert shown.checkpoint is None
    # the full state did hold it: the session, not the bot, keeps it until the reveal
    assert "the secret plan" in repr(session.log[1].action.rationale)
    # and the bot's choice is logged as a decision with its reason, like any player's
    logged = next(d for d in session.log if d.actor == "tokyo")
    assert logged.action.rationale.startswith("Tokyo doctrine: ")


def test_rollout_bot_determinises_and_hidden_choices_do_not_change_its_answer(mini_deck) -> None:
    state = first_decision(mini_deck, seed=3)
    while len(to_move(state)) < 2 or sum(a.allowed for a in legal_actions(state, to_move(state)[1])) < 2:
        state = first_decision(mini_deck, seed=state.seed + 1)
    first, second = to_move(state)[0], to_move(state)[1]
    choices = [a for a in legal_actions(state, first) if a.allowed]
    sealed = [apply(state, a.with_rationale("x"))[0] for a in choices[:2]]
    seen = [view(s, second) for s in sealed]
    assert seen[0].sealed == seen[1].sealed == ((first, HIDDEN, ""),)
    assert determinise(seen[0], second).sealed == ()
    bot = RolloutBot(seed=5, rollouts=3)
    picks = [bot.choose(v, second) for v in seen]
    assert picks[0] == picks[1]
    assert "rollouts" in picks[0][1]


def test_rollout_bot_picks_the_best_expected_score_of_the_analysis(mini_deck) -> None:
    """The rollout bot plays on the dice it always had (keyed by step, a fixed number of rollouts), as simulations did."""
    state = first_decision(mini_deck, seed=8)
    seat = to_move(state)[0]
    bot = RolloutBot(seed=11, rollouts=6)
    action, reason = bot.choose(view(state, seat), seat)
    result = analyse(state, seat, rollouts=6, floor=6, seed=11, aligned=False)
    best = max((o for o in result.options if o.allowed), key=lambda o: o.mean_score)
    assert action.key == best.action.key
    assert f"{best.mean_score:+.1f}" in reason


def test_a_mini_deck_game_with_every_bot_kind_ends(mini_deck) -> None:
    bots = bots_for({"tokyo": "doctrine", "washington": "random", "beijing": "doctrine"}, 2)
    bots["tokyo"] = RolloutBot(seed=3, rollouts=1)
    final = play_out(new_game(mini_deck, seed=2, turns=3), bots)
    assert final.over and final.turn <= 3
