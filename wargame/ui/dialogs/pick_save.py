"""Pick a saved game (for resume or replay); Escape picks none."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..hooks import save_label


class PickSaveDialog(ModalScreen[Any]):
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, title: str, saves: list[Any]) -> None:
        super().__init__()
        self.heading = title
        self.saves = saves

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            yield OptionList(*(Option(Text(save_label(s))) for s in self.saves), id="saves")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.saves[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
