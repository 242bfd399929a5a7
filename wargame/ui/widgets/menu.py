"""A small keyboard menu for the title screen: lighter to start than an OptionList."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..safe import Text


class Menu(Widget, can_focus=True):
    """Entries of (id, label, key hint); Up/Down move, Enter or a click chooses."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]
    DEFAULT_CSS = """
    Menu { height: auto; }
    """
    index: reactive[int] = reactive(0)

    class Chosen(Message):
        def __init__(self, entry: str) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, entries: tuple[tuple[str, str, str], ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries = entries

    def render(self) -> Text:
        text = Text()
        for i, (_entry, label, key) in enumerate(self.entries):
            if i:
                text.append("\n")
            line = Text.assemble((f"{key:>3}  ", "dim"), label)
            if i == self.index:
                line.stylize("reverse" if self.has_focus else "bold")
                line.pad_right(max(0, self.size.width - line.cell_len))
            text.append_text(line)
        return text

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self.entries)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        self.index = (self.index + step) % len(self.entries)

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.entries[self.index][0]))

    def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(self.entries):
            self.index = event.y
            self.action_choose()
