"""Snapshots of the chooser (pytest-textual-snapshot; --snapshot-update to accept).

Tokyo's policy list of the long test deck (`long_list.py`: 16 entries, one
closed with a long reason) at 80x24 and 120x40; bots move at once, no cursor
blink, so each snapshot is the same every run.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from wargame.ui.widgets.choice_list import ChoiceList

from .long_list import long_app
from .test_chooser import to_policy


async def policy_list(pilot: Pilot) -> None:
    await to_policy(pilot, pilot.app)


async def closed_at_the_top(pilot: Pilot) -> None:
    """Option 11 highlighted, the list scrolled to closed option 10 and its wrapped reason above it."""
    game = await to_policy(pilot, pilot.app)
    choices = game.query_one("#choices", ChoiceList)
    choices.highlighted = 10
    await pilot.pause()
    span = choices.span(9)
    assert span is not None
    choices.scroll_to(y=span[0], animate=False, immediate=True)
    await pilot.pause()


def test_the_policy_list_at_80x24(snap_compare, tmp_path: Path) -> None:
    """Option 1 open to its description; 2 and 9 say what they do; 3 to 8 closed with their reasons."""
    assert snap_compare(long_app(tmp_path), run_before=policy_list, terminal_size=(80, 24))


def test_a_closed_option_with_a_wrapped_reason_at_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(long_app(tmp_path), run_before=closed_at_the_top, terminal_size=(80, 24))


def test_the_policy_list_at_120x40(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(long_app(tmp_path), run_before=policy_list, terminal_size=(120, 40))
