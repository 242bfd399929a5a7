"""The pure rules engine: frozen state in, frozen state and events out.

Nothing here does I/O, reads a clock, uses global random state or imports
a UI library; `tests/engine/test_purity.py` holds it to that.
"""

from __future__ import annotations

from .actions import HOLD, Action, Event, IllegalAction
from .chance import chance_action
from .legality import eligible_cards, legal_actions, open_actions, to_move
from .machine import apply, new_game
from .model import Card, Deck, Option
from .scoring import role_score, running_scores
from .state import HIDDEN, GameState, Resolution, state_hash
from .tracks import CHANCE, FACILITATOR, ROLES, TRACKS
from .view import view

Actor = str

__all__ = [
    "Action",
    "Actor",
    "CHANCE",
    "Card",
    "Deck",
    "Event",
    "FACILITATOR",
    "GameState",
    "HIDDEN",
    "HOLD",
    "IllegalAction",
    "Option",
    "ROLES",
    "Resolution",
    "TRACKS",
    "apply",
    "chance_action",
    "eligible_cards",
    "legal_actions",
    "new_game",
    "open_actions",
    "role_score",
    "running_scores",
    "state_hash",
    "to_move",
    "view",
]
