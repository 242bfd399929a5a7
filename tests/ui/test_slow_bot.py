"""A slow bot (the rollout bot) chooses in a worker: the app answers keys while it thinks."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from textual.pilot import Pilot

from tests.waiting import until
from wargame.bots.random_bot import RandomBot
from wargame.bots.rollout import RolloutBot
from wargame.engine import GameState
from wargame.ui.screens.game import GameScreen
from wargame.ui.screens.log import LogScreen

from .conftest import make_app




async def test_the_app_answers_keys_while_a_rollout_bot_thinks(tmp_path: Path, monkeypatch) -> None:
    started, release = threading.Event(), threading.Event()

    def slow_choose(self: RolloutBot, view: GameState, seat: str):
        """Thinks until the test lets it, then chooses as the random bot would."""
        started.set()
        assert release.wait(30), "the test never let the bot choose"
        return RandomBot(self.seed).choose(view, seat)

    monkeypatch.setattr(RolloutBot, "choose", slow_choose)
    app = make_app(tmp_path, washington="rollout")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.start_game(app.settings)
            await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
            game = app.screen
            assert isinstance(game, GameScreen)
            for _ in range(60):  # Tokyo chooses (Enter) until Washington's bot must move
                if started.is_set():
                    break
                await pilot.press("enter")
                await pilot.pause(0.02)
            await until(pilot, lambda: started.is_set() and game.thinking, "the rollout bot thinking")
            moves = len(app.session.log)
            await pilot.press("l")  # the log opens while the bot is still thinking
            await until(pilot, lambda: isinstance(app.screen, LogScreen), "the log screen")
            assert game.thinking and len(app.session.log) == moves
            await pilot.press("l")
            await until(pilot, lambda: app.screen is game, "the game screen again")
            release.set()
            await until(pilot, lambda: not game.thinking, "the bot done thinking")
            await until(pilot, lambda: any(d.actor == "washington" for d in app.session.log[moves:]), "Washington's move")
    finally:
        release.set()
