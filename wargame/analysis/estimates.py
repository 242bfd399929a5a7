"""How sure rollouts are: intervals, paired differences and the rule that races options.

Rollouts estimate each option's expected score; an estimate is only as good
as its interval. Options are compared on paired differences (rollout i of
one option against rollout i of another, which share their dice), so a
comparison carries much less noise than two separate means would. Racing
plays rollouts in rounds and stops as soon as the comparisons settle: the
leader ahead of every other option, or level with it within a stated
margin (a tie); a cap bounds the work and a floor keeps every option's own
figures meaningful.

Looking again after every round and stopping at the first look that
separates would make a 90% interval wrong far more often than one time in
ten (two equal options would be "separated" about a third of the time). So
the comparisons use an interval widened for the looks the race may take,
just enough that all of them together hold 90% (`boundary`: Pocock's
group-sequential boundary), and the rounds grow geometrically so that
there are few looks.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from attrs import frozen

from .boundary import per_look_level

#: the confidence of every interval shown (two-sided)
LEVEL = 0.9
#: rollouts every open option gets before any comparison stops it
FLOOR = 50
#: each round takes the racing options to this many times the rollouts of the last
GROWTH = 1.5
#: options whose difference lies surely within this many points are called tied
MARGIN = 0.5

#: what a comparison with the leader says about another option
WORSE, TIED, OPEN = "worse", "tied", "open"
#: the standing of the leader itself
BEST = "best"


@frozen
class Estimate:
    """A figure with its interval, from `n` rollouts."""

    value: float
    low: float
    high: float
    n: int

    @property
    def half(self) -> float:
        """Half the interval's width: the "±" of the figure."""
        return (self.high - self.low) / 2


def normal_quantile(p: float) -> float:
    """The standard normal's quantile at `p`."""
    from statistics import NormalDist  # deferred: statistics costs every start of the game 5 ms, and only analyses use it

    return NormalDist().inv_cdf(p)


def t_quantile(level: float, dof: int) -> float:
    """Student's t for a two-sided interval of `level` (exact for 1 and 2 degrees of freedom, else a close expansion)."""
    p = (1 + level) / 2
    if dof <= 1:
        return math.tan(math.pi * (p - 0.5))
    if dof == 2:
        q = 2 * p - 1
        return q * math.sqrt(2 / (1 - q * q))
    z = normal_quantile(p)
    return (
        z
        + (z**3 + z) / (4 * dof)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * dof**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * dof**3)
    )


def mean_interval(values: Sequence[float], level: float = LEVEL) -> Estimate:
    """The mean with its t interval (a single value has no spread to judge by: its interval is unbounded)."""
    n = len(values)
    if n == 0:
        return Estimate(0.0, -math.inf, math.inf, 0)
    mean = math.fsum(values) / n
    if n == 1:
        return Estimate(mean, -math.inf, math.inf, 1)
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half = t_quantile(level, n - 1) * math.sqrt(var / n)
    return Estimate(mean, mean - half, mean + half, n)


def proportion_interval(count: int, n: int, level: float = LEVEL) -> Estimate:
    """A share with its Wilson interval (sound near 0% and 100%, where most end conditions sit)."""
    if n == 0:
        return Estimate(0.0, 0.0, 1.0, 0)
    z = normal_quantile((1 + level) / 2)
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), n)


def paired_difference(a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Estimate:
    """Mean of a[i] - b[i] over the rollouts both have, with its interval."""
    n = min(len(a), len(b))
    return mean_interval([a[i] - b[i] for i in range(n)], level)


@frozen
class RaceRule:
    """When racing stops: every option has `floor` rollouts, then rounds `growth` times larger until settled or at `cap`."""

    cap: int
    floor: int = FLOOR
    growth: float = GROWTH
    margin: float = MARGIN
    level: float = LEVEL

    def __attrs_post_init__(self) -> None:
        if self.cap < 1 or self.floor < 1:
            raise ValueError("rollouts and floor must be at least 1")
        if not self.growth > 1:
            raise ValueError("each round must be larger than the last (growth above 1)")
        if not self.margin >= 0:
            raise ValueError("the margin of a tie cannot be negative")
        if not 0 < self.level < 1:
            raise ValueError("a confidence level lies between 0 and 1")

    @property
    def looks(self) -> tuple[int, ...]:
        """The rollouts per racing option at each comparison: the floor, then growing to the cap."""
        targets = [min(self.floor, self.cap)]
        while targets[-1] < self.cap:
            targets.append(min(self.cap, max(targets[-1] + 1, math.ceil(targets[-1] * self.growth))))
        return tuple(targets)

    @property
    def race_level(self) -> float:
        """The confidence of each comparison, so that all the looks together hold `level`."""
        return per_look_level(self.looks, self.level)

    def compare(self, difference: Estimate) -> str:
        """WORSE when the leader is surely ahead, TIED when surely within the margin, else OPEN."""
        if difference.low > 0:
            return WORSE
        if -self.margin <= difference.low and difference.high <= self.margin:
            return TIED
        return OPEN

    def lead(self, leader: Sequence[float], other: Sequence[float]) -> Estimate:
        """The leader's paired lead over another option, with the race's interval."""
        return paired_difference(leader, other, self.race_level)


#: play(wanted) plays option k's rollouts wanted[k] = (start, stop) and returns their scores by option
Play = Callable[[dict[int, tuple[int, int]]], dict[int, list[float]]]


def race(count: int, play: Play, rule: RaceRule, looked: Callable[[list[list[float]]], None] | None = None) -> list[list[float]]:
    """Play rollouts for `count` options until the leader is settled against every other; every option's scores.

    Each round, the options still racing are played up to the same number
    of rollouts (rollout i of every option shares its dice). An option
    surely behind the leader, or surely within the margin of it, stops; the
    race ends when only the leader is left or at the cap. The leader can
    change as rollouts come in, so every option is compared with the leader
    of the moment: one that stopped against an earlier leader and is not
    settled against this one races again (its paired comparison is then on
    the rollouts both have). The scores depend only on the rollouts'
    results, never on how they were computed. `looked(scores)`, when given,
    is told the scores at every look but the last (a provisional answer while
    the race goes on).
    """
    scores: list[list[float]] = [[] for _ in range(count)]
    racing = list(range(count))
    for target in rule.looks:
        for k, rows in play({k: (len(scores[k]), target) for k in racing}).items():
            scores[k].extend(rows)
        if len(racing) <= 1:
            break
        leader = leading(scores, racing)
        racing = [k for k in range(count) if k == leader or rule.compare(rule.lead(scores[leader], scores[k])) == OPEN]
        if len(racing) == 1 or target == rule.looks[-1]:
            break
        if looked is not None:
            looked(scores)
    return scores


def leading(scores: Sequence[Sequence[float]], among: Sequence[int]) -> int:
    """The option with the highest mean score among `among` (the first listed on a tie)."""
    return max(among, key=lambda k: (math.fsum(scores[k]) / len(scores[k]) if scores[k] else -math.inf, -k))
