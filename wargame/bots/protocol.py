"""What a bot is, and how the bots at one table are seeded."""

from __future__ import annotations

from typing import Final, Callable, Protocol

from ..engine import Action, GameState
from ..engine.chance import mix
from ..engine.tracks import ROLES


class Bot(Protocol):
    """Anything that chooses from a seat's view (never the full state) and says why."""

    @property
    def kind(self) -> str: ...

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]: ...


#: makes a bot from its seed
BotMaker = Callable[[int], Bot]
#: a bot decides once a phase: the number its own die names the phase by when keyed
_PHASE_KEYS: Final = {"responses": 1, "policy": 2}


def bot_die(seed: int, view: GameState, keyed: bool = False) -> int:
    """A bot's own die at a decision (its pick among near-equal options, a random bot's move).

    In a game it is keyed by the step, as saves and `simulate` have it. In a
    rollout (`keyed`) it is keyed by the decision, the turn and the phase
    (a bot decides once a phase), as rollout dice are keyed by event: the
    step drifts between the rollouts of two responses, and rollout i of
    every response should break the same tie alike.
    """
    if keyed:
        return mix(seed, view.seed, view.turn, _PHASE_KEYS.get(view.phase, 0))
    return mix(seed, view.seed, view.seq)


def role_seed(seed: int, role: str) -> int:
    """The seed of a role's bot in a game of `seed`: seed + 1 + the role's index, as a Session seeds them."""
    return seed + 1 + ROLES.index(role)
