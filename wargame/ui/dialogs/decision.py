"""The frame of every white-cell decision: what is decided, a choice, a number, and the stated reason.

A facilitator decision goes in the log with its reason, and the reason is
what the hotwash reads later, so the dialogs ask for it in the same place
every time. Subclasses give the choices and turn what was entered into an
Action; nothing here applies it.
"""

from __future__ import annotations

from typing import Sequence

from attrs import frozen
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from ...engine import Action
from ..base import WargameModal
from ..safe import Text, shown
from ..widgets.rationale import RationaleField


@frozen
class NumberField:
    """A whole number to enter (a turn, a track value), with its bounds."""

    label: str
    default: int
    low: int
    high: int


class DecisionDialog(WargameModal[Action | None]):
    """Choose (if there is a choice), enter a number (if asked), state a reason; Enter confirms.

    Enter on the list moves on to the next field; Enter in the reason field
    confirms; Escape cancels (nothing is decided). A problem (a missing
    reason, a number out of bounds) is shown in the dialog, which stays open.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        heading: str,
        detail: Text | str = "",
        *,
        choices: Sequence[Text | str] = (),
        number: NumberField | None = None,
        reason_required: bool = False,
        reason_prompt: str = "",
    ) -> None:
        super().__init__()
        self.heading = heading
        self.detail = detail if isinstance(detail, Text) else Text(detail)
        self.choices = list(choices)
        self.number = number
        self.reason_required = reason_required
        self.reason_prompt = reason_prompt or ("Reason (required)" if reason_required else "Reason (optional)")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wc-dialog"):
            yield Label(shown(self.heading), classes="dialog-title", markup=False)
            if self.detail.plain:
                yield Static(self.detail, classes="wc-detail")
            if self.choices:
                yield OptionList(*(ListOption(c if isinstance(c, Text) else Text(c)) for c in self.choices), id="dlg-choices")
            if self.number is not None:
                with Horizontal(classes="wc-number"):
                    yield Label(shown(self.number.label), markup=False)
                    yield Input(str(self.number.default), id="dlg-number", type="integer", compact=True)
            yield RationaleField(placeholder=self.reason_prompt, input_id="dlg-reason")
            yield Static("", id="dlg-error")
            keys = "Enter: next field · " if self.choices or self.number else ""
            yield Static(Text(f"{keys}Enter in the reason: confirm · Escape: cancel", style="dim"), id="dlg-keys")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = self.app.cursor_blink
        if self.choices:
            choices = self.query_one("#dlg-choices", OptionList)
            choices.highlighted = 0
            choices.focus()
        elif self.number is not None:
            self.query_one("#dlg-number", Input).focus()
        else:
            self.query_one("#dlg-reason", Input).focus()

    # --- what subclasses give ------------------------------------------------------------

    def decide(self, index: int | None, number: int | None, reason: str) -> Action | str:
        """The decision entered, or a one-line problem to show."""
        raise NotImplementedError

    def highlighted(self, index: int) -> None:
        """A choice was highlighted (a subclass may update the number field)."""

    # --- the fields ----------------------------------------------------------------------

    def set_number(self, value: int) -> None:
        if self.number is not None:
            self.query_one("#dlg-number", Input).value = str(value)

    @on(OptionList.OptionHighlighted, "#dlg-choices")
    def choice_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.highlighted(event.option_index)

    @on(OptionList.OptionSelected, "#dlg-choices")
    def choice_made(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = "#dlg-number" if self.number is not None else "#dlg-reason"
        self.query_one(target, Input).focus()

    @on(Input.Submitted, "#dlg-number")
    def number_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#dlg-reason", Input).focus()

    @on(Input.Submitted, "#dlg-reason")
    def reason_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.confirm()

    def confirm(self) -> None:
        index = self.query_one("#dlg-choices", OptionList).highlighted if self.choices else None
        if self.choices and index is None:
            self.problem("Choose one first.")
            return
        number = None
        if self.number is not None:
            raw = self.query_one("#dlg-number", Input).value.strip()
            try:
                number = int(raw)
            except ValueError:
                self.problem(f"{self.number.label.rstrip(': ')} must be a whole number {self.number.low}..{self.number.high}.")
                self.query_one("#dlg-number", Input).focus()
                return
            if not self.number.low <= number <= self.number.high:
                self.problem(f"{self.number.label.rstrip(': ')} must be {self.number.low}..{self.number.high}, not {number}.")
                self.query_one("#dlg-number", Input).focus()
                return
        reason = self.query_one("#dlg-reason", Input).value.strip()
        if self.reason_required and not reason:
            self.problem("State a reason: it goes in the log and the report.")
            return
        result = self.decide(index, number, reason)
        if isinstance(result, str):
            self.problem(result)
            return
        self.dismiss(result)

    def problem(self, text: str) -> None:
        self.query_one("#dlg-error", Static).update(Text(text, style="bold"))

    def action_cancel(self) -> None:
        self.dismiss(None)
