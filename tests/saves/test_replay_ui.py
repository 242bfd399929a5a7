"""Pilot tests: resume a saved game, step through a replay (forward, back, jump) and branch from it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import MINI, random_move
from wargame import saves
from wargame.cli.replay import viewer
from wargame.decks import load_deck
from wargame.engine import state_hash
from wargame.session import Session

pytest.importorskip("textual")

from textual.app import App  # noqa: E402

from wargame.ui.app import WargameApp  # noqa: E402
from wargame.ui.screens.game import GameScreen  # noqa: E402
from wargame.ui.screens.replay import ReplayScreen  # noqa: E402
from wargame.ui.screens.title import TitleScreen  # noqa: E402

SEATS = {"tokyo": "human", "washington": "random", "beijing": "random", "facilitator": "off"}
RATIONALE = '[bold]Not markup[/bold]: "quoted"\nsecond line 🎌'
#: as the log keeps it: the line break typed (or pasted) becomes a space
STORED = '[bold]Not markup[/bold]: "quoted" second line 🎌'


def screen_text(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def saved_game(folder: Path, *, finish: bool = True) -> Session:
    """A mini-deck game with Tokyo at the keyboard (random choices with a markup-laden rationale)."""
    session = Session.new(load_deck(MINI), seed=6, seats=SEATS, turns=4, save_path=folder / "seminar.toml", name="Seminar [one]")
    rng = random.Random(6)
    while not session.state.over:
        list(session.run_automatic())
        if session.state.over:
            break
        session.act(random_move(session.state, rng).with_rationale(RATIONALE))
        if not finish and session.state.turn >= 2:
            list(session.run_automatic())
            break
    return session


async def test_replay_steps_forward_back_and_jumps_to_a_turn(tmp_path: Path) -> None:
    session = saved_game(tmp_path)
    replay = saves.open_replay(session.save_path)
    app = viewer(replay, tmp_path)
    app.pace, app.cursor_blink = 0, False
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        last = len(session.log)
        assert screen.at == last and f"Decision {last} of {last}" in screen_text(app)
        await pilot.press("home")
        assert screen.at == 0 and "The start of the game" in screen_text(app)
        await pilot.press("left")  # nothing before the start
        assert screen.at == 0
        await pilot.press("right", "right", "right")
        assert screen.at == 3
        assert f"Decision 3 of {last}" in screen_text(app)
        await pilot.press("left")
        assert screen.at == 2
        # a decision with a rationale: shown literally, with the adjudication's explanation
        tokyo = next(d.seq for d in session.log if d.actor == "tokyo" and d.action.rationale == STORED)
        while screen.at < tokyo:
            await pilot.press("right")
        text = screen_text(app)
        assert "[bold]Not markup[/bold]" in text and '"quoted"' in text and "second line" in text
        assert "What happened" in text
        shown = screen.decision_text().plain
        assert STORED in shown
        assert replay.events[tokyo - 1] and all(event.text in shown for event in replay.events[tokyo - 1])
        # jump to turn 3: the first decision taken in it
        await pilot.press("t", "3", "enter")
        first = next(d.seq for d in session.log if d.turn == 3)
        assert screen.at == first and screen.current_turn() == 3
        assert "turn 3 of 4" in screen_text(app)
        # the tracks on screen are those after that decision
        assert f"{replay.states[first].tracks['support']}/100" in screen_text(app)
        await pilot.press("right_square_bracket")
        fourth = next(d.seq for d in session.log if d.turn == 4)
        assert screen.at == fourth and screen.current_turn() == 4
        await pilot.press("right", "right", "left_square_bracket")  # back to the start of this turn
        assert screen.at == fourth
        await pilot.press("left_square_bracket")  # from a turn's start: the turn before
        assert screen.at == first
        await pilot.press("t", "9", "enter")  # no such turn: stays, and says so
        assert screen.at == first
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_branch_from_a_replay_starts_a_new_saved_game(tmp_path: Path) -> None:
    session = saved_game(tmp_path)
    replay = saves.open_replay(session.save_path)
    app = viewer(replay, tmp_path)
    app.pace, app.cursor_blink = 0, False
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("home", *["right"] * 7)
        assert screen.at == 7
        await pilot.press("b")
        field = screen.query_one("#replay-ask")
        assert field.value == "Seminar [one] (branch at 7)"
        field.value = ""
        await pilot.press(*"What if? [two]", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        branch = app.session
        assert branch is not None and branch.name == "What if? [two]"
        assert branch.parent == "seminar.toml" and branch.branched_at == 7
        assert branch.save_path == tmp_path / "what-if-two.toml"
    data = saves.read(tmp_path / "what-if-two.toml")
    assert (data.parent, data.branched_at, data.name) == ("seminar.toml", 7, "What if? [two]")
    assert [d.action for d in data.decisions[:7]] == [d.action for d in session.log[:7]]
    assert saves.verify(tmp_path / "what-if-two.toml").divergence is None
    assert saves.verify(session.save_path).divergence is None  # the parent is untouched


async def test_resume_continues_where_the_game_stopped_and_keeps_autosaving(tmp_path: Path) -> None:
    stopped = saved_game(tmp_path, finish=False)
    assert not stopped.state.over and stopped.human_movers() == ("tokyo",)
    before = len(saves.read(stopped.save_path).decisions)
    resumed = saves.load(stopped.save_path)
    assert state_hash(resumed.state) == state_hash(stopped.state)
    app = WargameApp(session=resumed, saves_dir=tmp_path, pace=0, cursor_blink=False)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session is resumed
        await pilot.press("enter")  # Tokyo takes the highlighted choice
        await pilot.pause()
        assert len(resumed.log) > before
    data = saves.read(stopped.save_path)
    assert len(data.decisions) == len(resumed.log) > before
    assert saves.verify(stopped.save_path).divergence is None


async def test_title_screen_resumes_and_replays_saved_games(tmp_path: Path) -> None:
    saved_game(tmp_path, finish=False)
    app = WargameApp(saves_dir=tmp_path, pace=0, cursor_blink=False)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("p")
        await pilot.pause()
        assert "Seminar [one]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen) and app.screen.at == app.screen.last
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session is not None and app.session.name == "Seminar [one]"


async def test_a_damaged_save_does_not_open_the_viewer(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text("[save]\nformat = 3\n", encoding="utf-8")
    app = WargameApp(saves_dir=tmp_path, pace=0, cursor_blink=False)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        app.push_screen(ReplayScreen(tmp_path / "broken.toml"))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert any("Cannot replay" in str(n.message) and "broken.toml" in str(n.message) for n in app._notifications)
