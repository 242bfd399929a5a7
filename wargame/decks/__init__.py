"""Decks: TOML files in, a validated `Deck` out, or problems that name file and line.

The format is documented in decks/README.md. Every problem becomes one
line, `FILE:LINE: card 'ID': what is wrong and what is allowed`. Besides the
shape of the data, decks are held to the rules of the game's subject
(`wargame.decks.rules`), and a deck author is told about each breach like
any other mistake.

The modules, in the order a deck passes through them: `finding` (where
decks are), `loading` (bytes to problems), `building` (the walk that builds
the `Deck`, from `sections`, `cards` and `options` on the typed getters of
`reading`), `positions` (the line of each place, for the problems),
`schema` (the keys each table allows) and `rules` (the subject's rules).
"""

from __future__ import annotations

from ..diagnostics import DeckProblem, errors_in
from .finding import DEFAULT_DECK, MAX_DECK_BYTES, bundled_paths, deck_dir, resolve
from .loading import DeckError, bundled_decks, check_deck, check_text, load_deck

__all__ = [
    "DEFAULT_DECK",
    "MAX_DECK_BYTES",
    "DeckError",
    "DeckProblem",
    "bundled_decks",
    "bundled_paths",
    "check_deck",
    "check_text",
    "deck_dir",
    "errors_in",
    "load_deck",
    "resolve",
]
