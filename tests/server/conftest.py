"""Helpers for the server tests: an exercise served in-process on port 0, and clients that play random legal moves."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path
from typing import Any, AsyncIterator

from tests.conftest import MINI
from wargame.decks import load_deck
from wargame.server.client import Backoff, ExerciseClient
from wargame.server.folder import DataFolder
from wargame.server.limits import JoinLimiter, OriginPolicy
from wargame.server.opening import Plan, open_exercise
from wargame.server.serving import ExerciseServer

HOT_SEAT = {"tokyo": "human", "washington": "human", "beijing": "human", "facilitator": "off"}
FACILITATED = {**HOT_SEAT, "facilitator": "human"}
#: reconnect at once in tests (the backoff's growth is the client's own business)
QUICK = Backoff(first=0.05, factor=1.5, most=0.5, jitter=0.1)


def plan(seats: dict[str, str] = HOT_SEAT, *, seed: int = 5, turns: int = 2, mode: str | None = None, observers: int = 1) -> Plan:
    facilitated = seats.get("facilitator") == "human"
    return Plan(
        deck=load_deck(MINI), seed=seed, seats=dict(seats), mode=mode or ("semi-rigid" if facilitated else "rigid"),
        turns=turns, name=f"test exercise {seed}", observers=observers,
    )


@contextlib.asynccontextmanager
async def served(
    data: Path,
    the_plan: Plan | None = None,
    *,
    limiter: JoinLimiter | None = None,
    origins: OriginPolicy | None = None,
    pace: float = 0.0,
) -> AsyncIterator[tuple[ExerciseServer, dict[str, str]]]:
    """An exercise served on 127.0.0.1, port 0; yields the server and the codes it issued."""
    opened = open_exercise(DataFolder(data), the_plan or plan())
    codes = dict(opened.new_codes)
    server = ExerciseServer(opened, port=0, pace=pace, limiter=limiter or JoinLimiter(burst=50, every=0.1), origins=origins)
    await server.start()
    try:
        yield server, codes
    finally:
        await server.stop()


def address(server: ExerciseServer) -> str:
    return f"127.0.0.1:{server.port}"


async def join(server: ExerciseServer, code: str, **options: Any) -> ExerciseClient:
    return await ExerciseClient(address(server), code, backoff=QUICK, **options).start(timeout=20)


def pick(client: ExerciseClient, rng: random.Random) -> dict[str, Any] | None:
    """A random open action of the client's seat, or None when it is not to move."""
    if client.seat not in client.board.get("to_move", ()):
        return None
    open_ = [a for a in client.legal if a["allowed"]]
    return rng.choice(open_) if open_ else None
