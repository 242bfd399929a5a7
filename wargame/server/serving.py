"""One exercise served: the opened exercise, its hub listening, chance and the bots playing; stopped cleanly."""

from __future__ import annotations

from types import TracebackType

from .exercise import Exercise
from .hub import Hub
from .limits import JoinLimiter, OriginPolicy
from .opening import Opened


class ExerciseServer:
    """`async with ExerciseServer(opened, ...) as server:` serves until the block ends; `server.port` is where."""

    def __init__(
        self,
        opened: Opened,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        pace: float = 0.0,
        origins: OriginPolicy | None = None,
        limiter: JoinLimiter | None = None,
    ) -> None:
        self.opened = opened
        self.host = host
        self.requested_port = port
        self.pace = pace
        self.origins = origins
        self.limiter = limiter
        self.exercise: Exercise | None = None
        self.hub: Hub | None = None

    async def start(self) -> int:
        """Listen, start playing chance and the bots; the port (the one the system chose for port 0)."""
        self.exercise = self.opened.exercise(pace=self.pace)
        self.hub = Hub(self.exercise, origins=self.origins, limiter=self.limiter)
        await self.hub.start(self.host, self.requested_port)
        self.exercise.start()
        return self.port

    @property
    def port(self) -> int:
        assert self.hub is not None
        return self.hub.port

    async def stop(self) -> None:
        """Close every connection with a reason, stop the bots, close the store and let go of the folder."""
        try:
            if self.hub is not None:
                await self.hub.close()
            if self.exercise is not None:
                await self.exercise.stop()
        finally:
            if self.exercise is not None:
                async with self.exercise.lock:  # no decision is half taken when the store closes
                    self.opened.store.close()
            else:
                self.opened.store.close()
            self.opened.folder.unlock()

    async def __aenter__(self) -> ExerciseServer:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()
