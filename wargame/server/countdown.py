"""The white cell's countdown for one phase: started, extended or stopped by the white cell, shown to every seat.

When it runs out the white cell is told who has not decided; nothing is
decided for anyone. It belongs to the phase it was started in, and is
dropped when the game moves on. Its deadline is wall-clock time, so a
restarted server picks it up where it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any, Callable

from ..engine import GameState
from .store import Countdown

#: the longest countdown (or extension) the white cell may set, in seconds
MAX_SECONDS = 4 * 3600


class PhaseTimer:
    """The countdown now, if any, and the task that waits for it to run out."""

    def __init__(self, on_expiry: Callable[[], None], clock: Callable[[], float] = time.time) -> None:
        self.current: Countdown | None = None
        self.expired = False
        self._on_expiry = on_expiry
        self._clock = clock
        self._task: asyncio.Task[None] | None = None

    def remaining(self) -> float:
        return max(0.0, self.current.deadline - self._clock()) if self.current else 0.0

    def data(self) -> dict[str, Any] | None:
        """As seats are sent it: the phase it is for, seconds left (clients count down from there), whether it ran out."""
        if self.current is None:
            return None
        return {
            "turn": self.current.turn,
            "phase": self.current.phase,
            "remaining": round(self.remaining(), 1),
            "running": not self.expired,
            "expired": self.expired,
        }

    def start(self, state: GameState, seconds: float) -> Countdown:
        return self.resume(Countdown(state.turn, state.phase, self._clock() + seconds))

    def extend(self, seconds: float) -> Countdown:
        """More time: from the deadline while it runs, from now once it has run out."""
        assert self.current is not None
        base = self.current.deadline if not self.expired else self._clock()
        return self.resume(Countdown(self.current.turn, self.current.phase, base + seconds))

    def resume(self, countdown: Countdown) -> Countdown:
        """Run `countdown` (a new one, or one a restarted server read back)."""
        self.stop()
        self.current = countdown
        self.expired = self.remaining() <= 0
        if not self.expired:
            self._task = asyncio.get_running_loop().create_task(self._wait())
        return countdown

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.current = None
        self.expired = False

    def outlived(self, state: GameState) -> bool:
        """Whether the game has left the countdown's phase (then it should be stopped)."""
        return self.current is not None and (self.current.turn, self.current.phase) != (state.turn, state.phase)

    async def _wait(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            while (left := self.remaining()) > 0:
                await asyncio.sleep(left)
            self.expired = True
            self._task = None
            self._on_expiry()
