"""Snapshots of the board read at 80x24: the report's tables stacked, a table kept where it fits,
the focused field of the setup form, and the replay's labelled branch prompt
(pytest-textual-snapshot; --snapshot-update to accept)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.saves.test_replay_ui import saved_game
from wargame import saves
from wargame.cli.replay import viewer
from wargame.ui.screens.replay import ReplayScreen
from wargame.ui.screens.report import ReportScreen
from wargame.ui.screens.setup import SetupScreen

from .conftest import make_app, screen_text, until
from .test_report_view import finished_game


async def report_scores(pilot: Pilot) -> None:
    """The report viewer on its "End and scores" page, laid out for the terminal's width."""
    report = ReportScreen(finished_game())
    pilot.app.push_screen(report)
    await until(pilot, lambda: report.current == 0 and not report.laying_out, "the report's first page")
    report.show(next(i for i, p in enumerate(report.pages) if p.title == "End and scores"))
    await until(pilot, lambda: not report.laying_out and report.laid_out == report.wanted, "the scores page")
    await until(pilot, lambda: "Highest score" in screen_text(pilot.app), "the scores drawn")


def test_report_tables_stacked_at_80x24(snap_compare, tmp_path: Path) -> None:
    """Each capital's scores a block of "Field: value" lines, nothing cut short."""
    assert snap_compare(make_app(tmp_path), run_before=report_scores, terminal_size=(80, 24))


def test_report_table_kept_at_120x40(snap_compare, tmp_path: Path) -> None:
    """Wide enough for the scores' table: a table, its long column wrapped."""
    assert snap_compare(make_app(tmp_path), run_before=report_scores, terminal_size=(120, 40))


async def seed_focused(pilot: Pilot) -> None:
    await pilot.press("enter")  # New game, on the title screen
    await until(pilot, lambda: isinstance(pilot.app.screen, SetupScreen) and pilot.app.screen.focused is not None, "the setup form")
    seed = pilot.app.screen.query_one("#seed")
    seed.focus()
    await until(pilot, lambda: seed.has_focus, "the seed focused")
    await pilot.press("end")  # the cursor after the value, nothing selected


def test_setup_with_a_field_focused(snap_compare, tmp_path: Path) -> None:
    """The focused field (the seed) plain to see against the others."""
    app = make_app(tmp_path, deck="era-2013", seed=2013)
    assert snap_compare(app, run_before=seed_focused, terminal_size=(80, 24))


def test_replay_branch_prompt(snap_compare, tmp_path: Path) -> None:
    """`b`: the new game's name, prefilled, under a label with its keys."""
    session = saved_game(tmp_path)
    app = viewer(saves.open_replay(session.save_path), tmp_path)
    app.pace, app.cursor_blink = 0, False

    async def ask_branch(pilot: Pilot) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, ReplayScreen) and "Decision" in screen_text(pilot.app), "the replay")
        await pilot.press("home", "right", "right", "right", "b")
        await until(pilot, lambda: "Branch at decision 3" in screen_text(pilot.app), "the branch prompt")

    assert snap_compare(app, run_before=ask_branch, terminal_size=(80, 24))
