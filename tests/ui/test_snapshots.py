"""Snapshots of the main screens at a fixed size (pytest-textual-snapshot; --snapshot-update to accept).

Sync tests, no clocks, no cursor blink, bots moving at once; the game
screens use the test deck in tests/ui/data so deck edits elsewhere never
move them.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from wargame.ui.screens.end import EndScreen

from .conftest import make_app


async def start(pilot: Pilot) -> None:
    pilot.app.start_game(pilot.app.settings)
    await pilot.pause()


def test_title(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24))


def test_setup(snap_compare, tmp_path: Path) -> None:
    """Setup with its defaults on the bundled 2013 scenario: Enter starts."""
    app = make_app(tmp_path, deck="era-2013", seed=2013)
    assert snap_compare(app, press=["enter"], terminal_size=(80, 24))


def test_game_with_a_closed_response_and_its_reason(snap_compare, tmp_path: Path) -> None:
    """Hormuz minesweeping: closed, with the rung and support it needs."""
    assert snap_compare(make_app(tmp_path, seed=2), run_before=start, terminal_size=(80, 24))


def test_game_at_120x40(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path, seed=2), run_before=start, terminal_size=(120, 40))


def test_adjudication(snap_compare, tmp_path: Path) -> None:
    """Tokyo funds the coalition; the reveal, each step, and the track changes."""
    app = make_app(tmp_path, seed=2)
    assert snap_compare(app, run_before=start, press=["enter"], terminal_size=(80, 24))


async def play_out(pilot: Pilot) -> None:
    """Start an all-bot game and press Enter past each adjudication to the end screen."""
    await start(pilot)
    for _ in range(40):
        if isinstance(pilot.app.screen, EndScreen):
            return
        await pilot.press("enter")
        await pilot.pause()
    raise AssertionError("no end screen")


def test_end_screen(snap_compare, tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=2, tokyo="random")
    assert snap_compare(app, run_before=play_out, terminal_size=(80, 24))


def test_help(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["f1"], terminal_size=(80, 24))


def test_help_glossary(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["f1", "right", "right"], terminal_size=(80, 24))


def test_hand_over(snap_compare, tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=3, washington="human")
    # Enter: Tokyo, handed the keyboard first, is ready; Enter: Tokyo chooses, and the keyboard goes to Washington
    assert snap_compare(app, run_before=start, press=["enter", "enter"], terminal_size=(80, 24))
