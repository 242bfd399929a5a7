"""What a seat may see: the one way state leaves the engine for a seat.

A view is a GameState with what the seat may not know masked: other
capitals' sealed responses (and their rationales) before the reveal, and
the undo checkpoint, which the facilitator alone may use. The engine's
functions work on a view for the seat it was made for, so bots take views.
"""

from __future__ import annotations

from .replacing import replace
from .state import HIDDEN, GameState
from .tracks import FACILITATOR


def view(state: GameState, seat: str) -> GameState:
    if seat == FACILITATOR:
        return state
    sealed = tuple(
        (role, choice, why) if role == seat else (role, HIDDEN, "") for role, choice, why in state.sealed
    )
    if sealed == state.sealed and state.checkpoint is None:
        return state
    return replace(state, sealed=sealed, checkpoint=None)
