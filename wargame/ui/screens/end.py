"""The end of the game: why it ended, scores per role, each track's history, and what next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ...engine.tracks import END_REASONS, ROLE_NAMES, ROLES
from ...session import Session
from ..base import WargameScreen
from ..safe import Text
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
        summary = Text()
        summary.append("Game over: ", style="bold")
        summary.append(END_REASONS.get(state.end_reason or "", state.end_reason or "") + "\n", style="bold")
        summary.append(f"after turn {state.turn} of {state.last_turn} · {state.deck.id} · seed {state.seed}\n", style="dim")
        scores = state.scores
        winner = state.winner
        for role in ROLES:
            seat = self.session.seats.get(role, "")
            who = "human" if seat == "human" else f"{seat} bot"
            summary.append(f"  {ROLE_NAMES[role]:<11}", style="bold")
            summary.append(f"{scores[role]:>5}")
            summary.append(f"  ({who})", style="dim")
            if role == winner:
                summary.append("  ← highest score", style="bold")
            summary.append("\n")
        if winner is None:
            summary.append("  A tie at the top.\n", style="italic")
        summary.append("Next: ", style="bold")
        summary.append("s save · p replay · w write the after-action report · r read it · n new game · Esc title · F1 help · q quit\n")
        summary.append("Track history (start, then each turn)", style="bold underline")
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
