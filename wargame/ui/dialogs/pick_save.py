"""Pick a saved game (for resume or replay); Escape picks none."""

from __future__ import annotations

from collections import Counter
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...text import printable
from ..hooks import save_label, save_path
from ..safe import Text, shown


def labels(saves: list[Any]) -> list[str]:
    """A line per save; saves of the same name also show their file, so no two lines look alike."""
    lines = [printable(save_label(s), one_line=True) for s in saves]
    names = Counter(getattr(s, "name", "") for s in saves)
    for i, item in enumerate(saves):
        path = save_path(item)
        if path is not None and names[getattr(item, "name", "")] > 1:
            lines[i] += f" · {printable(path.name, one_line=True)}"
    return lines


class PickSaveDialog(ModalScreen[Any]):
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, title: str, saves: list[Any]) -> None:
        super().__init__()
        self.heading = title
        self.saves = saves

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.heading), classes="dialog-title", markup=False)
            yield OptionList(*(Option(Text(label)) for label in labels(self.saves)), id="saves")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.saves[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
