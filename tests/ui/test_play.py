"""Pilot tests: whole games at the keyboard, from the title screen to the end screen."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from wargame.ui.app import WargameApp
from wargame.ui.dialogs.decision import DecisionDialog
from wargame.ui.screens.adjudication import AdjudicationScreen
from wargame.ui.screens.end import EndScreen
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.game import GameScreen
from wargame.ui.screens.handover import HandOverScreen
from wargame.ui.screens.setup import SetupScreen
from wargame.ui.screens.title import TitleScreen
from wargame.ui.settings import GameSettings

from .conftest import answer_dialog, make_app, screen_text, until


async def play_to_end(pilot: Pilot, app: WargameApp, limit: int = 600) -> list[str]:
    """Press Enter through every screen until the end screen; the screens seen, in order."""
    seen: list[str] = []
    for _ in range(limit):
        screen = app.screen
        seen.append(type(screen).__name__)
        if isinstance(screen, EndScreen):
            return seen
        assert isinstance(screen, (GameScreen, AdjudicationScreen, HandOverScreen, FacilitatorScreen)), seen[-5:]
        await pilot.press("enter")
        await pilot.pause()
        if isinstance(app.screen, DecisionDialog):  # the white cell's decision asks for its reason
            await answer_dialog(pilot, app.screen)
    raise AssertionError(f"no end screen after {limit} steps: {seen[-10:]}")


async def test_whole_game_from_title_to_end(tmp_path: Path) -> None:
    """Title, setup with its defaults (the 2013 scenario, Tokyo human, bots) but 4 turns, a whole game, the end screen."""
    app = WargameApp(GameSettings(seed=5), saves_dir=tmp_path, pace=0, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")  # "New game" is highlighted
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "era-2013" in screen_text(app)
        await pilot.click("#turns")  # the defaults, but a shorter game
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        session = app.session
        assert session is not None
        assert session.deck.id == "era-2013"
        assert session.seats["tokyo"] == "human"
        assert session.seats["washington"] != "human" and session.seats["beijing"] != "human"
        assert session.state.last_turn == 4
        # the first choice carries a rationale with markup characters, kept literally
        await pilot.press("tab", *"[bold]why[/bold] not", "enter")
        await pilot.pause()
        seen = await play_to_end(pilot, app)
        assert "AdjudicationScreen" in seen
        assert session.state.over
        text = screen_text(app)
        assert "Game over" in text
        for name in ("Tokyo", "Washington", "Beijing"):
            assert name in text
        for role, score in session.state.scores.items():
            assert str(score) in text
        assert "public support" in text  # the track history
        tokyo_moves = [d for d in session.log if d.actor == "tokyo"]
        assert tokyo_moves[0].action.rationale == "[bold]why[/bold] not"
        assert any("[bold]why[/bold] not" in e.text for e in app.logbook.entries)
        assert session.save_path is not None and session.save_path.is_file()


async def test_hot_seat_never_shows_a_sealed_choice(tmp_path: Path) -> None:
    """Tokyo and Washington at one keyboard: Washington's screens never show Tokyo's sealed choice."""
    secret = "SECRET-TOKYO-REASON"
    app = make_app(tmp_path, seed=3, washington="human")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        # the first seat to choose is handed the keyboard too, so nobody else is looking when it does
        await until(pilot, lambda: isinstance(app.screen, HandOverScreen) and "Hand the keyboard to Tokyo" in screen_text(app), "Tokyo's hand-over")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo to choose")
        game = app.screen
        assert isinstance(game, GameScreen)
        assert game.acting == "tokyo"
        card = app.session.deck.card(app.session.state.card)
        assert card.addresses.index("tokyo") < card.addresses.index("washington")
        tokyo_labels = [r.label for r in card.responses_for("tokyo")]
        washington_labels = [r.label for r in card.responses_for("washington")]
        choice = game.query_one("#choices").actions[game.query_one("#choices").highlighted]
        assert choice.label not in " ".join(washington_labels)
        await pilot.press("tab", *secret, "enter")
        await pilot.pause()
        assert app.session.state.sealed_by("tokyo") == (choice.choice, secret)
        # the hand-over screen: a full screen naming the next seat, nothing of Tokyo's choice
        assert isinstance(app.screen, HandOverScreen)
        text = screen_text(app)
        assert "Hand the keyboard to Washington" in text
        assert choice.label not in text and secret not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.screen.acting == "washington"
        text = screen_text(app)
        assert "Washington" in text and washington_labels[0] in text
        assert choice.label not in text, "Tokyo's sealed choice is on Washington's screen"
        assert secret not in text
        for label in tokyo_labels:
            assert label not in text
        # the log, one key away, holds no sealed choice either
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(app)
        assert "has chosen a response (sealed)" in text
        assert choice.label not in text and secret not in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is game
        await pilot.press("enter")  # Washington chooses: the reveal shows both
        await pilot.pause()
        assert isinstance(app.screen, AdjudicationScreen)
        text = screen_text(app)
        assert choice.label in text and secret in text


async def test_closed_response_is_listed_with_its_reason_and_cannot_be_chosen(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and any(c.actions for c in app.screen.query("#choices")), "Tokyo's choices")
        game = app.screen
        assert isinstance(game, GameScreen)
        actions = game.query_one("#choices").actions
        closed = [a for a in actions if not a.allowed]
        assert closed and closed[0].reason
        text = screen_text(app)
        assert closed[0].label in text
        assert "closed: needs rung 2" in text
        await pilot.press(str(actions.index(closed[0]) + 1))
        await pilot.pause()
        assert app.screen is game and game.acting == "tokyo"
        assert app.session.state.sealed_by("tokyo") is None


async def test_deck_text_with_brackets_is_shown_literally(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: "[bold]Brackets[/bold] stay literal: [red]x[/]." in screen_text(app), "the card's text, literally")


async def test_quit_mid_game_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        game = app.screen
        await pilot.press("q")
        await pilot.pause()
        assert "Quit the game in progress?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is game and app.is_running
        await pilot.press("escape")  # back out: leave for the title screen, asked first
        await pilot.pause()
        assert "Leave the game in progress?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("q")  # no game in progress: quits at once
        await pilot.pause()
        assert not app.is_running


async def test_bot_moves_are_paced_and_space_skips_ahead(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=3, tokyo="random", washington="human")
    app.pace = 30.0  # far longer than the test: only Space can move the game on
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.timer is not None, "the bots' paced move")
        game = app.screen
        assert isinstance(game, GameScreen)
        assert game.acting is None
        await until(pilot, lambda: "Beijing: chose, sealed (random bot)" in screen_text(app), "Beijing's sealed move in the ticker")
        text = screen_text(app)
        assert "Beijing: chose, sealed (random bot)" in text
        assert "Waiting for" in text
        await pilot.press("space")
        await pilot.pause()
        assert game.acting == "washington"
        assert "Tokyo: chose, sealed (random bot)" in screen_text(app)


async def test_help_log_and_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Legal ladder" in text and "Glossary" in text and "Keys" in text
        await pilot.press("right")
        await pilot.pause()
        assert "The legal ladder" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert "Ittaika" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("r")  # resume with no saves yet: a clear message
        await pilot.pause()
        assert any("No saves yet" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"new game")
        await pilot.pause()
        assert "New game" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


async def test_facilitator_seat_accepts_and_fires_so_the_game_goes_on(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=2, tokyo="random", facilitator="human")
    app.settings = GameSettings(deck=app.settings.deck, seed=2, seats=app.settings.seat_map, mode="semi-rigid", turns=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        while not isinstance(app.screen, FacilitatorScreen):
            await pilot.press("enter")
            await pilot.pause()
        text = screen_text(app)
        assert "1. Accept the adjudication" in text and "closed:" not in text
        seen = await play_to_end(pilot, app)
        assert "FacilitatorScreen" in seen
        kinds = {d.action.kind for d in app.session.log if d.actor == "facilitator"}
        assert "accept" in kinds
        assert app.session.state.over


def test_constants_spelled_out_for_a_fast_start_match_their_sources() -> None:
    """The title screen and `wargame` avoid loading deck and engine code; their copies must agree."""
    from wargame.cli import options
    from wargame.decks import DEFAULT_DECK
    from wargame.engine.tracks import MODES
    from wargame.ui import DEFAULT_DECK as UI_DEFAULT_DECK

    assert UI_DEFAULT_DECK == DEFAULT_DECK
    assert options.MODES == MODES


async def test_end_screen_saves_and_writes_the_report(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=2, tokyo="random")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        await play_to_end(pilot, app)
        save = app.session.save_path
        assert save is not None and save.is_file()
        await pilot.press("s")
        await pilot.press("w")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert f"Saved to {save}" in messages
        report = save.with_suffix(".md")
        assert f"Report written to {report}" in messages
        assert report.is_file() and "Tokyo" in report.read_text(encoding="utf-8")
        await pilot.press("escape")  # the game is over: straight back to the title
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("r")  # resume: the finished game is listed
        await pilot.pause()
        assert save.stem in screen_text(app) or app.session.name in screen_text(app)
