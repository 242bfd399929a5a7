"""Hand-over between hot-seat players: a full screen, so nothing of the last seat shows behind it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Header, Static

from ...engine.tracks import ROLE_NAMES
from ..base import WargameScreen
from ..safe import Text


class HandOverScreen(WargameScreen[None]):
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("enter", "ready", "Ready"),
        Binding("escape", "app.leave_game", "Leave game"),
    ]

    def __init__(self, seat: str, phase: str) -> None:
        super().__init__()
        self.seat = seat
        self.phase = phase

    def compose(self) -> ComposeResult:
        name = ROLE_NAMES[self.seat]
        if self.phase == "responses":
            note = f"Choices made so far are sealed: {name} will not see them before the reveal."
        else:
            note = f"It is {name}'s turn to take a standing action."
        yield Header()
        with Center():
            with Vertical(id="handover-box"):
                yield Static(Text(f"Hand the keyboard to {name}"), id="handover-title")
                yield Static(Text(note), id="handover-note")
                yield Static(Text(f"Press Enter when {name} is ready."), id="handover-ready")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "hand-over"

    def action_ready(self) -> None:
        self.dismiss()
