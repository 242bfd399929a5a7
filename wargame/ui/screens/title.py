"""The title screen: new game, resume, replay, decks, help, quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Header, Static

from ..base import WargameScreen
from ..safe import Text
from ..widgets.menu import Menu

MENU: tuple[tuple[str, str, str], ...] = (
    ("new", "New game", "n"),
    ("resume", "Resume a saved game", "r"),
    ("replay", "Replay a saved game", "p"),
    ("decks", "Scenario decks", "d"),
    ("help", "Help: rules, legal ladder, glossary, keys", "F1"),
    ("quit", "Quit", "q"),
)

BLURB = (
    "Tokyo, Washington and Beijing answer event cards under Japan's legal "
    "limits on collective self-defense and the mood of its public."
)


class TitleScreen(WargameScreen[None]):
    BINDINGS = [
        Binding("n", "app.new_game", "New game"),
        Binding("r", "app.resume", "Resume"),
        Binding("p", "app.replay", "Replay"),
        Binding("d", "app.decks", "Decks"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Center():
            with Vertical(id="title-box"):
                yield Static("COLLECTIVE SELF-DEFENSE", id="title-name")
                yield Static("a seminar wargame of the US-Japan alliance", id="title-tagline")
                yield Static(BLURB, id="title-blurb")
                yield Static(Text(f"Scenario: {self.app.scenario_label()}"), id="title-scenario")
                yield Menu(MENU, id="title-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "title"
        self.query_one("#title-menu", Menu).focus()

    async def on_menu_chosen(self, event: Menu.Chosen) -> None:
        event.stop()
        action = {"new": "new_game", "quit": "request_quit"}.get(event.entry, event.entry)
        await self.app.run_action(f"app.{action}")
