"""Track history as a sparkline: the one drawing that the board, the end screen and the report share.

One function, so a game's history looks the same wherever it is drawn. A
bar is scaled to the track's bounds (not to the values played), so tracks
compare: the lowest block is the bottom of the track, the full block its
top, and each value goes to the nearest of the eight blocks.
"""

from __future__ import annotations

from typing import Sequence

from .engine.tracks import BOUNDS, TRACKS

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int], low: int, high: int) -> str:
    """One block per value, scaled to `low..high` and rounded to the nearest block (integers only, no float ties)."""
    span = max(1, high - low)
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[min(top, max(0, (2 * (v - low) * top + span) // (2 * span)))] for v in values)


def track_sparkline(history: Sequence[Sequence[int]], track: str) -> str:
    """One track's sparkline over `history` (rows of track values, as `GameState.history` holds them)."""
    i = TRACKS.index(track)
    low, high = BOUNDS[track]
    return sparkline([row[i] for row in history], low, high)
