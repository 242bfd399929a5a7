"""Snapshots at 80x24 of the lines that end the game: the board with the collapse count running,
and the end screen after a collapse, its last outcomes first (--snapshot-update to accept).

Both play the collapse test deck (tests/ui/data/collapse.toml) with Tokyo at
the keyboard choosing the highlighted option and random bots, no pacing.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from wargame.ui.screens.end import EndScreen
from wargame.ui.screens.game import GameScreen

from .conftest import make_app, screen_text, until

COLLAPSE = Path(__file__).parent / "data" / "collapse.toml"


async def press_enter_until(pilot: Pilot, done, what: str) -> None:
    app = pilot.app
    app.start_game(app.settings)
    await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo to choose")
    session = app.session
    for _ in range(80):
        if done(app):
            return
        moves, screen = len(session.log), app.screen
        await pilot.press("enter")
        await until(pilot, lambda: len(session.log) > moves or app.screen is not screen, "the game to move on")
    raise AssertionError(f"never reached {what}")


def counting(app) -> bool:
    """Tokyo to respond on turn 4: two turn ends counted towards the collapse, the third to come."""
    state = app.session.state
    return isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo" and state.turn == 4 and state.phase == "responses"


async def to_the_count(pilot: Pilot) -> None:
    await press_enter_until(pilot, counting, "turn 4")
    await until(pilot, lambda: "2 of 3" in screen_text(pilot.app), "the count drawn")


async def to_the_end(pilot: Pilot) -> None:
    await press_enter_until(pilot, lambda app: isinstance(app.screen, EndScreen), "the end screen")


def test_game_with_the_collapse_count_running(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path, deck=COLLAPSE, seed=2), run_before=to_the_count, terminal_size=(80, 24))


def test_end_screen_after_a_collapse(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path, deck=COLLAPSE, seed=2), run_before=to_the_end, terminal_size=(80, 24))
