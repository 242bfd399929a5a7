"""The rollout bot: tries each open option by playing the rest of the game many times.

It sees only its view. Other capitals' sealed choices are hidden there, so
it determinises: it drops them and lets the doctrine bots choose again in
each rollout. Chance in rollouts uses salts of its own, never the game's
future draws. The option with the best mean final score for its role
wins; the same rollouts (common random numbers) are used for every option
so the comparison is fair.
"""

from __future__ import annotations

from ..engine import Action, GameState, apply, legal_actions, role_score
from ..engine.chance import mix
from ..engine.tracks import ROLE_NAMES, ROLES
from .doctrine_bot import DoctrineBot
from .playout import determinise, play_out
from .protocol import BotMaker, role_seed

DEFAULT_ROLLOUTS = 10


class RolloutBot:
    kind = "rollout"

    def __init__(self, seed: int = 0, rollouts: int = DEFAULT_ROLLOUTS, model: BotMaker = DoctrineBot) -> None:
        self.seed = seed
        self.rollouts = rollouts
        #: the maker of the bot that plays every seat inside the rollouts (never a rollout bot: no rollouts within rollouts)
        self.model = model

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]:
        base = determinise(view, seat)
        allowed = [a for a in legal_actions(base, seat) if a.allowed]
        if not allowed:
            raise ValueError(f"{seat} has no allowed action in the {view.phase} phase")
        if len(allowed) == 1:
            reason = "the only open option"
            return allowed[0].with_rationale(reason), reason
        bots = {role: self.model(role_seed(self.seed, role)) for role in ROLES}
        salts = [mix(self.seed, view.seed, view.seq, i) | 1 for i in range(self.rollouts)]
        means: list[float] = []
        for action in allowed:
            after, _ = apply(base, action.with_rationale("rollout"), explain=False, trusted=True)
            total = 0
            for salt in salts:
                total += role_score(play_out(after, bots, salt=salt), seat)
            means.append(total / len(salts))
        order = sorted(range(len(allowed)), key=lambda i: -means[i])
        best, second = order[0], order[1]
        runner_up = allowed[second].label or allowed[second].choice
        reason = (
            f"{ROLE_NAMES[seat]} rollouts: best expected score {means[best]:+.1f} over {self.rollouts} games"
            f" (next: {runner_up} {means[second]:+.1f})"
        )
        return allowed[best].with_rationale(reason), reason
