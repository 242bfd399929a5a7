"""Set up a game: scenario or deck file, seats, facilitator, adjudication mode, turns and seed.

Enter on the Start button (focused first) starts with the defaults shown.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from ...seats import SEAT_KINDS
from ...decks import bundled_paths, resolve
from ...engine.tracks import FACILITATOR, MODES, ROLE_NAMES, ROLES
from ..base import WargameScreen
from ..dialogs.loading import LoadingDialog, is_slow
from ..messages import StartGame
from ..safe import Text
from ..settings import GameSettings, random_seed

_TITLE_LINE = re.compile(r'^title\s*=\s*"([^"\n]*)"', re.MULTILINE)


def bundled_scenarios() -> list[tuple[str, str]]:
    """(label, id) of each bundled deck, read cheaply from the file's title line."""
    found = []
    for path in bundled_paths():
        try:
            head = path.read_text(encoding="utf-8")[:4000]
        except OSError:
            continue
        match = _TITLE_LINE.search(head)
        found.append((f"{path.stem}: {match.group(1)}" if match else path.stem, path.stem))
    return found


def seat_label(kind: str) -> str:
    return "human (at this keyboard)" if kind == "human" else f"bot: {kind}"


class SetupScreen(WargameScreen[None]):
    """The form; Start posts StartGame, and the app says here why a game cannot start."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "start", "Start"),
        Binding("ctrl+r", "reseed", "New seed"),
    ]

    def __init__(self, settings: GameSettings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        settings = self.settings
        seats = settings.seat_map
        scenarios = bundled_scenarios()
        ids = [sid for _, sid in scenarios]
        deck = settings.deck
        deck_id = deck if deck in ids else (f"era-{deck}" if f"era-{deck}" in ids else None)
        deck_file = "" if deck_id else deck
        yield Header()
        with VerticalScroll(id="setup-scroll"):
            yield Static("New game", id="setup-heading")
            with Grid(id="setup-grid"):
                yield Label("Scenario")
                yield Select(scenarios, value=deck_id or Select.NULL, allow_blank=True, prompt="(the deck file below)", id="scenario", compact=True)
                yield Label("Deck file")
                yield Input(deck_file, placeholder="a deck .toml of your own (optional)", id="deck-file", compact=True)
                for role in ROLES:
                    yield Label(ROLE_NAMES[role])
                    yield Select([(seat_label(k), k) for k in SEAT_KINDS], value=seats[role], allow_blank=False, id=f"seat-{role}", compact=True)
                yield Label("Facilitator")
                yield Select(
                    [("off: the rules run the table", "off"), ("on: a white cell at this keyboard", "human")],
                    value="off" if seats.get(FACILITATOR, "off") == "off" else "human",
                    allow_blank=False,
                    id="facilitator",
                    compact=True,
                )
                yield Label("Adjudication")
                yield Select(
                    [("rigid: rules and dice decide", "rigid"), ("semi-rigid: the white cell may override", "semi-rigid")],
                    value=settings.mode if settings.mode in MODES else "rigid",
                    allow_blank=False,
                    id="mode",
                    compact=True,
                )
                yield Label("Turns")
                yield Input(
                    "" if settings.turns is None else str(settings.turns),
                    placeholder="the scenario's own (1..40)",
                    type="integer",
                    id="turns",
                    compact=True,
                )
                yield Label("Seed")
                yield Input(str(settings.seed), type="integer", id="seed", compact=True)
            yield Static("", id="setup-error")
            with Horizontal(id="setup-buttons"):
                yield Button("Start (Enter)", id="start", variant="primary", compact=True)
                yield Button("Back (Esc)", id="back", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "set up a game"
        for field in self.query(Input):
            field.cursor_blink = self.app.cursor_blink
        self.query_one("#start", Button).focus()

    def read_settings(self) -> GameSettings:
        """The form as settings; ValueError names the field that is wrong."""
        deck_file = self.query_one("#deck-file", Input).value.strip()
        scenario = self.query_one("#scenario", Select).value
        if deck_file:
            if not Path(deck_file).expanduser().is_file():
                raise ValueError(f"deck file: {deck_file} is not a file")
            deck = str(Path(deck_file).expanduser())
        elif isinstance(scenario, str):
            deck = scenario
        else:
            raise ValueError("choose a scenario or give a deck file")
        seats = {role: str(self.query_one(f"#seat-{role}", Select).value) for role in ROLES}
        seats[FACILITATOR] = str(self.query_one("#facilitator", Select).value)
        turns_text = self.query_one("#turns", Input).value.strip()
        turns = None
        if turns_text:
            turns = int(turns_text) if re.fullmatch(r"-?\d+", turns_text) else 0
            if not 1 <= turns <= 40:
                raise ValueError(f"turns: {turns_text} is not a number of turns from 1 to 40")
        seed_text = self.query_one("#seed", Input).value.strip()
        if not re.fullmatch(r"-?\d+", seed_text):
            raise ValueError("seed: a whole number, please")
        mode = str(self.query_one("#mode", Select).value)
        return GameSettings(deck=deck, seed=int(seed_text), seats=seats, mode=mode, turns=turns)

    def action_start(self) -> None:
        try:
            settings = self.read_settings()
        except ValueError as err:
            self.show_error(str(err))
            return
        path = resolve(settings.deck)
        if settings.deck not in self.app.decks and is_slow(path):
            # the game starts once the dialog is gone (starting one unwinds the screens above the title)
            self.app.push_screen(LoadingDialog(settings.deck, path), partial(self.loaded, settings))
            return
        self.post_message(StartGame(settings, self))

    def loaded(self, settings: GameSettings, error: str | None) -> None:
        """The loading dialog is gone: start, or say why the deck did not load."""
        if error:
            self.show_error(error)
        else:
            self.post_message(StartGame(settings, self))

    def show_error(self, error: str) -> None:
        self.query_one("#setup-error", Static).update(Text(error))

    def action_back(self) -> None:
        self.dismiss()

    def action_reseed(self) -> None:
        self.query_one("#seed", Input).value = str(random_seed())

    @on(Button.Pressed, "#start")
    def start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    @on(Button.Pressed, "#back")
    def back_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()
