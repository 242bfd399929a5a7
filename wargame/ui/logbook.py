"""The running log of a game as the table sees it: events and decisions, one line each.

Only public text goes in: sealed choices appear as "has chosen (sealed)" and
a bot's reason for a sealed response waits for the reveal, so the log can be
shown to any seat in a hot-seat game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define, field, frozen

if TYPE_CHECKING:
    from ..engine import Event

WHO = {"tokyo": "Tokyo", "washington": "Washington", "beijing": "Beijing", "facilitator": "White cell", "chance": "Chance"}


@frozen
class LogEntry:
    turn: int
    actor: str
    kind: str
    text: str

    @property
    def who(self) -> str:
        return WHO.get(self.actor, "")


@define
class Logbook:
    entries: list[LogEntry] = field(factory=list)

    def add(self, turn: int, actor: str, kind: str, text: str) -> None:
        self.entries.append(LogEntry(turn, actor, kind, text))

    def add_events(self, turn: int, events: list[Event], *, next_turn: int | None = None, skip: tuple[str, ...] = ()) -> None:
        """Log events made at `turn`; from a "turn" event on, they belong to `next_turn`."""
        for event in events:
            if event.kind == "turn" and next_turn is not None:
                turn = next_turn
            if event.kind not in skip:
                self.add(turn, event.actor, event.kind, event.text)

    def tail(self, count: int) -> list[LogEntry]:
        return self.entries[-count:] if count > 0 else []

    def __len__(self) -> int:
        return len(self.entries)
