"""The end of the game: why it ended, scores per role, each track's history, and what next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ...session import Session
from ..base import WargameScreen
from ..end_text import summary_text
from ..saving import save_now, saves_folder, write_report
from ..widgets.track_history import TrackHistory
from .replay import ReplayScreen
from .report import ReportScreen


class EndScreen(WargameScreen[None]):
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("s", "save", "Save"),
        Binding("p", "replay", "Replay"),
        Binding("w", "report", "Report"),
        Binding("r", "read_report", "Read"),
        Binding("n", "app.new_game", "New game"),
        Binding("l", "app.show_log", "Log"),
        Binding("escape", "app.to_title", "Title"),
        # F1 and q work as everywhere; the line above the track history names them, so the footer fits 80 columns
        Binding("f1", "app.help", "Help", show=False),
        Binding("q", "app.request_quit", "Quit", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        state = self.session.state
        summary = summary_text(self.session)
        history = TrackHistory(id="end-history")
        history.show(state.history)
        yield Header()
        with VerticalScroll(id="end-body"):
            yield Static(summary, id="end-summary")
            yield history
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "game over"
        self.query_one("#end-body").focus()

    def action_save(self) -> None:
        self.notify(save_now(self.session, self.app.saves_dir), markup=False)

    def action_report(self) -> None:
        self.notify(write_report(self.session, self.app.saves_dir), markup=False)

    def action_read_report(self) -> None:
        self.app.push_screen(ReportScreen(self.session))

    def action_replay(self) -> None:
        path = self.session.save_path
        if path is None or not path.is_file():
            self.notify("Replay needs a saved game; it is not available for this one yet.", markup=False)
            return
        self.app.push_screen(ReplayScreen(path, saves_dir=saves_folder(self.app.saves_dir)))
