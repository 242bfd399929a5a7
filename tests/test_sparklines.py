"""The one track sparkline: scaled to the track's bounds, each value to its nearest block.

The board, the end screen and the report draw with it (tests/ui/test_lines.py
holds the screens to the report for one game).
"""

from __future__ import annotations

from tests.conftest import random_game
from wargame.engine.tracks import BOUNDS, TRACKS
from wargame.sparklines import BLOCKS, sparkline, track_sparkline


def test_the_bounds_are_the_lowest_and_the_full_block() -> None:
    assert sparkline([0, 100], 0, 100) == "▁█"
    assert sparkline([1, 5], 1, 5) == "▁█"
    assert sparkline([-3, 140], 0, 100) == "▁█"  # outside the bounds: clamped, never an index error


def test_each_value_goes_to_the_nearest_block() -> None:
    assert sparkline([0, 1, 2, 3], 0, 3) == "▁▃▆█"
    # 38 of 100 is 2.66 blocks up: the nearest is the fourth block, where a floor would give the third
    assert sparkline([38, 38, 35, 34], 0, 100) == "▄▄▃▃"
    for value in range(101):
        exact = value * 7 / 100
        assert abs(BLOCKS.index(sparkline([value], 0, 100)) - exact) <= 0.5


def test_a_track_sparkline_reads_its_column_of_the_history(mini_deck) -> None:
    state, _ = random_game(mini_deck, 5)
    for i, track in enumerate(TRACKS):
        low, high = BOUNDS[track]
        assert track_sparkline(state.history, track) == sparkline([row[i] for row in state.history], low, high)
        assert len(track_sparkline(state.history, track)) == len(state.history)
