"""What a new game is set up with: scenario, seats, mode, turns and seed."""

from __future__ import annotations

import random

from attrs import evolve, field, frozen

from . import DEFAULT_DECK
from ..seats import SEAT_KINDS


def default_bot() -> str:
    """The bot the other capitals get by default: doctrine when it exists, else random."""
    return "doctrine" if "doctrine" in SEAT_KINDS else "random"


def default_seats() -> dict[str, str]:
    """Tokyo at the keyboard, the other capitals played by the default bot, no facilitator."""
    bot = default_bot()
    return {"tokyo": "human", "washington": bot, "beijing": bot, "facilitator": "off"}


def random_seed() -> int:
    """A fresh seed for a new game; shown and editable in the setup screen."""
    return random.SystemRandom().randrange(1, 1_000_000)


def _seat_items(seats: dict[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    items = dict(seats)
    full = {**default_seats(), **items}
    return tuple((name, full[name]) for name in ("tokyo", "washington", "beijing", "facilitator"))


@frozen
class GameSettings:
    """A new game's choices. `deck` is a bundled id or era ("era-2013", "2013") or a deck file path."""

    deck: str = DEFAULT_DECK
    seed: int = field(factory=random_seed)
    seats: tuple[tuple[str, str], ...] = field(factory=lambda: _seat_items({}), converter=_seat_items)
    mode: str = "rigid"
    turns: int | None = None

    @property
    def seat_map(self) -> dict[str, str]:
        return dict(self.seats)

    def with_seats(self, **changes: str) -> GameSettings:
        return evolve(self, seats={**self.seat_map, **changes})
