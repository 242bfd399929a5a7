"""Bots by kind name, as seats name them: the one place that knows every kind.

The kinds themselves are data in `wargame.seats` (saves and the command
line check seats against them without loading any bot); each is made here.
"""

from __future__ import annotations

from typing import Mapping

from ..engine.tracks import ROLES
from ..seats import BOT_KINDS
from .doctrine_bot import DoctrineBot
from .protocol import Bot, BotMaker, role_seed
from .random_bot import RandomBot
from .rollout import RolloutBot

#: the maker of each bot kind, in the order `seats.BOT_KINDS` lists them
BOT_MAKERS: dict[str, BotMaker] = {
    "random": RandomBot,
    "doctrine": DoctrineBot,
    "rollout": RolloutBot,
}
if tuple(BOT_MAKERS) != BOT_KINDS:
    raise RuntimeError(f"the bots made ({', '.join(BOT_MAKERS)}) must be the seat kinds' bots ({', '.join(BOT_KINDS)})")


#: the kinds whose own die can be keyed by the decision (a rollout bot plays no rollouts within rollouts)
KEYABLE: dict[str, type[RandomBot] | type[DoctrineBot]] = {"random": RandomBot, "doctrine": DoctrineBot}


def make_bot(kind: str, seed: int = 0, keyed: bool = False) -> Bot:
    """A bot of `kind`; `keyed` (for rollouts) keys its own die by the decision rather than the step."""
    if keyed and kind in KEYABLE:
        return KEYABLE[kind](seed, keyed=True)
    try:
        return BOT_MAKERS[kind](seed)
    except KeyError:
        raise ValueError(f"unknown bot '{kind}': use one of {', '.join(BOT_MAKERS)}") from None


def bots_for(kinds: Mapping[str, str], seed: int, keyed: bool = False) -> dict[str, Bot]:
    """One bot per role, seeded as a Session seeds them (seed + 1 + the role's index)."""
    return {role: make_bot(kinds[role], seed=role_seed(seed, role), keyed=keyed) for role in ROLES}
