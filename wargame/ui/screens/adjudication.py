"""Adjudication: the reveal, then each step explained, with the track changes beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from ...engine import GameState
from ..adjudication_text import adjudication_text, changes
from ..base import WargameScreen
from ..records import AdjudicationRecord
from ..widgets.track_panel import TrackPanel


class AdjudicationScreen(WargameScreen[None]):
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("enter", "done", "Continue"),
        Binding("escape", "done", "Continue", show=False),
        Binding("space", "done", "Continue", show=False),
        Binding("l", "app.show_log", "Log"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, record: AdjudicationRecord, state: GameState) -> None:
        super().__init__()
        self.record = record
        self.state = state

    def compose(self) -> ComposeResult:
        record, state = self.record, self.state
        text = adjudication_text(record, state)
        delta = changes(record.before, state)
        yield Header()
        with Horizontal(id="adjudication"):
            panel = TrackPanel(id="adj-tracks")
            panel.show(state, delta)
            yield panel
            with VerticalScroll(id="adj-steps"):
                yield Static(text, id="adj-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Turn {self.record.turn} · adjudication"
        self.query_one("#adj-steps").focus()

    def action_done(self) -> None:
        self.dismiss()
