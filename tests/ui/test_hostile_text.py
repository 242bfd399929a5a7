"""Defence in depth: a hostile card, rationale and save name that got past the loaders and the
input cleaning still never send a control character to the terminal, on any screen that shows them."""

from __future__ import annotations

import re
from pathlib import Path

from attrs import evolve

from tests.waiting import until
from wargame import saves, session as session_module
from wargame.decks import load_deck
from wargame.saves import checking, reading, writing
from wargame.ui.dialogs.pick_save import PickSaveDialog
from wargame.ui.screens.adjudication import AdjudicationScreen
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.game import GameScreen
from wargame.ui.screens.handover import HandOverScreen
from wargame.ui.screens.log import LogScreen
from wargame.ui.screens.replay import ReplayScreen
from wargame.ui.screens.report import ReportScreen

from .conftest import UI_DECK, screen_text
from .test_white_cell import white_cell_app

ESC_CODES = "\x1b[2J\x1b]0;PWNED\x07\u202e\x9b31m"
#: what a terminal would act on: C0 but newline, DEL, C1, and the bidirectional controls
DANGEROUS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile(deck):
    """Every card's title, text and response labels, and every flag's text, carry escape codes."""
    cards = tuple(
        evolve(
            card,
            title=f"{card.title} {ESC_CODES}TITLE",
            text=f"{ESC_CODES}TEXT {card.text}",
            responses=tuple(evolve(r, label=f"{r.label} {ESC_CODES}", explain=f"{r.explain}{ESC_CODES}") for r in card.responses),
        )
        for card in deck.cards
    )
    return evolve(deck, cards=cards)


def clean(app, where: str, seen: set[str]) -> None:
    text = screen_text(app)
    found = DANGEROUS.search(text)
    assert found is None, f"{where} sends U+{ord(found.group()):04X} to the terminal"
    seen.add(where)


async def test_hostile_text_never_reaches_the_terminal_on_any_screen(tmp_path: Path, monkeypatch) -> None:
    # as if the loaders and the input cleaning had let everything through
    monkeypatch.setattr(session_module, "clean_typed", lambda text: text)
    monkeypatch.setattr(writing, "clean_typed", lambda text: text)
    monkeypatch.setattr(reading, "_refuse_control", lambda *args: None)
    deck = hostile(load_deck(UI_DECK))
    monkeypatch.setattr(checking, "cached_deck", lambda source: deck)
    app = white_cell_app(tmp_path, seed=3, mode="rigid", turns=2, tokyo="human", washington="human")
    app.decks[app.settings.deck] = deck
    seen: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        app.session.name = f"game {ESC_CODES} name"
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in screen_text(app), "the hand-over")
        clean(app, "hand-over", seen)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting is not None, "a seat choosing")
        assert "TITLE" in screen_text(app) and "PWNED" in screen_text(app)  # the hostile card is on screen
        clean(app, "game", seen)
        await pilot.press("tab")
        app.screen.query_one("#rationale").value = f"why {ESC_CODES} RATIONALE"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in screen_text(app), "the next hand-over")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the next seat")
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen), "the white cell")
        for _ in range(3):  # every tab: now, MSEL, table (the sealed rationale)
            clean(app, "white cell", seen)
            await pilot.press("right")
            await pilot.pause()
        await pilot.press("escape")
        for _ in range(40):
            screen = app.screen
            if isinstance(screen, AdjudicationScreen):
                break
            clean(app, type(screen).__name__, seen)
            if isinstance(screen, GameScreen) and screen.acting is not None:  # a facilitated game asks for a rationale
                screen.query_one("#rationale").value = f"because {ESC_CODES}"
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, AdjudicationScreen)
        clean(app, "adjudication", seen)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LogScreen) and "RATIONALE" in screen_text(app), "the log")
        clean(app, "log", seen)
        await pilot.press("escape")
        app.push_screen(ReportScreen(app.session))
        await until(pilot, lambda: isinstance(app.screen, ReportScreen) and "After-action report" in screen_text(app), "the report")
        for _ in range(len(app.screen.pages)):
            clean(app, "report viewer", seen)
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("escape")
        app.push_screen(PickSaveDialog("Replay which game?", saves.list_saves(tmp_path / "saves")))
        await until(pilot, lambda: isinstance(app.screen, PickSaveDialog) and "name" in screen_text(app), "the picker")
        clean(app, "save picker", seen)
        await pilot.press("escape")
        app.push_screen(ReplayScreen(app.session.save_path))
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen) and "Decision" in screen_text(app), "the replay")
        await pilot.press("home")
        for _ in range(len(app.session.log) + 1):
            clean(app, "replay", seen)
            await pilot.press("right")
            await pilot.pause()
    assert {"hand-over", "game", "white cell", "adjudication", "log", "report viewer", "save picker", "replay"} <= seen
