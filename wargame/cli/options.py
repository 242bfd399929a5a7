"""Options several commands share, spelled once so that their help reads the same everywhere."""

from __future__ import annotations

import argparse

from ..folders import ENV

#: adjudication modes (the engine's MODES; spelled out so that `wargame` starts without loading the engine)
MODES = ("rigid", "semi-rigid")


def add_saves_option(parser: argparse.ArgumentParser) -> None:
    """Give a command the `--saves DIR` option (read it back with `saves_dir(args.saves)`)."""
    parser.add_argument(
        "--saves",
        metavar="DIR",
        help=f"the folder of saves (default: ${ENV}, else saves/ in the working folder)",
    )


def add_game_options(parser: argparse.ArgumentParser, *, seats: str, facilitator: str, mode: str) -> None:
    """The options that set up a game (`play` and `serve`): the deck, the seed, the seats, the facilitator, the mode, the turns.

    `seats`, `facilitator` and `mode` are the help texts that differ: who sits by default, and what a facilitator does there.
    """
    parser.add_argument("--deck", metavar="PATH", help="a deck file of your own")
    parser.add_argument("--scenario", metavar="ID", help="a bundled scenario (see 'wargame deck list'; default era-2013)")
    parser.add_argument("--seed", type=int, help="the seed (random when omitted)")
    parser.add_argument("--seats", metavar="SEATS", help=seats)
    parser.add_argument("--facilitator", action="store_true", help=facilitator)
    parser.add_argument("--mode", choices=MODES, help=mode)
    parser.add_argument("--turns", type=int, metavar="N", help="number of turns, 1..40 (default: the scenario's)")
