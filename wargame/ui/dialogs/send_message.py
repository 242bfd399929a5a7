"""The white cell's message: to every seat, or to one team; kept in the save, shown in the report."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from ...text import clean_typed
from ..base import WargameModal
from ..safe import Text

#: who a message can go to, in the list's order
RECIPIENTS = (("all", "Every seat (observers too)"), ("tokyo", "Tokyo"), ("washington", "Washington"), ("beijing", "Beijing"))
#: the server's limit on a message
MESSAGE_LIMIT = 2000


class SendMessageDialog(WargameModal[dict[str, Any] | None]):
    """Choose the recipients, type the message; Enter sends (the answer is the request)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wc-dialog"):
            yield Label("A message from the white cell", classes="dialog-title")
            yield OptionList(*(ListOption(Text(label)) for _to, label in RECIPIENTS), id="dlg-choices")
            yield Input(placeholder="The message", id="dlg-text", compact=True, max_length=MESSAGE_LIMIT)
            yield Static("", id="dlg-error")
            yield Static(Text("Enter: next field · Enter in the message: send · Escape: cancel", style="dim"), id="dlg-keys")

    def on_mount(self) -> None:
        choices = self.query_one("#dlg-choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected, "#dlg-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#dlg-text", Input).focus()

    @on(Input.Submitted, "#dlg-text")
    def entered(self, event: Input.Submitted) -> None:
        event.stop()
        text = clean_typed(event.value).strip()
        if not text:
            self.query_one("#dlg-error", Static).update(Text("Type the message first.", style="bold"))
            return
        index = self.query_one("#dlg-choices", OptionList).highlighted or 0
        self.dismiss({"type": "message", "to": RECIPIENTS[index][0], "text": text})

    def action_cancel(self) -> None:
        self.dismiss(None)
