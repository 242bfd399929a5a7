"""Chance as an actor: the seed generates outcomes, the log carries them.

Outcomes are a pure function of the seed and the step number (splitmix64),
so they never depend on Python's `random` module or on hash seeds, and a
replay reads them from the log rather than regenerating them.
"""

from __future__ import annotations

from .actions import Action
from .state import GameState
from .tracks import CHANCE

MASK = (1 << 64) - 1


def mix(*numbers: int) -> int:
    """splitmix64 over the given integers: a well-spread 64-bit number."""
    x = 0x9E3779B97F4A7C15
    for n in numbers:
        x = (x + (n & MASK) + 0x9E3779B97F4A7C15) & MASK
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        x = z ^ (z >> 31)
    return x


def pick_weighted(weights: list[int], r: int) -> int:
    total = sum(weights)
    point = r % total
    for i, w in enumerate(weights):
        if point < w:
            return i
        point -= w
    return len(weights) - 1


def chance_action(state: GameState, salt: int = 0) -> Action:
    """The chance outcome the seed gives at this step (a draw or a roll)."""
    from .machine import eligible_cards

    r = mix(state.seed, state.seq, salt)
    if state.phase == "event":
        cards = eligible_cards(state)
        i = pick_weighted([c.weight for c in cards], r)
        return Action(CHANCE, "draw", cards[i].id)
    return Action(CHANCE, "roll", value=1 + r % 100)
