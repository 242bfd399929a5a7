"""The last few lines of the running log, so bot moves and outcomes are seen as they happen."""

from __future__ import annotations

from textual import events
from textual.widgets import RichLog

from ...logbook import LogEntry
from ..safe import Text

ROLE_STYLE = {"tokyo": "bold", "washington": "bold", "beijing": "bold", "facilitator": "bold italic", "chance": "italic"}


def entry_style(entry: LogEntry) -> str:
    """Warnings stand out: a failed gate or policy, a turn counted towards the cabinet's collapse, the end."""
    if entry.kind == "gate" and "failed" in entry.text:
        return "red"
    if entry.kind == "outcome" and ": failure" in entry.text:
        return "red"
    if entry.kind in ("collapse", "end"):
        return "bold red"
    if entry.kind == "collapse_clear":
        return "green"
    return ""


def entry_text(entry: LogEntry, with_turn: bool = True) -> Text:
    """One log line, player and deck text kept literal."""
    text = Text(no_wrap=False)
    if with_turn:
        text.append(f"T{entry.turn:<2} ", style="dim")
    if entry.who and not entry.text.startswith(entry.who):
        text.append(f"{entry.who}: ", style=ROLE_STYLE.get(entry.actor, "bold"))
    text.append(entry.text, style=entry_style(entry))
    return text


class MoveTicker(RichLog):
    """The running log's newest lines, kept scrolled to the end as entries arrive."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, highlight=False, auto_scroll=True, max_lines=200, min_width=20)
        self.shown = 0

    def show(self, entries: list[LogEntry]) -> None:
        """Write the entries not yet shown; `entries` is the whole log so far."""
        if len(entries) < self.shown:
            self.clear()
            self.shown = 0
        # a ticker of a line or two (80x24) shows each entry on one line, cut with an ellipsis, so it never
        # shows the tail of a wrapped entry on its own (the log has every entry whole)
        one_line = 0 < self.size.height <= 2
        for entry in entries[self.shown :]:
            text = entry_text(entry, with_turn=False)
            if one_line:
                text.no_wrap, text.overflow = True, "ellipsis"
            self.write(text)
        self.shown = len(entries)
        self.call_after_refresh(self.scroll_end, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        """Kept at the end; Textual runs RichLog's own handler too (handlers run down the class tree)."""
        self.call_after_refresh(self.scroll_end, animate=False)
