"""Waiting for a condition, the one way a UI test waits."""

from __future__ import annotations

import time
from typing import Callable

from textual.pilot import Pilot

#: how long a UI test waits for a condition before it fails: a safety net for a loaded
#: machine, never a measure of speed (the condition usually holds within a few frames)
PATIENCE = 120.0


async def until(pilot: Pilot, condition: Callable[[], object], what: str, seconds: float = PATIENCE) -> None:
    """Poll until `condition` holds: a UI test waits for what it needs, never for one pause."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for {what}")
        await pilot.pause(0.02)
