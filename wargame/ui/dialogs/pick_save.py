"""Pick a saved game (for resume or replay); Escape picks none."""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...saves import SaveSummary
from ...text import printable
from ..base import WargameModal
from ..safe import Text, shown
from ..saving import save_label


def labels(saves: list[SaveSummary]) -> list[str]:
    """A line per save; saves of the same name also show their file, so no two lines look alike."""
    lines = [printable(save_label(s), one_line=True) for s in saves]
    names = Counter(s.name for s in saves)
    for i, item in enumerate(saves):
        if names[item.name] > 1:
            lines[i] += f" · {printable(item.path.name, one_line=True)}"
    return lines


class PickSaveDialog(WargameModal[SaveSummary | None]):
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, title: str, saves: list[SaveSummary]) -> None:
        super().__init__()
        self.heading = title
        self.saves = saves

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.heading), classes="dialog-title", markup=False)
            yield OptionList(*(Option(Text(label)) for label in labels(self.saves)), id="saves")

    @on(OptionList.OptionSelected, "#saves")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.saves[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
