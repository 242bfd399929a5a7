"""The random bot: a uniformly random allowed action, reproducible from its seed."""

from __future__ import annotations

from ..engine import Action, GameState, open_actions
from .protocol import bot_die


class RandomBot:
    kind = "random"

    def __init__(self, seed: int = 0, keyed: bool = False) -> None:
        self.seed = seed
        self.keyed = keyed  # its die keyed by the decision, for rollouts (`protocol.bot_die`)

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]:
        allowed = open_actions(view, seat)
        if not allowed:
            raise ValueError(f"{seat} has no allowed action in the {view.phase} phase")
        action = allowed[bot_die(self.seed, view, self.keyed) % len(allowed)]
        reason = f"random choice among {len(allowed)} open options"
        return action.with_rationale(reason), reason
