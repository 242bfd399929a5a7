"""Rollouts from a position and bulk simulation: complete, reproducible, blind to hidden choices."""

from __future__ import annotations

import hashlib

import pytest

from tests.bots.test_bots import first_decision
from wargame import saves
from wargame.analysis import (
    END_ORDER,
    Cancelled,
    analyse,
    format_summary,
    histogram,
    play_game,
    simulate,
    sparkline,
    summarise,
)
from wargame.bots import bots_for
from wargame.bots.playout import play_out
from wargame.engine import ROLES, TRACKS, apply, legal_actions, new_game, to_move, view


def test_analysis_lists_every_response_with_figures_or_its_reason(mini_deck) -> None:
    state = first_decision(mini_deck, seed=4)
    seat = to_move(state)[0]
    result = analyse(state, seat, rollouts=12, floor=12, seed=1)
    listed = legal_actions(state, seat)
    assert [o.action.key for o in result.options] == [a.key for a in listed]
    for o, a in zip(result.options, listed):
        assert o.allowed == a.allowed
        if not o.allowed:
            assert o.reason == a.reason and o.rollouts == 0
            continue
        assert o.rollouts == 12 and sum(o.ends) == 12 and len(o.scores) == 12
        assert len(o.track_change) == len(TRACKS)
        assert min(o.scores) <= o.mean_score <= max(o.scores)
        assert sum(o.chance_of(e) for e in END_ORDER) == pytest.approx(1.0)
        # every figure carries its interval
        assert o.score_low <= o.mean_score <= o.score_high
        for e in END_ORDER:
            chance = o.end_chance(e)
            assert chance.low <= o.chance_of(e) <= chance.high
    assert result.leader is not None and result.leader.allowed
    data = result.to_dict()
    assert data["seat"] == seat and len(data["options"]) == len(listed)
    assert data["leader"] == result.leader.action.choice and data["verdict"] == result.verdict()
    for o, row in zip(result.options, data["options"]):
        if o.allowed:
            assert row["expected_score_interval"] == [round(o.score_low, 3), round(o.score_high, 3)]
            assert set(row["end_interval"]) == set(END_ORDER)


def test_the_old_method_is_still_there_figure_for_figure(mini_deck) -> None:
    """Dice keyed by step and no racing give exactly the figures analyses gave before (digest taken then)."""
    state = first_decision(mini_deck, seed=6)
    seat = to_move(state)[0]
    result = analyse(state, seat, rollouts=30, floor=30, seed=3, aligned=False)
    rows = [(o.action.choice, o.allowed, o.rollouts, o.ends, o.scores, tuple(round(t, 9) for t in o.track_change), o.wins) for o in result.options]
    assert hashlib.sha256(repr(rows).encode()).hexdigest() == "cfb0b089123343dc68b791cc45546cd418d5fc233b13ac07c5cb5366570f0b04"


def test_analysis_is_reproducible_and_the_same_with_two_processes(mini_deck) -> None:
    state = first_decision(mini_deck, seed=6)
    seat = to_move(state)[0]
    one = analyse(state, seat, rollouts=60, floor=10, seed=3)
    assert analyse(state, seat, rollouts=60, floor=10, seed=3) == one
    assert analyse(state, seat, rollouts=60, floor=10, seed=3, jobs=2) == one
    assert analyse(state, seat, rollouts=60, floor=10, seed=3, jobs=2, chunk=3) == one
    assert analyse(state, seat, rollouts=60, floor=10, seed=4) != one


def test_analysis_cannot_see_other_seats_sealed_choices(mini_deck) -> None:
    state = first_decision(mini_deck, seed=3)
    while len(to_move(state)) < 2:
        state = first_decision(mini_deck, seed=state.seed + 1)
    first, second = to_move(state)[:2]
    choices = [a for a in legal_actions(state, first) if a.allowed]
    a = analyse(apply(state, choices[0].with_rationale("plan a"))[0], second, rollouts=8)
    b = analyse(apply(state, choices[-1].with_rationale("plan b"))[0], second, rollouts=8)
    assert a == b


def test_analysis_reports_progress_and_can_be_cancelled(mini_deck) -> None:
    state = first_decision(mini_deck, seed=4)
    seat = to_move(state)[0]
    seen: list[tuple[int, int]] = []
    result = analyse(state, seat, rollouts=400, floor=5, progress=lambda done, most: seen.append((done, most)))
    used = result.used
    assert seen[0][0] == 0 and seen[-1] == (used, used)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert all(done <= most for done, most in seen)  # "most" is what the race could still take at worst
    assert [m for _, m in seen] == sorted((m for _, m in seen), reverse=True)
    count = len(seen)
    with pytest.raises(Cancelled):
        analyse(state, seat, rollouts=50, floor=50, cancelled=lambda: len(seen) > count + 3, progress=lambda d, t: seen.append((d, t)))


def test_analysis_refuses_a_seat_with_nothing_to_choose(mini_deck) -> None:
    state = first_decision(mini_deck, seed=4)
    idle = next(r for r in ROLES if r not in to_move(state))
    with pytest.raises(ValueError, match="no decision"):
        analyse(state, idle, rollouts=2)


def test_histogram_and_sparkline() -> None:
    assert histogram([], 5) == []
    assert histogram([3, 3], 5) == [(3, 3, 2)]
    bins = histogram(list(range(10)), 5)
    assert sum(c for _, _, c in bins) == 10 and bins[0][0] == 0 and bins[-1][1] == 9
    assert sparkline([0, 1, 4]) == " ▂█"
    assert sparkline([0, 0]) == ""


def test_simulation_is_the_same_whatever_the_number_of_processes(mini_deck) -> None:
    seats = {"tokyo": "doctrine", "washington": "random", "beijing": "doctrine"}
    one = simulate(mini_deck, games=30, seed=5, seats=seats, jobs=1, chunk=7)
    two = simulate(mini_deck, games=30, seed=5, seats=seats, jobs=2, chunk=7)
    assert one == two
    assert [r.index for r in one] == list(range(30)) and [r.seed for r in one] == list(range(5, 35))
    assert summarise(one, mini_deck, seed=5, seats=seats) == summarise(two, mini_deck, seed=5, seats=seats)
    # game i is the game of seed S + i, whoever plays it and however the run is cut
    assert play_game(mini_deck, 12, seats, index=7) == one[7]


def test_summary_counts_every_game_and_names_what_was_chosen_and_closed(mini_deck) -> None:
    results = simulate(mini_deck, games=20, seed=1)
    summary = summarise(results, mini_deck, seed=1)
    assert sum(summary["end_reasons"].values()) == 20
    assert sum(r["wins"] for r in summary["roles"].values()) + summary["no_winner"] == 20
    assert set(summary["tracks"]) == set(TRACKS)
    chosen = summary["most_chosen_responses"]["tokyo"]
    assert chosen and all(row["label"] and "/" in row["what"] for row in chosen)
    rung = summary["most_blocked"]["rung"]
    assert rung and rung[0]["role"] == "tokyo" and rung[0]["count"] > 0
    text = format_summary(summary)
    for heading in ("How the games ended", "Scores and wins", "Final tracks", "Responses chosen most often", "closed by the legal rung", "closed by public support"):
        assert heading in text


def test_simulated_games_are_written_as_normal_saves(mini_deck, tmp_path) -> None:
    results = simulate(mini_deck, games=3, seed=2, save_dir=tmp_path)
    paths = sorted(tmp_path.glob("*.toml"))
    assert [p.name for p in paths] == ["mini-seed-2.toml", "mini-seed-3.toml", "mini-seed-4.toml"]
    for path, result in zip(paths, results):
        replay = saves.verify(path)
        assert replay.divergence is None
        final = replay.states[-1]
        assert final.over and final.end_reason == result.end_reason
        assert tuple(final.scores[r] for r in ROLES) == result.scores
        # every bot decision carries its reason into the save
        assert all(d.action.rationale for d in replay.save.decisions if d.actor in ROLES)


def test_view_of_a_seat_is_what_analysis_uses(mini_deck) -> None:
    state = first_decision(mini_deck, seed=4)
    seat = to_move(state)[0]
    assert analyse(view(state, seat), seat, rollouts=4) == analyse(state, seat, rollouts=4)


def test_analysis_of_a_facilitated_game_stands_in_for_the_white_cell(mini_deck) -> None:
    """Rollouts need the facilitator's decisions too: fire what is due, accept, rule by the odds."""
    from wargame.bots.playout import next_move

    state = new_game(mini_deck, seed=4, seats={"facilitator": "human"}, mode="semi-rigid")
    bots = bots_for({r: "doctrine" for r in ROLES}, 4)
    while not [a for a in to_move(state) if a in ROLES]:
        state, _ = apply(state, next_move(state, bots, 0)[0])
    seat = [a for a in to_move(state) if a in ROLES][0]
    result = analyse(state, seat, rollouts=6, floor=6)
    assert all(sum(o.ends) == 6 for o in result.options if o.allowed)
    final = play_out(state, bots, salt=3)
    assert final.over and final.facilitated


def test_each_rollout_plays_the_other_capitals_afresh(mini_deck) -> None:
    """A rollout's bots are seeded by its salt: a random capital's first move varies from rollout to rollout.

    Seeded alike in every rollout, it would make the same move in all of them
    (and a doctrine bot would break every near-tie alike), so the rollouts
    would give one draw of how the others play, not its spread. Rollout i of
    every response still meets the same bots; the analysis as it was
    (`aligned=False`) keeps its shared ones.
    """
    from wargame.analysis.pool import RolloutJob
    from wargame.bots.playout import next_move

    state = first_decision(mini_deck, seed=4)
    seat = to_move(state)[0]
    kinds = {role: "random" if role != seat else "doctrine" for role in ROLES}
    opening = next(a for a in legal_actions(state, seat) if a.allowed)
    after, _ = apply(state, opening.with_rationale("test"), explain=False, trusted=True)
    job = RolloutJob((after,), kinds, 3, seat, True)
    firsts = set()
    for salt in range(1, 41, 2):
        position, bots = after, job.bots(salt)
        while to_move(position)[0] not in kinds or to_move(position)[0] == seat:
            position, _ = apply(position, next_move(position, bots, salt, aligned=True)[0], explain=False)
        mover = to_move(position)[0]
        firsts.add(next_move(position, bots, salt, aligned=True)[0].key)
        assert job.bots(salt)[mover].seed == bots[mover].seed  # the same salt, the same bots
    assert len(firsts) > 1
    old = RolloutJob((after,), kinds, 3, seat, False)
    assert {old.bots(salt)[r].seed for salt in (1, 3, 5) for r in (ROLES[0],)} == {old.bots(1)[ROLES[0]].seed}
