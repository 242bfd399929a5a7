"""An autosave failed: the game waits here until it is saved whole in a folder that works."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from ... import saves
from ...folders import folder_problem
from ...session import Session
from ..base import WargameModal
from ..messages import LeaveGame
from ..safe import Text, shown


def suggested_folder() -> Path:
    return Path.home() / "wargame-saves"


class SaveFailedDialog(WargameModal[Path]):
    """Asks for another folder and writes the whole game there (every decision so far);
    it closes only once that save is on disk. Escape offers to leave the game, saying what would be lost."""

    DEFAULT_CSS = """
    SaveFailedDialog { align: center middle; }
    SaveFailedDialog .dialog { width: 76; }
    #save-failed-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "leave", "Leave the game")]

    def __init__(self, session: Session, error: str) -> None:
        super().__init__()
        self.session = session
        self.error = error

    def compose(self) -> ComposeResult:
        count = len(self.session.log)
        with Vertical(classes="dialog"):
            yield Label(shown(f"Autosave failed: {self.error}", one_line=True), classes="dialog-title", markup=False)
            yield Static(
                Text(
                    f"The game stops until it is saved: {count} decision{'s' if count != 1 else ''} so far would be lost. "
                    "Type a folder that can hold the save and press Enter; the whole game is written there, then it goes on. "
                    "(Escape: leave the game.)"
                )
            )
            yield Input(str(suggested_folder()), id="save-folder", compact=True)
            yield Static("", id="save-failed-error")

    def on_mount(self) -> None:
        field = self.query_one("#save-folder", Input)
        field.cursor_blink = self.app.cursor_blink
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        folder = Path(event.value.strip() or str(suggested_folder())).expanduser()
        problem = folder_problem(folder)
        if problem:
            self.query_one("#save-failed-error", Static).update(Text(f"{folder}: {problem}"))
            return
        session, before = self.session, self.session.save_path
        session.save_path = saves.new_save_path(folder, session.name or "game")
        try:
            saves.save(session)
        except saves.SaveError as err:
            session.save_path = before
            self.query_one("#save-failed-error", Static).update(Text(str(err)))
            return
        session.save_error = ""
        self.dismiss(session.save_path)

    def action_leave(self) -> None:
        self.post_message(LeaveGame())
