"""`wargame resume SAVE`: continue a saved game in the terminal exactly where it stopped."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import saves
from ..session import Session
from ..text import printable
from .errors import UserError, require_terminal, say
from .inspect import add_load_options, open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("resume", help="continue a saved game where it stopped")
    parser.add_argument("save", metavar="SAVE", nargs="?", help="a save file, or a save's name in the saves folder (none: list the saves)")
    add_load_options(parser)
    parser.set_defaults(run=run)


def load_from_args(args: argparse.Namespace) -> Session:
    """The saved game named on the command line, replayed, checked and ready to continue."""
    replay = open_from_args(args)
    path = replay.save.path
    session = replay.session()
    if replay.deck_changed:
        bad = replay.divergence
        if bad is None:
            say(f"wargame: note: {path}: the deck has changed, but every decision replays as saved")
        else:
            say(f"wargame: note: {path}: the deck has changed; first divergence: {bad.message(path)}")
            if bad.illegal:
                session.save_path = saves.new_save_path(path.parent, f"{path.stem}-replayed")
                say(
                    f"wargame: note: the game continues from decision {replay.applied} and saves to {session.save_path};"
                    f" {path} is kept as it was"
                )
    return session


def run(args: argparse.Namespace) -> int:
    if args.save is None:
        return list_saves(saves.saves_dir(args.saves))
    from .play import check_saves  # deferred: the command line answers --help and bad flags without it

    check_saves(args.saves)
    session = load_from_args(args)
    from ..ui.app import WargameApp  # deferred: the command line answers --help and bad flags without it

    require_terminal()
    WargameApp(session=session, saves_dir=saves.saves_dir(args.saves)).run()
    return 0


def list_saves(folder: Path) -> int:
    """`wargame resume` alone: the saves, newest first, as the title screen's picker lists them."""
    from ..ui.saving import save_label  # deferred: the command line answers --help and bad flags without it

    found = saves.list_saves(folder)
    if not found:
        say(f"No saves in {folder} yet: a game is saved after every decision.", to=sys.stdout)
        return 0
    say(f"Saves in {folder}, newest first ('wargame resume NAME' continues one):", to=sys.stdout)
    for item in found:
        print(f"  {printable(item.path.stem, one_line=True)}  {printable(save_label(item), one_line=True)}")
    return 0
