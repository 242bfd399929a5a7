"""`wargame play`: the TUI (the default command). Flags fill in the setup screen's defaults.

`wargame` with no arguments opens the title screen on the default 2013
scenario. Every flag is checked before the TUI starts, so a bad deck, seat
or number is one line and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import UserError, require_terminal, say
from .options import add_game_options, add_saves_option

#: the longest pause after a bot move, in seconds
MAX_PACE = 10.0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "play",
        help="play a game in the terminal (the default)",
        description="Play in the terminal: the title screen, where New game opens the setup form filled in with "
        "these flags (Enter starts). 'wargame FLAGS' is the same as 'wargame play FLAGS'.",
    )
    add_game_options(
        parser,
        seats="who plays each capital, e.g. 'tokyo=human,washington=human,beijing=random' (default: Tokyo human, bots for the others)",
        facilitator="seat a facilitator (white cell) at this keyboard",
        mode="adjudication: rigid (rules decide) or semi-rigid (the white cell may override)",
    )
    parser.add_argument("--pace", type=float, metavar="SECONDS", default=0.8, help=f"pause after each bot move, 0 to {MAX_PACE:g} seconds (default 0.8; 0 for none)")
    add_saves_option(parser)
    parser.set_defaults(run=run)


def check_pace(pace: float) -> float:
    """Seconds between bot moves, 0 to MAX_PACE (a number: not inf, not nan)."""
    if not 0 <= pace <= MAX_PACE:  # nan fails both comparisons
        raise UserError(f"--pace: {pace} is not a number of seconds from 0 to {MAX_PACE:g}")
    return pace


def check_saves(option: str | None) -> Path:
    """The saves folder, proven writable before the game opens (one line and exit 2 if not)."""
    from ..folders import folder_problem, saves_dir  # deferred: the command line answers --help and bad flags without it

    folder = saves_dir(option)
    problem = folder_problem(folder)
    if problem:
        raise UserError(f"{'--saves ' if option else 'the saves folder '}{folder}: {problem}")
    return folder


def _announce(ref: str) -> bool:
    """Say so before loading a deck that takes more than a moment; True when it was said."""
    from ..decks import resolve  # deferred: the command line answers --help and bad flags without it

    path = resolve(ref)
    try:
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        size = 0
    if size < 300_000:
        return False
    say(f"wargame: loading the deck {path} ({size / 1e6:.1f} MB)...", flush=True)
    return True


def _drop_typeahead() -> None:
    """Keys typed while a deck loaded are dropped, so a q pressed meanwhile does not quit the game at once."""
    try:
        import termios

        if sys.stdin.isatty():
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):
        pass


def run(args: argparse.Namespace) -> int:
    check_pace(args.pace)
    saves_dir = check_saves(args.saves)
    chosen = (args.deck, args.scenario, args.seed, args.seats, args.facilitator, args.mode, args.turns)
    if all(value is None or value is False for value in chosen):
        from ..ui.app import WargameApp  # deferred: the command line answers --help and bad flags without it

        require_terminal()
        # the defaults: the bundled 2013 deck is loaded when a game starts, so the title comes up at once
        WargameApp(saves_dir=saves_dir, pace=args.pace).run()
        return 0
    from ..decks import DEFAULT_DECK, DeckError, load_deck  # deferred: the command line answers --help and bad flags without it
    from ..seats import parse_seats  # deferred: the command line answers --help and bad flags without it
    from ..ui.settings import GameSettings, default_seats, random_seed  # deferred: the command line answers --help and bad flags without it
    from .scenarios import check_scenario  # deferred: the command line answers --help and bad flags without it

    if args.deck and args.scenario:
        raise UserError("give --deck or --scenario, not both")
    check_scenario(args.scenario)
    ref = args.deck or args.scenario or DEFAULT_DECK
    slow = _announce(ref)
    try:
        deck = load_deck(ref)
    except DeckError as err:
        raise UserError(str(err)) from None
    if slow:
        _drop_typeahead()
    try:
        seats = parse_seats(args.seats or "", base=default_seats())
    except ValueError as err:
        raise UserError(f"--seats: {err}") from None
    if args.facilitator:
        seats["facilitator"] = "human"
    if args.turns is not None and not 1 <= args.turns <= 40:
        raise UserError(f"--turns: {args.turns} is not a number of turns from 1 to 40")
    settings = GameSettings(
        deck=ref,
        seed=random_seed() if args.seed is None else args.seed,
        seats=seats,
        mode=args.mode or ("semi-rigid" if args.facilitator else "rigid"),
        turns=args.turns,
    )
    from ..ui.app import WargameApp  # deferred: the command line answers --help and bad flags without it

    require_terminal()
    WargameApp(settings, deck=deck, saves_dir=saves_dir, pace=args.pace).run()
    return 0
