"""What a player or facilitator notices: keys in the footer that work, text that fits at 80x24, keys documented."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from wargame.ui.help_text import KEY_ROWS
from wargame.ui.screens.game import GameScreen

from .conftest import make_app, screen_text

README = Path(__file__).resolve().parents[2] / "README.md"


def footer_text(app: App) -> str:
    """The footer row (the last line of the screen)."""
    return screen_text(app).rstrip("\n").splitlines()[-1]


def test_the_help_keys_and_the_readme_keys_are_the_same_table() -> None:
    """The README's "Playing" key table is the help screen's Keys tab, row for row."""
    lines = README.read_text(encoding="utf-8").splitlines()
    header = lines.index("| key | where | what |")
    table = []
    for line in lines[header + 2 :]:
        if not line.startswith("| "):
            break
        table.append(tuple(cell.strip() for cell in line.strip("|").split(" | ")))
    assert tuple(table) == KEY_ROWS
    assert ("a", "game", "what if? roll out every open response of the seat choosing (c cancels, Escape closes)") in KEY_ROWS


async def test_the_footer_shows_what_if_while_a_seat_chooses_and_skip_only_while_bots_move(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=3, tokyo="random", washington="human")
    app.pace = 30.0  # only Space moves the game on
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        game = app.screen
        assert isinstance(game, GameScreen) and game.timer is not None
        footer = footer_text(app)
        assert "Skip ahead" in footer and "What if?" not in footer
        await pilot.press("space")
        await pilot.pause()
        assert game.acting == "washington" and game.timer is None
        footer = footer_text(app)
        assert "What if?" in footer and "Skip ahead" not in footer
        for label in ("Log", "Back", "Help", "Quit", "palette"):
            assert label in footer, (label, footer)
