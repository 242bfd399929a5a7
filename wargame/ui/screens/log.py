"""The running log of events and decisions, one key away from every game screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ...logbook import Logbook
from ..base import WargameScreen
from ..safe import Text
from ..widgets.move_ticker import entry_text


class LogScreen(WargameScreen[None]):
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("l", "close", "Close log"),
        Binding("home", "top", "Top", show=False),
        Binding("end", "bottom", "End", show=False),
    ]

    def __init__(self, logbook: Logbook) -> None:
        super().__init__()
        self.logbook = logbook

    def compose(self) -> ComposeResult:
        text = Text()
        turn = None
        for entry in self.logbook.entries:
            if entry.turn != turn:
                turn = entry.turn
                text.append(f"── Turn {turn} ──\n", style="bold")
            text.append_text(entry_text(entry, with_turn=False))
            text.append("\n")
        if not self.logbook.entries:
            text.append("Nothing has happened yet.")
        text.rstrip()
        yield Header()
        with VerticalScroll(id="log-scroll"):
            yield Static(text, id="log-text")
        yield Footer()

    def on_mount(self) -> None:
        count = len(self.logbook)
        self.sub_title = f"log · {count} {'entry' if count == 1 else 'entries'}"
        scroll = self.query_one("#log-scroll", VerticalScroll)
        scroll.focus()
        self.call_after_refresh(scroll.scroll_end, animate=False)

    def action_close(self) -> None:
        self.dismiss()

    def action_top(self) -> None:
        self.query_one("#log-scroll", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#log-scroll", VerticalScroll).scroll_end(animate=False)
