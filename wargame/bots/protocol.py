"""What a bot is, and how the bots at one table are seeded."""

from __future__ import annotations

from typing import Callable, Protocol

from ..engine import Action, GameState
from ..engine.tracks import ROLES


class Bot(Protocol):
    """Anything that chooses from a seat's view (never the full state) and says why."""

    @property
    def kind(self) -> str: ...

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]: ...


#: makes a bot from its seed
BotMaker = Callable[[int], Bot]


def role_seed(seed: int, role: str) -> int:
    """The seed of a role's bot in a game of `seed`: seed + 1 + the role's index, as a Session seeds them."""
    return seed + 1 + ROLES.index(role)
