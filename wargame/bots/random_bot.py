"""The random bot: a uniformly random allowed action, reproducible from its seed."""

from __future__ import annotations

from ..engine import Action, GameState, open_actions
from ..engine.chance import mix


class RandomBot:
    kind = "random"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]:
        allowed = open_actions(view, seat)
        if not allowed:
            raise ValueError(f"{seat} has no allowed action in the {view.phase} phase")
        action = allowed[mix(self.seed, view.seed, view.seq) % len(allowed)]
        reason = f"random choice among {len(allowed)} open options"
        return action.with_rationale(reason), reason
