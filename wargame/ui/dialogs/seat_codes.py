"""The seats' join codes: reissue one (a laptop lost, a code got out) or revoke it."""

from __future__ import annotations

from typing import Any, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from ..base import WargameModal
from ..remote_text import seat_name
from ..safe import Text


class SeatCodesDialog(WargameModal[dict[str, Any] | None]):
    """Pick a seat's code and r (reissue) or v (revoke); the answer is the request to send."""

    BINDINGS = [
        Binding("r", "pick('reissue')", "Reissue"),
        Binding("v", "pick('revoke')", "Revoke"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, holders: Sequence[str]) -> None:
        super().__init__()
        self.holders = [h for h in holders if h != "facilitator"]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wc-dialog"):
            yield Label("The seats' join codes", classes="dialog-title")
            yield Static(Text("A reissued code replaces the old one, whose connection is closed; a revoked one stops working.", style="dim"), classes="wc-detail")
            yield OptionList(*(ListOption(Text(f"{seat_name(h)} ({h})")) for h in self.holders), id="dlg-choices")
            yield Static(Text("r: reissue · v: revoke · Escape: cancel", style="dim"), id="dlg-keys")

    def on_mount(self) -> None:
        choices = self.query_one("#dlg-choices", OptionList)
        choices.highlighted = 0 if self.holders else None
        choices.focus()

    @on(OptionList.OptionSelected, "#dlg-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick("reissue")

    def action_pick(self, op: str) -> None:
        index = self.query_one("#dlg-choices", OptionList).highlighted
        if index is not None and index < len(self.holders):
            self.dismiss({"type": op, "holder": self.holders[index]})

    def action_cancel(self) -> None:
        self.dismiss(None)
