"""Helpers for the TUI tests: a stable test deck, apps with no pacing, and the screen as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from tests.waiting import until  # noqa: F401 - the UI tests take it from here
from wargame.decks import load_deck
from wargame.ui.app import WargameApp
from wargame.ui.settings import GameSettings

UI_DECK = Path(__file__).parent / "data" / "ui.toml"
BOTS = {"washington": "random", "beijing": "random", "facilitator": "off"}


def make_app(tmp_path: Path, *, deck: str | Path = UI_DECK, seed: int = 2, **seats: str) -> WargameApp:
    """An app with no bot pacing, no cursor blink and saves in `tmp_path`."""
    settings = GameSettings(deck=str(deck), seed=seed, seats={"tokyo": "human", **BOTS, **seats})
    loaded = load_deck(deck) if Path(deck).is_file() else None
    return WargameApp(settings, deck=loaded, saves_dir=tmp_path / "saves", pace=0, cursor_blink=False)


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


@pytest.fixture
def ui_app(tmp_path: Path) -> WargameApp:
    return make_app(tmp_path)


async def answer_dialog(pilot, dialog, reason: str = "ok") -> None:
    """Move through a white-cell dialog's fields with Enter, then state the reason and confirm."""
    for _ in range(3):
        if dialog.focused is not None and dialog.focused.id == "dlg-reason":
            break
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press(*reason, "enter")
    await pilot.pause()
