"""`wargame deck list` and `wargame deck check PATH...`.

`check` is what a facilitator runs after editing a deck: one line per
problem (`FILE:LINE: card 'ID': what is wrong and what is allowed`) and exit
status 2, or a one-line all-clear and exit status 0 (warnings, such as a
track nothing reads, are printed but do not fail the check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..decks import DEFAULT_DECK, DeckError, bundled_paths, check_deck, errors_in, load_deck, resolve
from .errors import say


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("deck", help="list the bundled scenarios or check deck files")
    deck_sub = parser.add_subparsers(dest="deck_command", metavar="ACTION", required=True, parser_class=type(parser))
    listing = deck_sub.add_parser("list", help="show the bundled scenarios (id, era, title, cards)")
    listing.set_defaults(run=run_list)
    check = deck_sub.add_parser(
        "check",
        help="validate deck files; one line per problem, exit 2 when any",
        description="Validate deck files (or bundled scenarios by id). Prints FILE:LINE: problem per mistake and exits 2, or exits 0.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a deck file, or a bundled scenario id such as era-2013")
    check.set_defaults(run=run_check)


def run_list(args: argparse.Namespace) -> int:
    """The bundled scenarios; a broken one is reported on stderr, the rest still listed."""
    rows = []
    broken = 0
    for path in bundled_paths():
        try:
            deck = load_deck(path)
        except DeckError as err:
            say(f"wargame: error: {err}")
            broken += 1
            continue
        default = " (default)" if deck.id == DEFAULT_DECK else ""
        rows.append((deck.id, str(deck.era), deck.title + default, str(len(deck.cards))))
    header = ("ID", "ERA", "TITLE", "CARDS")
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(4)]
    for row in (header, *rows):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return 2 if broken else 0


def run_check(args: argparse.Namespace) -> int:
    bad = warned = 0
    for name in args.paths:
        path = Path(name) if Path(name).exists() else resolve(name)
        problems = check_deck(path)
        for problem in problems:
            say(str(problem), to=sys.stdout)
        bad += bool(errors_in(problems))
        warned += len(problems) - len(errors_in(problems))
    count = len(args.paths)
    if bad:
        print(f"{bad} of {count} deck{'s' if count != 1 else ''} ha{'ve' if bad != 1 else 's'} problems", file=sys.stderr)
        return 2
    note = f" ({warned} warning{'s' if warned != 1 else ''})" if warned else ""
    print(f"{count} deck{'s' if count != 1 else ''} checked: no problems{note}")
    return 0
