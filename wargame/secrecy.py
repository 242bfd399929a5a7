"""What a seat may see of a game in progress: nothing sealed before its reveal.

`view(state, seat)` hides other capitals' sealed choices from one position.
A record of the whole game (a save, its replay, its report) holds every
sealed choice with its rationale, so while the game is on, a player is shown
it only up to the last position where nothing is sealed and unrevealed.
"""

from __future__ import annotations

from typing import Sequence

from .engine import GameState


def hides_a_choice(state: GameState) -> bool:
    """Responses have been sealed and not yet revealed (the reveal ends the responses phase)."""
    return state.phase == "responses" and bool(state.sealed)


def public_until(states: Sequence[GameState]) -> int:
    """How many decisions of a game in progress every seat may see: up to the last reveal
    (or to the end, when no sealed choice waits for one). `states[i]` is the position after i."""
    last = len(states) - 1
    while last > 0 and hides_a_choice(states[last]):
        last -= 1
    return last
