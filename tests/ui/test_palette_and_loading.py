"""The palette offers only the game's own quit (which asks), and a big deck loads behind a dialog."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from tests.waiting import until
from wargame.ui.dialogs.confirm import ConfirmDialog
from wargame.ui.dialogs.loading import SLOW_BYTES, LoadingDialog
from wargame.ui.screens.game import GameScreen
from wargame.ui.screens.setup import SetupScreen
from wargame.ui.settings import GameSettings

from .conftest import make_app, screen_text

ROOT = Path(__file__).resolve().parents[2]


async def test_the_palette_quits_only_by_asking(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette", "the palette")
        await pilot.press(*"quit")
        await until(pilot, lambda: "Quit wargame" in screen_text(app), "the matches")
        assert "Quit the application" not in screen_text(app)
        assert not re.search(r"^\W*Quit\W*$", screen_text(app), re.M), "Textual's own quit is offered"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "back to the game")
        await pilot.press("ctrl+q")  # Textual's key to quit at once: here it asks, as q does
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the quit dialog")
        assert app.is_running


async def test_a_big_deck_loads_behind_a_dialog_that_swallows_keys(tmp_path: Path) -> None:
    source = (ROOT / "decks" / "era-2013.toml").read_text(encoding="utf-8")
    start, end = source.index("[[cards]]"), source.index("[[policies]]")
    copies = [source[start:end].replace('[[cards]]\nid = "', f'[[cards]]\nid = "x{n}-') for n in range(1, SLOW_BYTES // (end - start) + 2)]
    deck = tmp_path / "big.toml"
    deck.write_text(source[:end] + "".join(copies) + source[end:], encoding="utf-8")
    assert deck.stat().st_size >= SLOW_BYTES
    app = make_app(tmp_path, seed=2)
    app.settings = GameSettings(deck=str(deck), seed=2, seats=app.settings.seat_map)
    loading, real_load = threading.Event(), app.load

    def load(ref: str):  # the deck loads once the test has seen the dialog (in the dialog's thread)
        loading.wait(30)
        return real_load(ref)

    app.load = load  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SetupScreen(app.settings))
        await until(pilot, lambda: isinstance(app.screen, SetupScreen) and "Deck file" in screen_text(app), "the setup")
        app.screen.action_start()
        await until(pilot, lambda: isinstance(app.screen, LoadingDialog) and "Loading the deck big.toml" in screen_text(app), "the loading dialog")
        await pilot.press("q")  # typed while loading: it must not quit
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LoadingDialog)
        loading.set()
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and "Turn 1/" in screen_text(app), "the game on the big deck")
        assert app.is_running and app.session.deck.path == str(deck)
