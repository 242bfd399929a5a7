"""`wargame report SAVE [-o FILE.md]`: the after-action report of a saved game, in Markdown.

The save is replayed and checked as on loading, and the report is rebuilt
from its decision log (see `wargame.report`). Without `-o` the report goes
to standard output; on a terminal, a table wider than the terminal is
written stacked, a block of "Field: value" lines per row
(`wargame.report.fit`), while a file or a pipe gets the tables as they are.
A save that cannot be read or does not replay is one line on stderr and
exit status 2.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from .. import saves
from ..report import ReportError, build_report
from ..report.fit import fit_tables
from .errors import UserError, say
from .inspect import add_load_options, open_from_args
from .targets import check_target


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="write the after-action report of a saved game (Markdown)")
    parser.add_argument("save", metavar="SAVE", help="a save file, or a save's name in the saves folder")
    parser.add_argument("-o", "--output", metavar="FILE.md", help="write the report to this file (default: standard output)")
    add_load_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    replay = open_from_args(args)
    path = replay.save.path
    if args.output:
        check_target(Path(args.output), "-o", "the report", reading=path)
    if replay.deck_changed:
        bad = replay.divergence
        detail = f"the report stops before decision {bad.seq}, where it diverges" if bad else "every decision replays as saved"
        say(f"wargame: note: {path}: the deck '{replay.save.deck_id}' has changed; {detail}")
    try:
        text = build_report(replay.session())
    except ReportError as err:
        raise UserError(f"{path}: {err}") from None
    if args.output:
        out = Path(args.output)
        try:
            saves.write_atomic(out, text)
        except OSError as err:
            raise UserError(f"{out}: cannot write the report: {err.strerror or err}") from None
        return 0
    _print(for_terminal(text) if sys.stdout.isatty() else text)
    return 0


def for_terminal(text: str) -> str:
    """The report with each table too wide for the terminal stacked (measured as written, escapes and all)."""
    return fit_tables(text, shutil.get_terminal_size().columns, wraps=False)


def _print(text: str) -> None:
    """Write UTF-8 whatever the terminal's locale, and stop quietly if the reader goes away."""
    try:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(text.encode("utf-8"))
            stream.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
