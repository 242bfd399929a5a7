"""The report's section of the white cell's messages to the table: when, to whom, and what was said.

Shown only when the white cell sent any (a networked exercise's broadcasts
and messages to one team); a game without messages has no such section.
"""

from __future__ import annotations

from ..engine.tracks import ROLE_NAMES
from ..messaging import EVERYONE
from .markdown import cell, joined, table
from .records import Game


def messages_section(game: Game) -> str:
    """Every message in order, with the turn and phase the game stood at when it was sent."""
    messages = game.session.messages
    if not messages:
        return ""
    rows = []
    for message in messages:
        at = game.steps[min(message.after, len(game.steps) - 1)].after
        to = "every seat" if message.to == EVERYONE else ROLE_NAMES.get(message.to, message.to)
        rows.append([str(at.turn), at.phase.replace("_", " "), str(message.after), to, cell(message.text)])
    lines = [
        "## White cell messages",
        "",
        "What the white cell told the table during the game, in order: to every seat, or to one team.",
        "",
        *table(["Turn", "Phase", "After decision", "To", "Message"], rows),
    ]
    return joined(lines)
