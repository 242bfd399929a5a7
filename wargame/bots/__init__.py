"""Bots: each chooses from a seat's view (never the full state) and says why.

A bot is anything with `choose(view, seat) -> (Action, reason)`: the action
carries the reason as its rationale, so the log, the replay and the report
show it like any player's. Bots are made by kind name, as seats name them
(`registry.py`): "doctrine" (priority rules per capital, `doctrine_bot.py`
and the doctrine book), "rollout" (the option with the best mean score
over simulated games, `rollout.py`) and "random".
"""

from __future__ import annotations

from .doctrine_bot import DoctrineBot
from .protocol import Bot, BotMaker
from .random_bot import RandomBot
from .registry import BOT_MAKERS, bots_for, make_bot
from .rollout import RolloutBot

__all__ = ["BOT_MAKERS", "Bot", "BotMaker", "DoctrineBot", "RandomBot", "RolloutBot", "bots_for", "make_bot"]
