"""Intervals and racing, on numbers whose answer is known."""

from __future__ import annotations

import math
import random
from statistics import NormalDist

import pytest

from wargame.analysis.boundary import crossing_chance, per_look_level
from wargame.analysis.estimates import (
    OPEN,
    TIED,
    WORSE,
    Estimate,
    RaceRule,
    leading,
    mean_interval,
    paired_difference,
    proportion_interval,
    race,
    t_quantile,
)


@pytest.mark.parametrize("dof, table", [(1, 6.314), (2, 2.920), (4, 2.132), (9, 1.833), (19, 1.729), (49, 1.677), (99, 1.660), (10**6, 1.645)])
def test_t_quantiles_for_90_percent_match_the_table(dof: int, table: float) -> None:
    assert t_quantile(0.9, dof) == pytest.approx(table, rel=2e-3)


def test_a_mean_carries_its_t_interval() -> None:
    est = mean_interval([1, 2, 3, 4, 5])
    assert est.value == 3 and est.n == 5
    half = 2.132 * math.sqrt(2.5 / 5)
    assert est.low == pytest.approx(3 - half, rel=2e-3) and est.high == pytest.approx(3 + half, rel=2e-3)
    assert est.half == pytest.approx(half, rel=2e-3)
    assert mean_interval([7, 7, 7]) == Estimate(7, 7, 7, 3)
    assert math.isinf(mean_interval([4]).half) and mean_interval([]).n == 0


def test_a_share_carries_its_wilson_interval() -> None:
    est = proportion_interval(0, 50)
    assert est.value == 0 and est.low == 0 and 0.04 < est.high < 0.06  # never a zero-width interval at 0%
    est = proportion_interval(25, 100)
    assert est.low == pytest.approx(0.186, abs=1e-3) and est.high == pytest.approx(0.327, abs=1e-3)
    assert proportion_interval(50, 50).high == pytest.approx(1.0)


def test_paired_differences_use_the_rollouts_both_have() -> None:
    assert paired_difference([5, 6, 7, 100], [4, 5, 6]) == Estimate(1, 1, 1, 3)


def test_the_rule_separates_ties_and_leaves_the_rest_open() -> None:
    rule = RaceRule(cap=100, margin=0.5)
    assert rule.compare(Estimate(2.0, 0.1, 3.9, 50)) == WORSE
    assert rule.compare(Estimate(0.1, -0.3, 0.5, 50)) == TIED
    assert rule.compare(Estimate(0.3, -0.1, 0.7, 50)) == OPEN
    for bad in ({"cap": 0}, {"cap": 10, "floor": 0}, {"cap": 10, "growth": 1.0}, {"cap": 10, "level": 1.0}, {"cap": 10, "margin": -1}):
        with pytest.raises(ValueError):
            RaceRule(**bad)
    assert RaceRule(cap=20, floor=50).looks == (20,)
    assert RaceRule(cap=1000, floor=50).looks == (50, 75, 113, 170, 255, 383, 575, 863, 1000)
    # between a plain 90% at each look and Bonferroni's 1 - 10%/9, as the looks share most rollouts
    assert 0.9 < 1 - 0.1 / 3 < RaceRule(cap=1000).race_level < 1 - 0.1 / 9
    assert RaceRule(cap=50, floor=50).race_level == 0.9  # one look


@pytest.mark.parametrize("looks, boundary", [(2, 2.178), (3, 2.289), (4, 2.361), (5, 2.413), (10, 2.555)])
def test_the_boundary_over_equally_spaced_looks_is_pococks(looks: int, boundary: float) -> None:
    """Pocock's constants for a two-sided 5% over K equally spaced looks (Pocock 1977; Jennison and Turnbull, table 2.1)."""
    level = per_look_level(tuple(range(1, looks + 1)), 0.95)
    assert NormalDist().inv_cdf((1 + level) / 2) == pytest.approx(boundary, abs=2e-3)


def test_a_walk_crosses_the_race_boundary_as_often_as_the_level_allows() -> None:
    """The race's own looks, checked by simulating the walk: 10% cross at some look, not 3.6% (Bonferroni) nor 33%."""
    looks = RaceRule(cap=1000).looks
    c = NormalDist().inv_cdf((1 + per_look_level(looks, 0.9)) / 2)
    rng = random.Random(5)
    crossed = 0
    for _ in range(4000):
        total, taken = 0.0, 0
        for n in looks:
            total += rng.gauss(0, math.sqrt(n - taken))
            taken = n
            if abs(total) >= c * math.sqrt(n):
                crossed += 1
                break
    assert 0.085 < crossed / 4000 < 0.115
    assert crossing_chance(looks, c) == pytest.approx(0.1, abs=1e-3)


def synthetic(means: list[float], noise: float, own: float = 1.0, seed: int = 0):
    """play() for options whose rollout i is mean + noise shared by all options + noise of its own."""
    asked: list[dict[int, tuple[int, int]]] = []

    def play(wanted: dict[int, tuple[int, int]]) -> dict[int, list[float]]:
        asked.append(dict(wanted))
        out = {}
        for k, (start, stop) in wanted.items():
            rows = []
            for i in range(start, stop):
                shared = random.Random(seed * 100_000 + i).gauss(0, noise)
                mine = random.Random(seed * 100_000 + i + 7919 * (k + 1)).gauss(0, own) if own else 0.0
                rows.append(means[k] + shared + mine)
            out[k] = rows
        return out

    return play, asked


def test_identical_options_are_tied_at_the_floor() -> None:
    play, asked = synthetic([3.0, 3.0], noise=20, own=0)  # the same number in every rollout
    rule = RaceRule(cap=500, floor=40)
    scores = race(2, play, rule)
    assert len(scores[0]) == len(scores[1]) == 40 and len(asked) == 1
    assert rule.compare(rule.lead(scores[0], scores[1])) == TIED


def test_a_clearly_worse_option_is_separated_at_the_floor_and_stops() -> None:
    play, asked = synthetic([5.0, 0.0, 4.9], noise=20)
    scores = race(3, play, RaceRule(cap=1000, floor=50))
    assert len(scores[1]) == 50  # surely behind after the floor: no more rollouts for it
    assert asked[0] == {0: (0, 50), 1: (0, 50), 2: (0, 50)}
    assert all(1 not in w for w in asked[1:])
    assert leading(scores, [0, 2]) in (0, 2)


def test_options_closer_than_the_margin_race_to_a_tie_or_the_cap() -> None:
    rule = RaceRule(cap=600, floor=50, margin=0.5)
    verdicts = []
    for seed in range(8):
        play, asked = synthetic([1.0, 1.05], noise=5, own=3, seed=seed)
        scores = race(2, play, rule)
        assert len(scores[0]) == len(scores[1]) > 50  # never settled at the floor
        best = leading(scores, [0, 1])
        verdict = rule.compare(rule.lead(scores[best], scores[1 - best]))
        assert verdict != OPEN or len(scores[0]) == 600  # open only at the cap
        verdicts.append(verdict)
    assert verdicts.count(WORSE) <= 1  # a separation here is a false one, and rare


def test_equal_options_are_seldom_called_separated_though_the_race_looks_many_times() -> None:
    """With an interval per look, two equal options would be "separated" about a third of the time."""
    rule = RaceRule(cap=1000, floor=50)
    separated = 0
    for seed in range(200):
        play, _ = synthetic([0.0, 0.0], noise=5, own=3, seed=seed)
        scores = race(2, play, rule)
        best = leading(scores, [0, 1])
        separated += rule.compare(rule.lead(scores[best], scores[1 - best])) == WORSE
    assert separated <= 30  # about 10% over all the looks (20 expected; a third would be 66)


def test_a_single_option_gets_the_floor_and_a_fixed_rule_gets_the_cap() -> None:
    play, asked = synthetic([1.0], noise=5)
    assert [len(s) for s in race(1, play, RaceRule(cap=300, floor=30))] == [30]
    play, asked = synthetic([1.0, 9.0], noise=1)
    assert [len(s) for s in race(2, play, RaceRule(cap=80, floor=80))] == [80, 80]
    assert len(asked) == 1


def test_an_option_stopped_against_an_earlier_leader_races_again_when_not_settled_against_the_last() -> None:
    """The race ends with every option settled against the final leader, unless at the cap.

    Stopping an option for good once it is behind the leader of the moment
    left 24 of these 60 races with an option "not separated" after 50 or 75
    rollouts while the others went on.
    """
    rule = RaceRule(cap=1000, floor=50)
    for seed in range(60):
        play, _ = synthetic([0.0, 0.6, 0.9, 1.0, 0.3], noise=5, own=4, seed=seed)
        scores = race(5, play, rule)
        most = max(len(s) for s in scores)
        best = leading(scores, [k for k, s in enumerate(scores) if len(s) == most])
        for k, s in enumerate(scores):
            if k != best and len(s) < rule.cap:
                assert rule.compare(rule.lead(scores[best], s)) != OPEN, (seed, k)
