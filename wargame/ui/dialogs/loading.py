"""Loading a deck that takes more than a moment: said on screen, and keys typed meanwhile go nowhere."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, LoadingIndicator

from ...decks import DeckError
from ..base import WargameModal
from ..safe import shown


#: a deck file at least this big is loaded behind this dialog (a bundled deck is under 100 KB)
SLOW_BYTES = 300_000


def is_slow(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size >= SLOW_BYTES
    except OSError:
        return False


class LoadingDialog(WargameModal[str]):
    """Loads `ref` in a thread into the app's decks; dismisses with the error line, or "" when loaded."""

    DEFAULT_CSS = """
    LoadingDialog { align: center middle; }
    LoadingDialog LoadingIndicator { height: 1; }
    """
    BINDINGS = [Binding("q", "wait", show=False), Binding("escape", "wait", show=False), Binding("enter", "wait", show=False)]

    def __init__(self, ref: str, path: Path) -> None:
        super().__init__()
        self.ref = ref
        self.path = path

    def compose(self) -> ComposeResult:
        size = self.path.stat().st_size / 1e6 if self.path.is_file() else 0
        with Vertical(classes="dialog"):
            yield Label(shown(f"Loading the deck {self.path.name} ({size:.1f} MB)…", one_line=True), classes="dialog-title", markup=False)
            yield LoadingIndicator()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="deck")
    def load(self) -> None:
        try:
            self.app.load(self.ref)
            error = ""
        except DeckError as err:
            error = str(err)
        self.app.call_from_thread(self.dismiss, error)

    def action_wait(self) -> None:
        """Keys typed while the deck loads do nothing (a q would otherwise quit at once)."""
