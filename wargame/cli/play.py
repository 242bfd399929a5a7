"""`wargame play`: start the TUI on a scenario (the default command)."""

from __future__ import annotations

import argparse

from ..decks import DEFAULT_DECK, DeckError, load_deck
from .errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("play", help="play a game in the terminal (the default)")
    parser.add_argument("--deck", metavar="PATH", help="a deck file of your own")
    parser.add_argument("--scenario", metavar="ID", help="a bundled scenario (see 'wargame deck list')")
    parser.add_argument("--seed", type=int, help="the seed (random when omitted)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        deck = load_deck(args.deck or args.scenario or DEFAULT_DECK)
    except DeckError as err:
        raise UserError(str(err)) from None
    from ..ui.app import WargameApp

    WargameApp(deck=deck, seed=args.seed).run()
    return 0
