"""The bundled scenario decks; Enter sets up a game on the highlighted one (the screen dismisses with its id)."""

from __future__ import annotations

import re

from rich.console import Group
from rich.padding import Padding
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...decks import DeckError, bundled_paths, load_deck
from ..base import WargameScreen
from ..safe import Text


class DecksScreen(WargameScreen[str | None]):
    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape", "close", "Back")]

    def compose(self) -> ComposeResult:
        options = []
        for path in bundled_paths():
            try:
                deck = load_deck(path)
            except DeckError as err:
                options.append(Option(Text(f"{path.stem}: cannot be played: {err}"), id=path.stem, disabled=True))
                continue
            heading = Text()
            heading.append(f"{deck.id}", style="bold")
            heading.append(f"  {deck.title} ({deck.era}) · {len(deck.cards)} cards · {deck.start.turns} turns")
            # the description's first sentence (or clause), indented as a block when it wraps
            first = re.split(r"\. |: ", deck.description.strip(), maxsplit=1)[0].rstrip(".")
            about = Padding(Text(f"{first}.", style="dim"), (0, 0, 0, 4))
            options.append(Option(Group(heading, about), id=deck.id))
        yield Header()
        with Vertical(id="decks-box"):
            yield Static("Scenario decks: Enter sets up a game on one", id="decks-heading")
            yield OptionList(*options, id="decks-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "scenario decks"
        self.query_one("#decks-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#decks-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
