"""The command palette (Ctrl+P): the main actions of the game, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

#: (name, app action, help)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("New game", "new_game", "Set up and start a new game"),
    ("Resume a saved game", "resume", "Pick a saved game and play on"),
    ("Replay a saved game", "replay", "Step through a saved game"),
    ("Scenario decks", "decks", "The bundled scenarios"),
    ("Event log", "show_log", "The running log of events and decisions"),
    ("Skip ahead", "skip", "Finish the pending bot moves now"),
    ("Help", "help", "Rules, legal ladder, glossary and keys"),
    ("Back to the title screen", "to_title", "Leave the game in progress (asks first)"),
    ("Quit wargame", "request_quit", "Quit (asks first during a game)"),
)


class WargameCommands(Provider):
    """Offers COMMANDS; each runs the app action of the same name."""

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, f"app.{action}")

    async def discover(self) -> Hits:
        for name, action, help_text in COMMANDS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_text)
