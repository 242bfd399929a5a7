"""Bots: each chooses from a seat's view (never the full state) and says why.

A bot is anything with `choose(view, seat) -> (Action, reason)`: the action
carries the reason as its rationale, so the log, the replay and the report
show it like any player's. Bots are made by kind name, as seats name them:
"doctrine" (priority rules per capital, `doctrines.py`), "rollout" (the
option with the best mean score over simulated games, `rollout.py`) and
"random".
"""

from __future__ import annotations

from typing import Callable, Protocol

from ..engine import Action, GameState
from .doctrine import DoctrineBot
from .random_bot import RandomBot
from .rollout import RolloutBot


class Bot(Protocol):
    kind: str

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]: ...


#: seat kinds: "human" is not a bot; every other kind is made here
BOT_MAKERS: dict[str, Callable[[int], Bot]] = {
    "random": RandomBot,
    "doctrine": DoctrineBot,
    "rollout": RolloutBot,
}
SEAT_KINDS: tuple[str, ...] = ("human", *BOT_MAKERS)


def make_bot(kind: str, seed: int = 0) -> Bot:
    try:
        return BOT_MAKERS[kind](seed)
    except KeyError:
        raise ValueError(f"unknown bot '{kind}': use one of {', '.join(BOT_MAKERS)}") from None
