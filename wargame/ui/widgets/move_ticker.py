"""The last few lines of the running log, so bot moves and outcomes are seen as they happen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..logbook import LogEntry

ROLE_STYLE = {"tokyo": "bold", "washington": "bold", "beijing": "bold", "facilitator": "bold italic", "chance": "italic"}


def entry_text(entry: LogEntry, with_turn: bool = True) -> Text:
    """One log line, player and deck text kept literal."""
    text = Text(no_wrap=False)
    if with_turn:
        text.append(f"T{entry.turn:<2} ", style="dim")
    if entry.who:
        text.append(f"{entry.who}: ", style=ROLE_STYLE.get(entry.actor, "bold"))
    style = "red" if entry.kind == "gate" and "failed" in entry.text else ""
    text.append(entry.text, style=style)
    return text


class MoveTicker(Static):
    def show(self, entries: list[LogEntry], note: str = "") -> None:
        text = Text()
        for i, entry in enumerate(entries):
            if i:
                text.append("\n")
            text.append_text(entry_text(entry))
        if note:
            text.append(("\n" if entries else "") + note, style="bold italic")
        self.update(text)
