"""The white cell's messages to the table: to every seat, or to one team, kept in the record.

A message is not a decision: the rules never read it and a replay never
applies it. It is kept beside the decision log (in the save's optional
`[[message]]` tables) so the after-action report can show what the white
cell told the table, and when.
"""

from __future__ import annotations

from attrs import frozen

from .engine.tracks import FACILITATOR, ROLES

#: who a message may be sent to: every seat (observers included), or one team
EVERYONE = "all"
RECIPIENTS: tuple[str, ...] = (EVERYONE, *ROLES)
#: the longest message the white cell may send, in characters
MAX_MESSAGE_CHARS = 2000


@frozen
class Message:
    """One message from the white cell: sent after `after` decisions, to `to` (a role or "all")."""

    after: int
    to: str
    text: str
    time: str = ""

    def reaches(self, seat: str) -> bool:
        """Whether a seat hears it: everyone hears a message to all; a team hears its own; the white cell hears all."""
        return self.to == EVERYONE or self.to == seat or seat == FACILITATOR
