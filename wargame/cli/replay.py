"""`wargame replay SAVE [--verify]`: step through a saved game, or check it headless.

`--verify` replays every decision through the engine and checks every
checkpoint: exit 0 when all hold; exit 1 when the save reads but does not
replay, naming the first decision that is illegal or whose checkpoint
differs (or the header, when its seed was changed); exit 2 when the file
cannot be read as a save (not TOML, a missing or misnumbered field, a
control character, a deck that cannot be loaded or has changed).
Without it the replay viewer opens in the terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import saves
from ..saves import Replay
from .errors import UserError, require_terminal, say
from .inspect import add_load_options, deck_change_note, open_from_args

if TYPE_CHECKING:
    from ..ui.app import WargameApp


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("replay", help="step through a saved game, or --verify it headless")
    parser.add_argument("save", metavar="SAVE", help="a save file, or a save's name in the saves folder")
    parser.add_argument("--verify", action="store_true", help="replay headless and check every checkpoint (exit 0; 1 if it does not replay; 2 if it is not a readable save)")
    add_load_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.verify:
        return verify(args)
    replay = open_from_args(args, strict=False)
    note = deck_change_note(replay)
    if note:
        say(note)
    elif replay.divergence is not None:
        raise UserError(replay.divergence.message(replay.save.path))
    require_terminal()
    viewer(replay, saves.saves_dir(args.saves)).run()
    return 0


def viewer(replay: Replay, saves_dir: Path) -> WargameApp:
    """The TUI with the replay viewer open on `replay`, above the title screen."""
    from ..ui.app import WargameApp  # deferred: the command line answers --help and bad flags without it

    return WargameApp(replay=replay, saves_dir=saves_dir)


def verify(args: argparse.Namespace) -> int:
    replay = open_from_args(args, strict=False)
    save = replay.save
    bad = replay.divergence
    if bad is not None:
        say(f"wargame: verify failed: {bad.message(save.path)}")
        return 1
    note = deck_change_note(replay)
    if note:
        say(note)
    final = replay.hashes.get(replay.applied) or ""
    migrated = f", migrated from format {save.format}" if save.format != saves.FORMAT else ""
    say(
        f"{save.path}: verified: {len(save.decisions)} decisions, {len(save.checkpoints)} checkpoints"
        f"{migrated}" + (f", final state {final}" if final else ""),
        to=sys.stdout,
    )
    return 0
