"""How wide a racing interval must be so that all the race's looks together keep their confidence.

A race compares the options after every round, and stops at the first look
that settles them. An interval of plain 90% at every look would be wrong far
more often than one time in ten over the whole race; one of 1 - 10%/K at
each of K looks (Bonferroni) is safe but too wide, because successive looks
share most of their rollouts. The exact width is the one constant boundary
that a random walk crosses at some look with the stated chance (Pocock's
group-sequential boundary, 1977): worked out here by integrating the walk's
density from look to look (Armitage, McPherson and Rowe, 1969) on a fine
grid, for the looks the race will take.
"""

from __future__ import annotations

import math
from functools import lru_cache

#: grid points per look (odd, for Simpson's rule): the boundary comes out within about 0.001
MESH = 61
_ROOT_2PI = math.sqrt(2 * math.pi)


def crossing_chance(looks: tuple[int, ...], c: float, mesh: int = MESH) -> float:
    """The chance that a walk of unit-variance steps is at least `c` standard deviations from 0 at some look.

    `looks` are the steps taken by each look (increasing). The density of
    the walks that have not crossed yet is carried from look to look on a
    grid over the region inside the boundary.
    """
    xs: list[float] = []
    weights: list[float] = []  # Simpson weight times density at each grid point
    taken = 0
    for n in looks:
        spread = math.sqrt(n - taken)
        bound = c * math.sqrt(n)
        h = 2 * bound / (mesh - 1)
        grid = [-bound + i * h for i in range(mesh)]
        if not xs:
            density = [math.exp(-0.5 * (y / spread) ** 2) / (spread * _ROOT_2PI) for y in grid]
        else:
            density = [
                sum(w * math.exp(-0.5 * ((y - x) / spread) ** 2) for x, w in zip(xs, weights)) / (spread * _ROOT_2PI)
                for y in grid
            ]
        simpson = [h / 3 * (1 if i in (0, mesh - 1) else 4 if i % 2 else 2) for i in range(mesh)]
        xs, weights = grid, [s * d for s, d in zip(simpson, density)]
        taken = n
    return 1 - math.fsum(weights)


@lru_cache(maxsize=64)
def per_look_level(looks: tuple[int, ...], level: float) -> float:
    """The confidence of each look's interval so that, over all `looks` together, the race holds `level`.

    One look needs only `level` itself. The boundary lies between the plain
    quantile and Bonferroni's, and is found by bisection on the crossing
    chance, which falls as the boundary widens.
    """
    if len(looks) <= 1:
        return level
    from statistics import NormalDist  # deferred, as in estimates: only analyses need it

    normal = NormalDist()
    alpha = 1 - level
    low, high = normal.inv_cdf(1 - alpha / 2), normal.inv_cdf(1 - alpha / (2 * len(looks)))
    for _ in range(20):
        mid = (low + high) / 2
        if crossing_chance(looks, mid) > alpha:
            low = mid
        else:
            high = mid
    return 2 * normal.cdf(high) - 1
