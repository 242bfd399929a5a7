"""Pilot tests of the lines that end the game and of outcomes a player must see.

The collapse test deck (tests/ui/data/collapse.toml) has a cabinet that
falls after turn 4 in every game: approval ends turn 2 at its collapse line
of 31 and stays there, so the count runs 1, 2, 3.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from attrs import evolve
from textual.pilot import Pilot
from textual.widgets import Markdown

from wargame.decks import load_deck
from wargame.engine import Resolution, new_game
from wargame.engine.tracks import TRACK_LABELS, TRACKS
from wargame.report import build_report
from wargame.sparklines import track_sparkline
from wargame.ui.app import WargameApp
from wargame.ui.outcome_text import outcome_line, own_policy_line
from wargame.ui.screens.end import EndScreen
from wargame.ui.screens.game import GameScreen
from wargame.ui.screens.help import HelpScreen
from wargame.ui.widgets.move_ticker import MoveTicker
from wargame.ui.widgets.track_panel import RECENT

from .conftest import make_app, screen_text, until

COLLAPSE = Path(__file__).parent / "data" / "collapse.toml"


def collapse_app(tmp_path: Path) -> WargameApp:
    return make_app(tmp_path, deck=COLLAPSE, seed=2)


async def enter_until(pilot: Pilot, app: WargameApp, done: Callable[[], bool], what: str, limit: int = 80) -> None:
    """Press Enter (the highlighted choice, or Continue) until `done`, waiting for each press to take."""
    session = app.session
    assert session is not None
    for _ in range(limit):
        if done():
            return
        moves, screen = len(session.log), app.screen
        await pilot.press("enter")
        await until(pilot, lambda: len(session.log) > moves or app.screen is not screen, "the game to move on")
    raise AssertionError(f"never reached {what}")


def tokyo_to_respond(app: WargameApp, turn: int) -> Callable[[], bool]:
    def ready() -> bool:
        screen, session = app.screen, app.session
        return (
            isinstance(screen, GameScreen)
            and session is not None
            and session.state.turn == turn
            and session.state.phase == "responses"
            and screen.acting == "tokyo"
        )

    return ready


def ticker_text(app: WargameApp) -> str:
    ticker = app.screen.query_one("#ticker", MoveTicker)
    return " ".join(" ".join(line.text.split()) for line in ticker.lines)


async def start(pilot: Pilot, app: WargameApp) -> None:
    app.start_game(app.settings)
    await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo to choose")


async def test_the_collapse_count_is_on_the_board_and_its_warning_in_the_ticker(tmp_path: Path) -> None:
    app = collapse_app(tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await start(pilot, app)
        assert "collapse at ≤31 for 3 turns:" in screen_text(app)
        assert "0 of 3" in screen_text(app)
        assert "below the collapse line" not in ticker_text(app)
        await enter_until(pilot, app, tokyo_to_respond(app, 3), "Tokyo's response on turn 3")
        assert app.session is not None and app.session.state.low_approval_turns == 1
        await until(pilot, lambda: "1 of 3" in screen_text(app), "the count on the board")
        assert "Cabinet approval 31 is at or below the collapse line 31: turn 1 of 3 before the cabinet falls" in ticker_text(app)
        await enter_until(pilot, app, tokyo_to_respond(app, 4), "Tokyo's response on turn 4")
        await until(pilot, lambda: "2 of 3" in screen_text(app), "the count on the board")
        assert "turn 2 of 3 before the cabinet falls" in ticker_text(app)


async def test_a_players_own_policy_outcome_stays_on_the_board_a_turn(tmp_path: Path) -> None:
    app = collapse_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        assert "Your policy" not in screen_text(app)
        await enter_until(pilot, app, tokyo_to_respond(app, 2), "Tokyo's response on turn 2")
        session = app.session
        assert session is not None
        policy = next(d.action for d in session.log if d.actor == "tokyo" and d.action.kind == "policy")
        label = session.deck.policy("tokyo", policy.choice).label
        await until(pilot, lambda: "Your policy (turn 1) " in screen_text(app), "the policy's outcome on the board")
        shown = " ".join(screen_text(app).split())
        assert f"Your policy (turn 1) succeeded: {label.split()[0]}" in shown
        await enter_until(pilot, app, tokyo_to_respond(app, 3), "Tokyo's response on turn 3")
        await until(pilot, lambda: "Your policy (turn 2) " in screen_text(app), "the next policy's outcome")
        assert "Your policy (turn 1) " not in screen_text(app)


async def test_a_resumed_game_keeps_the_players_own_policy_outcome_on_the_board(tmp_path: Path) -> None:
    from wargame import saves

    app = collapse_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        await enter_until(pilot, app, tokyo_to_respond(app, 2), "Tokyo's response on turn 2")
        await until(pilot, lambda: "Your policy (turn 1) " in screen_text(app), "the policy's outcome on the board")
        live = " ".join(app.screen.query_one("#own-policy").render().plain.split())
        assert app.session is not None
        path = app.session.save_path
    assert path is not None
    app = collapse_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.play(saves.load(path))
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo to choose")
        await until(pilot, lambda: "Your policy (turn 1) " in screen_text(app), "the outcome after resuming")
        assert " ".join(app.screen.query_one("#own-policy").render().plain.split()) == live


async def test_the_end_screen_after_a_collapse_shows_the_last_outcomes_first(tmp_path: Path) -> None:
    app = collapse_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        await enter_until(pilot, app, lambda: isinstance(app.screen, EndScreen), "the end screen")
        session = app.session
        assert session is not None and session.state.end_reason == "collapse"
        await until(pilot, lambda: "Game over" in screen_text(app), "the end screen drawn")
        lines = [line.strip() for line in screen_text(app).splitlines()]

        def row(start: str) -> int:
            return next(i for i, line in enumerate(lines) if line.startswith(start))

        assert row("Game over: cabinet collapse") < row("The last outcomes, turn 4") < row("Tokyo's policy:")
        assert row("Tokyo's policy:") < row("Cabinet approval ended 3 turns in a row at or below the collapse line 31") < row("Scores")
        assert "(31, 29, 27)" in screen_text(app)


async def test_the_help_says_each_ending_in_the_figures_of_the_deck_in_play(tmp_path: Path) -> None:
    app = collapse_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        source = " ".join(app.screen.query_one("#rules-scroll").query_one(Markdown).source.split())
        assert "**In this game** (ui-collapse)" in source
        assert "ends 3 turns in a row at or below 31" in source
        assert "cohesion at or below 15" in source
        assert "tension reached 1 (armed conflict)" in source


async def test_one_sparkline_on_the_end_screen_the_board_and_the_report(tmp_path: Path) -> None:
    """The same game draws the same sparkline of each track everywhere (the end screen once read ▃▃▂▂
    where the report read ▃▃▃▃)."""
    app = collapse_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot, app)
        await enter_until(pilot, app, tokyo_to_respond(app, 4), "Tokyo's response on turn 4")
        session = app.session
        assert session is not None
        history = session.state.history
        board = screen_text(app)
        for track in ("approval", "support", "cohesion", "narrative"):
            line = next(row for row in board.splitlines() if row.strip().startswith(TRACK_LABELS[track]))
            assert f" {track_sparkline(history[-RECENT:], track)} " in line
        await enter_until(pilot, app, lambda: isinstance(app.screen, EndScreen), "the end screen")
        await until(pilot, lambda: "Track history" in screen_text(app), "the end screen drawn")
        await pilot.resize_terminal(120, 60)
        await until(pilot, lambda: "partnership with New Delhi" in screen_text(app), "the whole history")
        end = screen_text(app).splitlines()
        report = build_report(session).splitlines()
        final = session.state.history
        for track in TRACKS:
            spark = track_sparkline(final, track)
            shown = next(row for row in end if row.strip().startswith(TRACK_LABELS[track] + " "))
            drawn = re.search(r" ([▁▂▃▄▅▆▇█]+) ", shown)
            assert drawn is not None and drawn.group(1) == spark, (track, shown)
            assert any(row.startswith(f"| {TRACK_LABELS[track]} | `{spark}` |") for row in report), track


def test_a_failed_policy_reads_as_failed_with_its_roll() -> None:
    """The board's own-policy line and the end screen's line: the failure and its roll, never the success text."""
    deck = load_deck(COLLAPSE)
    state = new_game(deck, seed=1)
    option = deck.policy("tokyo", "tokyo-cabinet-decision")
    assert option is not None
    failed = Resolution("policy", "tokyo", option.id, odds=60, roll=100, success=False)
    board = own_policy_line(state, 3, failed).plain
    assert board == f"Your policy (turn 3) failed (roll 100 > 60): {option.label}"
    end = outcome_line(state, failed).plain
    assert end == f"Tokyo's policy: {option.label} — failure (roll 100, needed 60 or less)"
    assert option.explain not in board + end
    won = own_policy_line(state, 3, evolve(failed, roll=60, success=True)).plain
    assert won == f"Your policy (turn 3) succeeded (roll 60 ≤ 60): {option.label}"
