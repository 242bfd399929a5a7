"""The white cell's countdown for the phase: start, extend or stop it (every seat sees it)."""

from __future__ import annotations

from typing import Any, Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from ..base import WargameModal
from ..remote_text import timer_text
from ..safe import Text

#: the operations, in the list's order
OPERATIONS = (("start", "Start a countdown for this phase"), ("extend", "Give more time"), ("stop", "Stop the countdown"))


class CountdownDialog(WargameModal[dict[str, Any] | None]):
    """Choose start, extend or stop and the minutes; the answer is the request to send."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, timer: Mapping[str, Any] | None) -> None:
        super().__init__()
        self.timer = timer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wc-dialog"):
            yield Label("Countdown", classes="dialog-title")
            now = timer_text(self.timer)
            yield Static(Text("Now: ") + now if now.plain else Text("No countdown runs now.", style="dim"), classes="wc-detail")
            yield OptionList(*(ListOption(Text(label)) for _op, label in OPERATIONS), id="dlg-choices")
            with Horizontal(classes="wc-number"):
                yield Label("Minutes: ")
                yield Input("5", id="dlg-number", type="number", compact=True)
            yield Static("", id="dlg-error")
            yield Static(Text("Enter: next field · Enter in minutes: confirm · Escape: cancel", style="dim"), id="dlg-keys")

    def on_mount(self) -> None:
        choices = self.query_one("#dlg-choices", OptionList)
        choices.highlighted = 1 if self.timer else 0
        choices.focus()

    @on(OptionList.OptionSelected, "#dlg-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if OPERATIONS[event.option_index][0] == "stop":
            self.dismiss({"type": "timer", "op": "stop"})
        else:
            self.query_one("#dlg-number", Input).focus()

    @on(Input.Submitted, "#dlg-number")
    def minutes_entered(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one("#dlg-choices", OptionList).highlighted or 0
        try:
            minutes = float(event.value)
        except ValueError:
            minutes = -1
        if not 0 < minutes <= 180:
            self.query_one("#dlg-error", Static).update(Text("Minutes: a number above 0, at most 180.", style="bold"))
            return
        self.dismiss({"type": "timer", "op": OPERATIONS[index][0], "seconds": round(minutes * 60)})

    def action_cancel(self) -> None:
        self.dismiss(None)
