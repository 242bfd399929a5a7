"""The one-line field for a rationale or a stated reason, with a count of what is left.

A rationale is at most `RATIONALE_LIMIT` characters: a one-line Input
renders its whole value on every key, so a field of 10,000 characters
took seconds per screenful typed. A key redraws the field and its count
(`123/2000`) and nothing else: the count is a small widget of fixed
width, updated without a new layout, and the field's scrollable width
(which Textual's Input changes with every key, asking for a new layout of
the whole screen) is its own business, so it asks for none. A pasted line
break becomes a space (Textual's Input keeps only the first line of a
paste), and a paste longer than the room left is cut at the limit, with a
note.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input, Static

from ...engine.actions import RATIONALE_LIMIT
from ...text import clean_typed
from ..safe import Text


def count_text(length: int, limit: int = RATIONALE_LIMIT) -> Text:
    """'123/2000', dim until the limit is reached."""
    return Text(f"{length}/{limit}", style="bold" if length >= limit else "dim")


class RationaleInput(Input):
    """A compact Input of at most `RATIONALE_LIMIT` characters; a paste arrives on one line."""

    #: the width of the value, to scroll within: it changes with each key, the field's size never does
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, placeholder: str = "", focused_placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, compact=True, max_length=RATIONALE_LIMIT)
        #: the prompt while the field has focus: the one shown from elsewhere ("Tab, type, Enter") would send Tab away again
        self.prompts = (placeholder, focused_placeholder or placeholder)

    def _on_focus(self, event: events.Focus) -> None:
        self.placeholder = self.prompts[1]
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        self.placeholder = self.prompts[0]
        super()._on_blur(event)

    def _on_paste(self, event: events.Paste) -> None:
        """Line breaks become spaces; what does not fit under the limit is left out."""
        event.prevent_default()  # not Input's own paste, which keeps the first line only
        event.stop()
        text = clean_typed(event.text)
        if not text:
            return
        start, end = sorted(self.selection)
        room = RATIONALE_LIMIT - (len(self.value) - (end - start))
        if len(text) > room:
            text = text[: max(0, room)]
            self.notify(f"A rationale is at most {RATIONALE_LIMIT} characters: the paste was cut to fit.", severity="warning", markup=False)
        if text:
            self.replace(text, start, end)


class RationaleField(Horizontal):
    """A `RationaleInput` (its id given) and its count."""

    DEFAULT_CSS = """
    RationaleField { height: 1; width: 1fr; }
    RationaleField > RationaleInput { width: 1fr; }
    RationaleField > .rationale-count { width: 10; height: 1; text-align: right; }
    """

    def __init__(self, *, placeholder: str = "", focused_placeholder: str = "", input_id: str) -> None:
        super().__init__(classes="rationale-field")
        self.placeholder = placeholder
        self.focused_placeholder = focused_placeholder
        self.input_id = input_id

    def compose(self) -> ComposeResult:
        yield RationaleInput(placeholder=self.placeholder, focused_placeholder=self.focused_placeholder, id=self.input_id)
        yield Static(count_text(0), classes="rationale-count")

    @on(Input.Changed)
    def count(self, event: Input.Changed) -> None:
        """Only the count is redrawn: its width is fixed, so no layout is needed."""
        self.query_one(".rationale-count", Static).update(count_text(len(event.value)), layout=False)
