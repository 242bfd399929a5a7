"""The TUI's rich Text: every string put in it passes through `wargame.text.printable`.

Deck, save and player text reaches the screen inside Text (card panels,
option lists, logs, tables, dialogs), so the UI builds its Text from this
class: a control character in a card title or a pasted rationale is shown as
a visible stand-in and never reaches the terminal, wherever it is rendered.
Labels, notifications, titles and Markdown take `printable` directly.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text as RichText

from ..text import printable


class Text(RichText):
    """rich Text, its strings made printable as they come in (brackets stay literal, as in rich Text)."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(printable(text), *args, **kwargs)

    def append(self, text: str | RichText, style: Any = None) -> Text:
        if isinstance(text, str):
            text = printable(text)
        elif not isinstance(text, Text):
            text = _printable_copy(text)
        super().append(text, style)
        return self

    def append_text(self, text: RichText) -> Text:
        super().append_text(text if isinstance(text, Text) else _printable_copy(text))
        return self


def _printable_copy(text: RichText) -> RichText:
    """A rich Text from elsewhere, its characters made printable (one for one, so its styles still fit)."""
    copy = text.copy()
    copy.plain = printable(text.plain)
    return copy


def shown(text: str, *, one_line: bool = False) -> str:
    """A plain string for a Label, a title, a notification or Markdown."""
    return printable(text, one_line=one_line)
