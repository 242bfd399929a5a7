"""The Textual TUI. It renders `view(state, seat)` and sends actions through a Session; it never changes state."""

#: the default scenario, as wargame.decks.DEFAULT_DECK (spelled out here so the title needs no deck code; a test holds them equal)
DEFAULT_DECK = "era-2013"
