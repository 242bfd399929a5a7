"""One place guards hot-seat secrecy: no path a seat can reach mid-game shows another seat's
sealed choice or rationale before the reveal, and no player's screen shows the white cell's view."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from textual.pilot import Pilot

from tests.waiting import until
from wargame.engine.tracks import ROLE_NAMES
from wargame.ui.app import WargameApp
from wargame.ui.dialogs.analysis import AnalysisDialog
from wargame.ui.dialogs.confirm import ConfirmDialog
from wargame.ui.dialogs.decision import DecisionDialog
from wargame.ui.dialogs.pick_save import PickSaveDialog
from wargame.ui.screens.adjudication import AdjudicationScreen
from wargame.ui.screens.end import EndScreen
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.game import GameScreen
from wargame.ui.screens.handover import HandOverScreen
from wargame.ui.screens.help import HelpScreen
from wargame.ui.screens.log import LogScreen
from wargame.ui.screens.replay import ReplayScreen

from .conftest import answer_dialog, make_app
from .test_white_cell import CONSOLE_ONLY, flat, say, white_cell_app

SECRET = "ZQ-TOKYO-SEALED-REASON-77"




async def palette(pilot: Pilot, command: str) -> None:
    """Run a command from the command palette (Ctrl+P), as a player would."""
    await pilot.press("ctrl+p")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "CommandPalette", "the palette")
    await pilot.press(*command)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await until(pilot, lambda: type(pilot.app.screen).__name__ != "CommandPalette", f"palette: {command}")


async def test_no_seat_sees_a_sealed_choice_on_any_path(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=3, washington="human", beijing="human")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in flat(app), "the first hand-over")
        first = app.screen.seat
        order = [first, *(r for r in app.session.deck.card(app.session.state.card).addresses if r != first)]
        second, third = order[1], order[2]
        assert f"Hand the keyboard to {ROLE_NAMES[first]}" in flat(app)  # the first seat to choose is handed the keyboard too
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == first, "the first seat's turn")
        game = app.screen
        chosen = game.query_one("#choices").actions[game.query_one("#choices").highlighted]
        others = [r.label for r in app.session.deck.card(app.session.state.card).responses if r.role != first]
        assert chosen.label not in " ".join(others)
        await pilot.press("tab")
        await say(pilot, SECRET)
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in flat(app), "the second hand-over")
        assert app.session.state.sealed_by(first) == (chosen.choice, SECRET)

        def hidden(where: str) -> None:
            text = flat(app)
            assert chosen.label not in text, f"{first}'s sealed response shows in {where}"
            assert SECRET not in text, f"{first}'s rationale shows in {where}"

        hidden("the hand-over")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is game and game.acting == second, "the second seat's turn")
        hidden("the second seat's game screen")

        # the palette's replay: its picker, then the game in progress up to the last reveal only
        await palette(pilot, "Replay a saved game")
        assert isinstance(app.screen, PickSaveDialog)
        hidden("the replay's save picker")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay")
        replay = app.screen
        hidden("the replay")
        await pilot.press("home")
        for _ in range(replay.last + 2):
            hidden(f"the replay at decision {replay.at}")
            await pilot.press("right")
        assert replay.last < len(app.session.log) and "stops at the last reveal" in replay.decision_text().plain
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is game, "back to the game")

        # the running log, the help, the what-if analysis
        await palette(pilot, "Event log")
        await until(pilot, lambda: isinstance(app.screen, LogScreen), "the log")
        hidden("the log")
        await pilot.press("escape")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        hidden("the help")
        await pilot.press("f1")
        await until(pilot, lambda: app.screen is game, "back to the game")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AnalysisDialog) and app.screen.status != "running", "the analysis")
        hidden("the what-if analysis")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is game, "back to the game")

        # the palette's resume: the leave dialog says where the game stands; resuming the game in
        # progress hands the keyboard over before anything is shown
        await palette(pilot, "Resume a saved game")
        assert isinstance(app.screen, ConfirmDialog)
        assert "It is saved (" in flat(app)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, PickSaveDialog), "the resume picker")
        hidden("the resume picker")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in flat(app), "the hand-over after resuming")
        hidden("the hand-over after resuming")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == second, "the second seat again")
        game = app.screen
        hidden("the resumed game")
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LogScreen), "the rebuilt log")
        hidden("the log rebuilt on resuming")
        await pilot.press("escape")

        # the other two choose: the reveal shows the first seat's choice, so the checks above could fail
        for seat in (second, third):
            await until(pilot, lambda seat=seat: isinstance(app.screen, GameScreen) and app.screen.acting == seat, f"{seat} choosing")
            await pilot.press("enter")
            if seat == second:
                await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in flat(app), "the third hand-over")
                hidden("the third hand-over")
                await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AdjudicationScreen), "the reveal")
        revealed = " ".join(event.text for event in app.screen.record.events)  # the whole reveal, scrolled or not
        assert chosen.label in revealed and SECRET in revealed

    # the white cell's view never reaches a player's screen, while the white cell sees everything
    await facilitator_view_stays_with_the_white_cell(tmp_path / "white-cell")


async def facilitator_view_stays_with_the_white_cell(tmp_path: Path) -> None:
    secret = "TOKYO-SECRET-[b]REASON[/b]"
    app: WargameApp = white_cell_app(tmp_path, seed=3, turns=2, tokyo="human", washington="human")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in flat(app), "Tokyo's hand-over")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo's turn")
        game = app.screen
        chosen = game.query_one("#choices").actions[game.query_one("#choices").highlighted]
        await pilot.press("tab", *secret, "enter")
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in flat(app), "Washington's hand-over")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is game and game.acting == "washington", "Washington's turn")
        text = flat(app)
        assert chosen.label not in text and secret not in text
        for marker in CONSOLE_ONLY:
            assert marker not in text
        # the replay of the game in progress is refused while a white cell sits (its decisions are its own)
        app.action_replay()
        await until(pilot, lambda: isinstance(app.screen, PickSaveDialog), "the replay picker")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is game, "the refusal")
        assert not isinstance(app.screen, ReplayScreen)
        # the white cell sees every sealed choice with its rationale
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen), "the white cell")
        text = flat(app)
        assert "Sealed choices (each seat sees only its own)" in text
        assert f"Tokyo: {chosen.label} · {secret}" in text and "Washington: still choosing" in text
        await pilot.press("escape")  # back to the table: the keyboard is handed back to Washington
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to" in flat(app), "the hand-over back")
        assert "Hand the keyboard to Washington" in flat(app)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is game and game.acting == "washington", "Washington again")
        text = flat(app)
        assert chosen.label not in text and secret not in text
        # every screen a player is shown, all game long, keeps to the player's view
        seen_console = 0
        for _ in range(300):
            screen = app.screen
            if isinstance(screen, EndScreen):
                break
            text = flat(app)
            if isinstance(screen, FacilitatorScreen):
                seen_console += 1
                await pilot.press("enter")
                await pilot.pause()
                if isinstance(app.screen, DecisionDialog):
                    await answer_dialog(pilot, app.screen)
                continue
            if isinstance(screen, GameScreen) and screen.acting is not None:
                for marker in CONSOLE_ONLY:
                    assert marker not in text
                state = app.session.state
                for role, choice, why in state.sealed:
                    if role != screen.acting:
                        card = state.deck.card(state.card)
                        assert card.response(role, choice).label not in text
                        assert why not in text
                await pilot.press("tab")
                await say(pilot, f"QZ-{screen.acting}-{state.turn}")  # a rationale no screen has
            else:
                await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, EndScreen) and seen_console
