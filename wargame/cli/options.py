"""Options several commands share, spelled once so that their help reads the same everywhere."""

from __future__ import annotations

import argparse

from ..folders import ENV


def add_saves_option(parser: argparse.ArgumentParser) -> None:
    """Give a command the `--saves DIR` option (read it back with `saves_dir(args.saves)`)."""
    parser.add_argument(
        "--saves",
        metavar="DIR",
        help=f"the folder of saves (default: ${ENV}, else saves/ in the working folder)",
    )
