"""`wargame simulate`: play many games headless with bots and summarise them.

Game i of a run is the game of seed `--seed` + i, so the summary is the
same whatever `--jobs` is, and any single game can be replayed or played
again on its own. The progress bar goes to the terminal only (never into a
pipe or a file); the summary goes to standard output.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from ..analysis import GameResult, format_summary, simulate, summarise, write_games
from ..analysis.simulation import save_name
from ..bots import BOT_MAKERS
from ..decks import DEFAULT_DECK, DeckError, load_deck
from ..engine.tracks import FACILITATOR, ROLES
from ..seats import parse_seats
from .errors import UserError
from .limits import MAX_GAMES, check_jobs
from .scenarios import check_scenario
from .targets import check_target

DEFAULT_GAMES = 1000


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("simulate", help="play many bot games headless and summarise them")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scenario", metavar="ID", help="a bundled scenario (see 'wargame deck list'; default era-2013)")
    where.add_argument("--deck", metavar="PATH", help="a deck file of your own")
    parser.add_argument("--games", type=int, default=DEFAULT_GAMES, metavar="N", help=f"how many games (default {DEFAULT_GAMES})")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="game i uses seed S + i (default 0)")
    parser.add_argument("--jobs", type=int, default=1, metavar="J", help="worker processes (default 1; results do not depend on it)")
    parser.add_argument(
        "--seats",
        default="",
        metavar="SEATS",
        help=f"bots per capital, e.g. tokyo=rollout,beijing=random (kinds: {', '.join(BOT_MAKERS)}; default doctrine)",
    )
    parser.add_argument("--turns", type=int, metavar="T", help="play this many turns (default: the scenario's)")
    parser.add_argument("--out", metavar="FILE", help="also write every game and the summary: FILE.csv or FILE.json")
    parser.add_argument("--save-dir", metavar="DIR", help="write each game as a normal save in DIR")
    parser.set_defaults(run=run)


def seats_from(text: str) -> dict[str, str]:
    """The bot of each capital; a human seat or a facilitator has no place in a simulation."""
    base = {role: "doctrine" for role in ROLES}
    base[FACILITATOR] = "off"
    try:
        seats = parse_seats(text, base)
    except ValueError as err:
        raise UserError(f"--seats: {err}") from None
    for role in ROLES:
        if seats[role] not in BOT_MAKERS:
            raise UserError(f"--seats: {role} must be a bot in a simulation ({', '.join(BOT_MAKERS)}), not {seats[role]}")
    if seats.get(FACILITATOR, "off") != "off":
        raise UserError("--seats: a simulation has no facilitator seat")
    return {role: seats[role] for role in ROLES}


def run(args: argparse.Namespace) -> int:
    if args.games < 1:
        raise UserError(f"--games must be at least 1, not {args.games}")
    check_jobs(args.jobs)
    if args.games > MAX_GAMES:
        raise UserError(f"--games must be at most {MAX_GAMES:,}, not {args.games:,} (run several batches with other --seed values)")
    if args.turns is not None and not 1 <= args.turns <= 40:
        raise UserError(f"--turns must be 1..40, not {args.turns}")
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".csv", ".json"):
        raise UserError(f"--out {args.out}: the file must end in .csv or .json")
    if out is not None:
        check_target(out, "--out", "the games")  # before the games, not after them
    seats = seats_from(args.seats)
    check_scenario(args.scenario)
    try:
        deck = load_deck(args.deck or args.scenario or DEFAULT_DECK)
    except DeckError as err:
        raise UserError(str(err)) from None
    save_dir = Path(args.save_dir) if args.save_dir else None
    if save_dir is not None:
        from ..saves import SaveError, check_folder  # deferred: the command line answers --help and bad flags without it

        try:
            check_folder(save_dir)
        except SaveError as err:
            raise UserError(f"--save-dir {err}") from None
        taken = [name for name in (f"{save_name(deck.id, args.seed + i)}.toml" for i in range(args.games)) if (save_dir / name).exists()]
        if taken:
            more = f" and {len(taken) - 1} more of this run's games" if len(taken) > 1 else ""
            raise UserError(f"--save-dir {save_dir}: it already holds {taken[0]}{more}; give another folder or another --seed (nothing was replaced)")
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    try:
        results = simulate(
            deck,
            games=args.games,
            seed=args.seed,
            seats=seats,
            jobs=args.jobs,
            turns=args.turns,
            save_dir=save_dir,
            progress=bar.update if bar else None,
        )
    finally:
        if bar is not None:
            bar.close()
    summary = summarise(results, deck, seed=args.seed, seats=seats)
    if out is not None:
        write_out(out, results, summary)
    print(format_summary(summary))
    return 0


def write_out(path: Path, results: list[GameResult], summary: dict[str, Any]) -> None:
    """One row per game (CSV), or the summary and the games (JSON)."""
    text = io.StringIO(newline="")
    write_games(text, results, summary, as_csv=path.suffix.lower() == ".csv")
    from ..saves import write_atomic  # deferred, as for --save-dir

    try:
        write_atomic(path, text.getvalue())  # the old file stays whole if this fails
    except OSError as err:
        raise UserError(f"--out {path}: cannot write it ({err.strerror or err})") from None


class ProgressBar:
    """A one-line bar redrawn in place on a terminal; the rate shown is for the eye only."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown = -1

    def update(self, done: int, total: int) -> None:
        percent = 100 * done // max(1, total)
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = self.WIDTH * done // max(1, total)
        elapsed = max(1e-9, time.monotonic() - self.started)
        rate = f"{done / elapsed:,.0f} games/s" if done else ""
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} {rate}  ")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * (self.WIDTH + 40) + "\r")
        self.stream.flush()
