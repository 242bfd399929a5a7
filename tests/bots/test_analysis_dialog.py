"""Pilot tests: the decision-support dialog opened from the game screen ('a'), in the background."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import MINI
from tests.waiting import until
from wargame.analysis import CHANGE_HEADINGS, CHANGE_TRACKS, score_text, share_text
from wargame.engine import legal_actions, view
from wargame.ui.app import WargameApp
from wargame.ui.dialogs import analysis as dialog_module
from wargame.ui.dialogs.analysis import AnalysisDialog
from wargame.ui.screens.game import GameScreen
from wargame.ui.settings import GameSettings


def make_app(tmp_path: Path, seed: int = 3) -> WargameApp:
    seats = {"tokyo": "human", "washington": "doctrine", "beijing": "random", "facilitator": "off"}
    settings = GameSettings(deck=str(MINI), seed=seed, seats=seats)
    return WargameApp(settings, saves_dir=tmp_path / "saves", pace=0, cursor_blink=False)


def screen_text(pilot: Pilot) -> str:
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


def dialog_text(pilot: Pilot) -> str:
    """The dialog's lines joined without its border, so a wrapped sentence reads whole."""
    return " ".join(" ".join(line.strip("│ ") for line in screen_text(pilot).splitlines()).split())


async def start(pilot: Pilot) -> GameScreen:
    pilot.app.start_game(pilot.app.settings)
    await until(pilot, lambda: isinstance(pilot.app.screen, GameScreen) and pilot.app.screen.acting == "tokyo", "Tokyo to choose")
    screen = pilot.app.screen
    assert isinstance(screen, GameScreen)
    return screen


async def finish(pilot: Pilot, dialog: AnalysisDialog) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert dialog.status in ("done", "cancelled"), dialog.status


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-thread", "two-processes"])
async def test_a_runs_the_analysis_and_shows_every_response(tmp_path: Path, monkeypatch, jobs: int) -> None:
    monkeypatch.setattr(dialog_module, "MOST_EACH", 24)
    monkeypatch.setattr(dialog_module, "FEWEST_EACH", 4)
    monkeypatch.setattr(dialog_module, "default_jobs", lambda: jobs)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        game = await start(pilot)
        state = game.session.state
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, AnalysisDialog)
        await finish(pilot, dialog)
        assert dialog.status == "done" and dialog.result is not None
        listed = legal_actions(view(state, "tokyo"), "tokyo")
        assert [o.action.key for o in dialog.result.options] == [a.key for a in listed]
        assert all(4 <= o.rollouts <= 24 for o in dialog.result.options if o.allowed)
        text = screen_text(pilot)
        assert "What happens if Tokyo chooses this?" in text and "score" in text and "spread" in text
        assert "behind" in text and "how it ends, % (90%)" in text
        # the expected change of every track the CLI shows, approval and interop among them
        heading = next(line for line in text.splitlines() if "expected change (Δ)" in line)
        assert heading.split("expected change (Δ)")[1].split()[:9] == [CHANGE_HEADINGS[t] for t in CHANGE_TRACKS] + ["spread"]
        # the dialog shows the figures the API gives, intervals and verdict included
        flat = " ".join(text.split())
        assert dialog.result.verdict()[:40] in flat
        for o in dialog.result.open:
            assert score_text(o) in text and share_text(o.win_chance) in text
        for action in listed:
            if action.allowed:
                assert (action.label or action.choice)[:20] in text
            else:
                assert "closed:" in text
        # the game waits, untouched, under the dialog; Escape goes back to it and play goes on
        assert game.session.state is state
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is game
        await pilot.press(str(1 + next(i for i, a in enumerate(listed) if a.allowed)))
        await pilot.pause()
        assert len([d for d in game.session.log if d.actor == "tokyo"]) == 1


async def test_c_cancels_and_the_game_goes_on(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(dialog_module, "default_jobs", lambda: 1)
    real = dialog_module.analyse

    def held(*args, progress, cancelled, **kwargs):
        """The analysis, held at its first report of progress until it is cancelled: running however fast it is."""

        def wait_for_cancel(done: int, total: int) -> None:
            deadline = time.monotonic() + 60
            while not cancelled() and time.monotonic() < deadline:
                time.sleep(0.01)
            progress(done, total)

        return real(*args, progress=wait_for_cancel, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(dialog_module, "analyse", held)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await start(pilot)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, AnalysisDialog) and dialog.status == "running"
        await pilot.press("c")
        assert dialog.status == "cancelled"
        await finish(pilot, dialog)
        assert dialog.result is None and "Cancelled." in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is game and game.acting == "tokyo"


async def test_analysis_key_outside_a_decision_only_warns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await start(pilot)
        game.acting = None
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is game


async def test_the_app_keeps_one_warm_pool_of_workers_and_stops_it_on_exit(tmp_path: Path, monkeypatch) -> None:
    """Two analyses, one pool: the workers start once, each gets the deck once; quitting ends them."""
    monkeypatch.setattr(dialog_module, "MOST_EACH", 40)
    monkeypatch.setattr(dialog_module, "FEWEST_EACH", 20)
    monkeypatch.setattr(dialog_module, "default_jobs", lambda: 2)
    app = make_app(tmp_path, seed=4)
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot)
        results = []
        for _ in range(2):
            await pilot.press("a")
            dialog = app.screen
            assert isinstance(dialog, AnalysisDialog)
            await finish(pilot, dialog)
            assert dialog.status == "done"
            results.append(dialog.result)
            await pilot.press("escape")
            await pilot.pause()
        pool = app.rollout_workers(2)
        assert dialog.pool is pool and pool.alive
        assert pool.started == 2 and pool.sent["deck"] == 2  # once per worker, not per analysis or task
        assert pool.sent["job"] <= 4 and pool.sent["task"] >= 8  # start states once per worker per analysis
        assert results[0] == results[1]
        procs = list(pool._procs)
    assert procs and not any(p.is_alive() for p in procs)


async def test_s_keeps_the_figures_so_far_when_the_race_goes_on(tmp_path: Path, monkeypatch) -> None:
    """A close race shows its figures at each look; s stops it there and keeps them, marked as stopped."""
    monkeypatch.setattr(dialog_module, "MOST_EACH", 200)
    monkeypatch.setattr(dialog_module, "FEWEST_EACH", 20)
    monkeypatch.setattr(dialog_module, "default_jobs", lambda: 1)
    real = dialog_module.analyse
    looks: list = []

    def analyse_held(*args, interim, cancelled, **options):
        def held(so_far):  # the race waits at its first look until the dialog stops it, however fast the machine
            looks.append(so_far)
            interim(so_far)
            while not cancelled():
                time.sleep(0.01)

        return real(*args, interim=held, cancelled=cancelled, **options)

    monkeypatch.setattr(dialog_module, "analyse", analyse_held)
    seats = {"tokyo": "doctrine", "washington": "doctrine", "beijing": "human", "facilitator": "off"}
    app = WargameApp(GameSettings(deck=str(MINI), seed=1, seats=seats), saves_dir=tmp_path / "saves", pace=0, cursor_blink=False)
    async with app.run_test(size=(80, 30)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "beijing", "Beijing to choose")
        game = app.screen
        await pilot.press("s")  # nothing to stop before the dialog opens: the key is the dialog's
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, AnalysisDialog)
        # the figures come first, then the dialog fits itself to the screen and its help line comes into view
        await until(
            pilot,
            lambda: dialog.so_far is not None and "So far, after" in screen_text(pilot) and "s stop here" in screen_text(pilot),
            "the figures at the first look, and the key that keeps them",
        )
        racing = dialog_text(pilot)
        assert dialog.status == "running" and "s stop here and keep these figures" in racing
        assert "still racing" in racing and "The race was stopped" not in racing  # not stopped, not yet
        await pilot.press("s")
        assert dialog.status == "done" and dialog.result is looks[0] and dialog.result.stopped
        await finish(pilot, dialog)
        text = dialog_text(pilot)
        assert "So far" not in text and "per response (racing; stopped by you at a look)" in text
        assert "The race was stopped after 20 rollouts of the leader, before the cap of 200" in text
        for o in dialog.result.open:
            assert o.rollouts == 20 and score_text(o) in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is game and game.acting == "beijing"
