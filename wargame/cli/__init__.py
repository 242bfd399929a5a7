"""The `wargame` command: one subcommand per module in this package.

Each module has `register(subparsers)`, which adds its parser and sets
`run` to a function taking the parsed arguments and returning an exit
status. Bad input raises `UserError` (or a deck or save error) and becomes
one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import NoReturn, Sequence

from .. import __version__, engine_build
from ..text import printable
from .errors import UserError, say

#: subcommand modules, in the order `wargame --help` lists them
COMMANDS = ("play", "resume", "replay", "inspect", "report", "simulate", "analyse", "deck", "serve", "join")


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong flag is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, printable(f"{self.prog}: error: {message} (see '{self.prog} --help')", one_line=True) + "\n")


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    parser = Parser(
        prog="wargame",
        description="A seminar wargame about Japan's collective self-defense.",
        epilog="With no command, wargame plays: 'wargame' opens the title screen, and the play flags work alone "
        "('wargame --scenario 2016 --seed 7'); see 'wargame play --help'.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__} ({engine_build()} engine)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in commands:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; whatever goes wrong is one line and a conventional exit status, never a traceback:
    2 for bad input (a flag, a file, a folder, standard output closed from the start), 130 for Ctrl+C,
    141 (silence) for a pipe whose reader went away."""
    if sys.stdout is None:  # started with standard output closed (`wargame ... >&-`)
        say("wargame: error: standard output is closed: give the command a terminal, a file or a pipe to write to")
        return 2
    try:
        status = _run(argv)
        sys.stdout.flush()  # a pipe closed early fails here, not at exit
        return status
    except KeyboardInterrupt:
        print(file=sys.stderr)  # the terminal's ^C stays on a line of its own
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 141


def _run(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        # the default command, `play` (with its flags): load only it, so the title screen comes up fast
        args, extra = build_parser(("play",)).parse_known_args(["play", *argv])
    elif argv[0] in COMMANDS:
        # a command by name: load only its module (a bulk run starts sooner, and so do its workers' jobs)
        args, extra = build_parser((argv[0],)).parse_known_args(argv)
    else:
        args, extra = build_parser().parse_known_args(argv)
    if extra:  # named by the command they were given to, whose --help lists what it takes
        prog = " ".join(["wargame", *([args.command] if getattr(args, "command", None) else [])])
        say(f"{prog}: error: unrecognized arguments: {' '.join(extra)} (see '{prog} --help')")
        return 2
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:
        raise
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        say(f"wargame: error: {where}{err.strerror or err}")
        return 2
    except Exception as err:
        if isinstance(err, (UserError, *_bad_input_errors())):
            say(f"wargame: error: {err}")
            return 2
        if os.environ.get("WARGAME_DEBUG"):
            raise
        say(f"wargame: internal error: {type(err).__name__}: {err} (WARGAME_DEBUG=1 shows where)")
        return 1


def _bad_input_errors() -> tuple[type[Exception], ...]:
    """A broken deck or save, from the modules that raise them (loaded only if a command used them)."""
    found = []
    for module, name in (("wargame.decks", "DeckError"), ("wargame.saves", "SaveError")):
        if module in sys.modules:
            found.append(getattr(sys.modules[module], name))
    return tuple(found)


def _quiet_stdout() -> None:
    """The reader went away (`wargame ... | head`): drop what is left, as `cat` would, without a word."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
