"""The `wargame` command: one subcommand per module in this package.

Each module has `register(subparsers)`, which adds its parser and sets
`run` to a function taking the parsed arguments and returning an exit
status. Bad input raises `UserError` (or a deck or save error) and becomes
one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn, Sequence

from .. import __version__
from .errors import UserError

#: subcommand modules, in the order `wargame --help` lists them
COMMANDS = ("play", "resume", "replay", "inspect", "report", "simulate", "analyse", "deck")


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong flag is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    parser = Parser(
        prog="wargame",
        description="A seminar wargame about Japan's collective self-defense.",
        epilog="With no command, wargame plays: 'wargame' opens the title screen, and the play flags work alone "
        "('wargame --scenario 2016 --seed 7'); see 'wargame play --help'.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in commands:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        # the default command, `play` (with its flags): load only it, so the title screen comes up fast
        args, extra = build_parser(("play",)).parse_known_args(["play", *argv])
    else:
        args, extra = build_parser().parse_known_args(argv)
    if extra:  # named by the command they were given to, whose --help lists what it takes
        prog = " ".join(["wargame", *([args.command] if getattr(args, "command", None) else [])])
        print(f"{prog}: error: unrecognized arguments: {' '.join(extra)} (see '{prog} --help')", file=sys.stderr)
        return 2
    try:
        return int(args.run(args) or 0)
    except UserError as err:
        print(f"wargame: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
