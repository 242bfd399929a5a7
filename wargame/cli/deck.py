"""`wargame deck list` and `wargame deck check PATH...`."""

from __future__ import annotations

import argparse
import sys

from ..decks import DeckError, bundled_paths, check_deck, load_deck


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("deck", help="list the bundled scenarios or check deck files")
    deck_sub = parser.add_subparsers(dest="deck_command", metavar="ACTION", required=True, parser_class=type(parser))
    listing = deck_sub.add_parser("list", help="show the bundled scenarios")
    listing.set_defaults(run=run_list)
    check = deck_sub.add_parser("check", help="validate deck files; one line per problem")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.set_defaults(run=run_check)


def run_list(args: argparse.Namespace) -> int:
    rows = []
    for path in bundled_paths():
        try:
            deck = load_deck(path)
        except DeckError as err:
            print(f"wargame: error: {err}", file=sys.stderr)
            return 2
        rows.append((deck.id, str(deck.era), deck.title, str(len(deck.cards))))
    header = ("ID", "ERA", "TITLE", "CARDS")
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(4)]
    for row in (header, *rows):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return 0


def run_check(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.paths:
        problems = check_deck(path)
        for problem in problems:
            print(problem)
        bad += bool(problems)
    if bad:
        return 2
    count = len(args.paths)
    print(f"{count} deck{'s' if count != 1 else ''} checked: no problems")
    return 0
